import PDFDocument from 'pdfkit';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually, type ApiResponse } from '@ventanilla/testing/http-client.js';
import { Journeys } from '@ventanilla/testing/journeys.js';
import { SearchEngine } from '../apps/api/src/search/search-engine.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';

jest.setTimeout(180_000);

type Who = 'dea' | 'atf' | 'hub' | 'fgr' | 'sspc' | 'gans' | 'auditor' | 'admin';

interface Snippet {
  kind: string;
  text: string;
  highlights: Array<{ start: number; end: number }>;
}
interface Item {
  id: string;
  folio: string | null;
  match: { rank: number; snippets: Snippet[] };
}

/** A real PDF with a text layer, written by pdfkit (Helvetica: every Spanish letter is in its encoding). */
function pdfWith(lines: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const line of lines) doc.text(line);
    doc.addPage().text('Segunda página: sin novedades.');
    doc.end();
  });
}

function form(file: { data: Buffer; name: string }, fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([file.data]), file.name);
  return f;
}

describe(`search across the record (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  const c = {} as Record<Who, ApiClient>;
  let journeys: Journeys;

  beforeAll(async () => {
    sys = await startTestSystem();
    const login = (email: string) => ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD);
    [c.dea, c.atf, c.hub, c.fgr, c.sspc, c.gans, c.auditor, c.admin] = await Promise.all(
      [
        'liaison.dea@demo.test',
        'liaison.atf@demo.test',
        'hub@demo.test',
        'fgr@demo.test',
        'sspc@demo.test',
        'gans@demo.test',
        'auditor@demo.test',
        'admin@demo.test',
      ].map(login),
    );
    journeys = new Journeys({
      liaisons: { DEA: c.dea, ATF: c.atf },
      hub: c.hub,
      agencies: { 'FGR-INT': c.fgr, 'SSPC-SIIP': c.sspc },
    });
  });

  afterAll(async () => {
    await sys?.close();
  });

  const search = async (who: ApiClient, q: string, extra = ''): Promise<ApiResponse> => {
    const res = await who.get(`/api/requests?q=${encodeURIComponent(q)}${extra}`);
    expect(res.status).toBe(200);
    return res;
  };
  const ids = async (who: ApiClient, q: string, extra = ''): Promise<string[]> =>
    ((await search(who, q, extra)).body.items as Item[]).map((i) => i.id);
  const create = async (who: ApiClient, fields: Record<string, unknown>): Promise<string> => {
    const res = await who.post('/api/requests', newRequestBody(fields));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const ok = (res: ApiResponse, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  describe('language: accents, case and stems', () => {
    let spanish: string;
    let english: string;
    let unaccented: string;

    beforeAll(async () => {
      spanish = await create(c.dea, {
        language: 'es',
        title: 'Solicitud de EXTRADICIÓN por lavado de dinero',
        summary: 'Se solicita la extradición de una persona acusada de lavado de dinero mediante empresas fachada.',
      });
      english = await create(c.dea, {
        language: 'en',
        title: 'Extradition of a firearms trafficker',
        summary: 'Extradition is requested; the money was laundered through two shell companies.',
      });
      unaccented = await create(c.dea, {
        language: 'es',
        title: 'Operacion Tulipan en Michoacan',
        summary: 'Informe sin acentos sobre la operacion.',
      });
    });

    it('folds accents and case both ways: the query or the text may carry them', async () => {
      expect(await ids(c.dea, 'extradicion')).toContain(spanish);
      expect(await ids(c.dea, 'EXTRADICIÓN')).toContain(spanish);
      expect(await ids(c.dea, 'Extradición')).toContain(spanish);
      expect(await ids(c.dea, 'operación tulipán michoacán')).toEqual([unaccented]);
      expect(await ids(c.dea, 'OPERACION TULIPAN')).toEqual([unaccented]);
    });

    it('stems Spanish text as Spanish and English text as English', async () => {
      expect(await ids(c.dea, 'extradiciones')).toContain(spanish);
      expect(await ids(c.dea, 'acusadas')).toEqual([spanish]);
      expect(await ids(c.dea, 'extraditions')).toContain(english);
      expect(await ids(c.dea, 'laundering')).toEqual([english]);
      expect(await ids(c.dea, 'traffickers')).toEqual([english]);
    });

    it('keeps quoted phrases together and leaves out -excluded words', async () => {
      const other = await create(c.dea, {
        language: 'es',
        title: 'Dinero en efectivo',
        summary: 'El dinero fue asegurado; no hay indicios de lavado por ahora.',
      });
      const phrase = await ids(c.dea, '"lavado de dinero"');
      expect(phrase).toContain(spanish);
      expect(phrase).not.toContain(other);
      expect(await ids(c.dea, 'dinero lavado')).toEqual(expect.arrayContaining([spanish, other]));
      expect(await ids(c.dea, 'dinero lavado -fachada')).toEqual([other]);
      expect(await ids(c.dea, 'extradition -firearms')).not.toContain(english);
      expect(await ids(c.dea, '"shell companies" -trafficker')).toEqual([]);
    });

    it('ranks by relevance: a match in the title before a match in the summary', async () => {
      const inTitle = await create(c.dea, {
        language: 'en',
        title: 'Marimba smuggling ring',
        summary: 'Details follow.',
      });
      const inSummary = await create(c.dea, {
        language: 'en',
        title: 'Details of a ring',
        summary: 'A long summary that mentions marimba only once, near its end.',
      });
      expect(await ids(c.dea, 'marimba')).toEqual([inTitle, inSummary]);
      expect(await ids(c.dea, 'marimba', '&sort=newest')).toEqual([inSummary, inTitle]);
    });

    it('highlights the words that matched in a snippet', async () => {
      const res = await search(c.dea, 'extradicion');
      const item = (res.body.items as Item[]).find((i) => i.id === spanish)!;
      const [snippet] = item.match.snippets;
      expect(snippet.kind).toBe('request');
      const marked = snippet.highlights.map((h) => snippet.text.slice(h.start, h.end).toLowerCase());
      expect(marked).toContain('extradición');
      expect(item.match.rank).toBeGreaterThan(0);
    });
  });

  describe('people, places and folios', () => {
    let beltran: string;

    beforeAll(async () => {
      beltran = await create(c.dea, {
        language: 'es',
        title: 'Localización de un prófugo',
        summary: 'Se pide su domicilio actual.',
        subjects: [
          { kind: 'person', name: 'Joaquín Beltrán Ochoa', nationality: 'mexicana' },
          { kind: 'organization', name: 'Transportes Zúñiga S.A. de C.V.' },
        ],
        locations: ['Culiacán, Sinaloa'],
      });
    });

    it('finds a subject by name with or without accents, and by a name with one letter wrong', async () => {
      expect(await ids(c.dea, 'Beltran Ochoa')).toEqual([beltran]);
      expect(await ids(c.dea, 'joaquín beltrán')).toEqual([beltran]);
      expect(await ids(c.dea, 'Beltram Ochoa')).toEqual([beltran]);
      expect(await ids(c.dea, 'Joaquin Ochao')).toEqual([beltran]);
      expect(await ids(c.dea, 'Transportes Zuniga')).toEqual([beltran]);
      // A mistyped name ranks below an exact one.
      const exact = await search(c.dea, 'Beltran');
      const typo = await search(c.dea, 'Beltram');
      expect((typo.body.items as Item[])[0].match.rank).toBeLessThan((exact.body.items as Item[])[0].match.rank);
    });

    it('finds subjects by nationality and requests by place', async () => {
      expect(await ids(c.dea, 'mexicana prófugo')).toEqual([beltran]);
      expect(await ids(c.dea, 'culiacan')).toEqual([beltran]);
    });

    it('finds a request by its folio, whole or its start', async () => {
      const folio = await eventually(async () => (await c.dea.get(`/api/requests/${beltran}`)).body.folio as string);
      expect(await ids(c.dea, folio)).toEqual([beltran]);
      expect(await ids(c.dea, folio.toLowerCase())).toEqual([beltran]);
      const prefix = folio.slice(0, folio.length - 2);
      const found = (await search(c.dea, prefix)).body.items as Item[];
      expect(found.map((i) => i.id)).toContain(beltran);
      expect(found.every((i) => i.folio?.startsWith(prefix))).toBe(true);
    });
  });

  describe('files', () => {
    it('finds the text of a PDF and of a plain-text file once the job has read them; an unreadable file is just not searchable', async () => {
      const id = await create(c.dea, { draft: true, title: 'Anexos', summary: 'Con anexos.' });
      const pdf = await pdfWith(['Constancia de hechos: el buque Estrella del Pacífico zarpó de Manzanillo.']);
      ok(
        await c.dea.sendForm('POST', `/api/requests/${id}/attachments`, form({ data: pdf, name: 'constancia.pdf' })),
        'pdf',
      );
      ok(
        await c.dea.sendForm(
          'POST',
          `/api/requests/${id}/attachments`,
          form(
            { data: Buffer.from('Bitácora de aduana: contenedor MSCU-4471 revisado.\n'), name: 'bitacora.txt' },
            {
              description: 'Registro de la aduana de Lázaro Cárdenas',
            },
          ),
        ),
        'text',
      );
      // A PDF whose body is damaged: sniffed as PDF, refused by the reader.
      const broken = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x7a)]);
      ok(
        await c.dea.sendForm('POST', `/api/requests/${id}/attachments`, form({ data: broken, name: 'dañado.pdf' })),
        'broken',
      );

      // The file name and description are searchable at once.
      expect(await ids(c.dea, 'bitacora')).toEqual([id]);
      expect(await ids(c.dea, 'lazaro cardenas')).toEqual([id]);
      await eventually(async () => (await ids(c.dea, 'estrella pacifico zarpó')).includes(id), 60_000, 200);
      await eventually(async () => (await ids(c.dea, 'contenedor revisado')).includes(id), 60_000, 200);
      const statuses = await eventually(async () => {
        const rows = await sys.db.dataSource.query<Array<{ filename: string; status: string }>>(
          `SELECT a.filename, x.status FROM attachments a JOIN attachment_texts x ON x.attachment_id = a.id
            WHERE a.request_id = $1 ORDER BY a.filename`,
          [id],
        );
        return rows.length === 3 ? rows : null;
      }, 60_000);
      expect(statuses).toEqual([
        { filename: 'bitacora.txt', status: 'extracted' },
        { filename: 'constancia.pdf', status: 'extracted' },
        { filename: 'dañado.pdf', status: 'unreadable' },
      ]);
      const snippet = ((await search(c.dea, 'zarpó')).body.items as Item[])[0].match.snippets[0];
      expect(snippet.kind).toBe('attachment');
      expect(snippet.text).toContain('Manzanillo');
      // Nobody else sees a draft's files, nor finds them.
      expect(await ids(c.hub, 'zarpó')).toEqual([]);
      expect(await ids(c.atf, 'bitacora')).toEqual([]);
    });
  });

  /**
   * One request of DEA routed to FGR-INT (lead) and SSPC-SIIP (support), with a unique word in each kind of text,
   * and a request of ATF; every role searches every word, before and after the reply is released.
   */
  describe('need-to-know: who finds what, and what snippets show', () => {
    const W = {
      request: 'quimera',
      clarification: 'azafran',
      agencyQuestion: 'berenjena',
      fgrAnswer: 'cormoran',
      sspcAnswer: 'ornitorrinco',
      translation: 'kingfisher',
      requestFile: 'alcachofa',
      fgrFile: 'zarzamora',
      sspcFile: 'mandragora',
      hubNote: 'tamarindo',
      reply: 'guanabana',
      otherAgency: 'pelicano',
      authorization: 'jacaranda',
    } as const;
    type Word = keyof typeof W;
    let deaRequest: string;
    let atfRequest: string;
    let gansRequest: string;
    let fgrAnswerId: string;
    let fgrFileId: string;

    const upload = async (
      who: ApiClient,
      id: string,
      name: string,
      text: string,
      fields: Record<string, string> = {},
    ) =>
      ok(
        await who.sendForm('POST', `/api/requests/${id}/attachments`, form({ data: Buffer.from(text), name }, fields)),
        `upload ${name}`,
      ) as { id: string };

    beforeAll(async () => {
      deaRequest = await create(c.dea, {
        draft: true,
        language: 'es',
        title: `Solicitud ${W.request} compartida`,
        summary: 'Texto común: cobalto.',
      });
      atfRequest = await create(c.atf, {
        language: 'es',
        title: `Solicitud de otra agencia ${W.otherAgency}`,
        summary: 'Texto común: cobalto.',
      });
      gansRequest = (
        await journeys.requestIn('DEA', 'awaiting_authorization', {
          needsAuthorization: true,
          fields: { title: `Operación conjunta ${W.authorization}`, summary: 'Texto común: cobalto.' },
        })
      ).id;
      await upload(c.dea, deaRequest, `${W.requestFile}.txt`, 'Anexo del solicitante; cobalto.');
      ok(await c.dea.post(`/api/requests/${deaRequest}/actions/submit`, { version: 1 }), 'submit');
      let r = await journeys.inStatus(deaRequest, 'registered');
      r = ok(
        await c.hub.post(`/api/requests/${deaRequest}/actions/claim`, { version: r.version }),
        'claim',
      ) as typeof r;
      r = ok(
        await c.hub.post(`/api/requests/${deaRequest}/actions/request_clarification`, {
          version: r.version,
          reason: `¿Qué puerto? ${W.clarification}`,
        }),
        'ask',
      ) as typeof r;
      r = ok(
        await c.dea.post(`/api/requests/${deaRequest}/actions/answer_clarification`, {
          version: r.version,
          reason: 'El puerto de Manzanillo; cobalto.',
        }),
        'answer',
      ) as typeof r;
      ok(
        await c.hub.post(`/api/requests/${deaRequest}/actions/route`, {
          version: r.version,
          lead: 'FGR-INT',
          support: ['SSPC-SIIP'],
          reason: 'Both agencies hold part of the answer.',
        }),
        'route',
      );
      const assignments = await journeys.assignmentsOf(deaRequest, 2);
      const fgr = assignments.find((a) => a.agency === 'FGR-INT')!;
      const sspc = assignments.find((a) => a.agency === 'SSPC-SIIP')!;
      let fa = ok(await c.fgr.post(`/api/assignments/${fgr.id}/actions/accept`, { version: fgr.version }), 'accept');
      fa = ok(
        await c.fgr.post(`/api/assignments/${fgr.id}/actions/request_clarification`, {
          version: fa.version,
          reason: `Pregunta de la fiscalía: ${W.agencyQuestion}`,
        }),
        'fgr asks',
      );
      fa = ok(
        await c.hub.post(`/api/assignments/${fgr.id}/actions/answer_clarification`, {
          version: fa.version,
          reason: 'Respuesta del hub; cobalto.',
        }),
        'hub answers',
      );
      fgrFileId = (
        await upload(c.fgr, deaRequest, `${W.fgrFile}.txt`, 'Evidencia de la fiscalía; cobalto.', {
          context: 'answer',
          assignmentId: fgr.id,
        })
      ).id;
      ok(
        await c.fgr.post(`/api/assignments/${fgr.id}/actions/respond`, {
          version: fa.version,
          reason: `Respuesta de la fiscalía: ${W.fgrAnswer}; cobalto.`,
        }),
        'fgr responds',
      );
      const sa = ok(
        await c.sspc.post(`/api/assignments/${sspc.id}/actions/accept`, { version: sspc.version }),
        'accept',
      );
      await upload(c.sspc, deaRequest, `${W.sspcFile}.txt`, 'Evidencia de seguridad; cobalto.', {
        context: 'answer',
        assignmentId: sspc.id,
      });
      ok(
        await c.sspc.post(`/api/assignments/${sspc.id}/actions/respond`, {
          version: sa.version,
          reason: `Respuesta de seguridad: ${W.sspcAnswer}; cobalto.`,
        }),
        'sspc responds',
      );
      await upload(c.hub, deaRequest, `${W.hubNote}.txt`, 'Nota interna del hub; cobalto.', { context: 'note' });
      fgrAnswerId = (
        ok(await c.fgr.get(`/api/assignments/${fgr.id}`), 'fgr assignment').responses as Array<{ id: string }>
      )[0].id;
      ok(
        await c.hub.post(`/api/requests/${deaRequest}/translations`, {
          of: { kind: 'answer', id: fgrAnswerId },
          language: 'en',
          text: `Answer of the prosecutor's office: ${W.translation}; cobalt.`,
        }),
        'translate',
      );
      await journeys.inStatus(deaRequest, 'responses_received');
    });

    /** Who finds each word (by its request) before the reply is released. */
    const BEFORE: Record<Word, Who[]> = {
      request: ['dea', 'hub', 'fgr', 'sspc', 'auditor'],
      clarification: ['dea', 'hub', 'fgr', 'sspc', 'auditor'],
      agencyQuestion: ['hub', 'fgr', 'auditor'],
      fgrAnswer: ['hub', 'fgr', 'auditor'],
      sspcAnswer: ['hub', 'sspc', 'auditor'],
      translation: ['hub', 'fgr', 'auditor'],
      requestFile: ['dea', 'hub', 'fgr', 'sspc', 'auditor'],
      fgrFile: ['hub', 'fgr', 'auditor'],
      sspcFile: ['hub', 'sspc', 'auditor'],
      hubNote: ['hub', 'auditor'],
      reply: [],
      otherAgency: ['atf', 'hub', 'auditor'],
      authorization: ['dea', 'hub', 'gans', 'auditor'],
    };
    /** After the hub released the reply with FGR-INT's answer and file (not SSPC-SIIP's). */
    const AFTER: Record<Word, Who[]> = {
      ...BEFORE,
      fgrAnswer: ['dea', 'hub', 'fgr', 'auditor'],
      translation: ['dea', 'hub', 'fgr', 'auditor'],
      fgrFile: ['dea', 'hub', 'fgr', 'auditor'],
      reply: ['dea', 'hub', 'auditor'],
    };
    const EVERYONE: Who[] = ['dea', 'atf', 'hub', 'fgr', 'sspc', 'gans', 'auditor', 'admin'];
    const requestOf = (w: Word) =>
      w === 'otherAgency' ? atfRequest : w === 'authorization' ? gansRequest : deaRequest;

    /** Every role searches every word: found exactly where allowed, and a found word is in a snippet. */
    async function checkMatrix(table: Record<Word, Who[]>): Promise<void> {
      const failures: string[] = [];
      for (const who of EVERYONE) {
        for (const word of Object.keys(W) as Word[]) {
          const res = await c[who].get(`/api/requests?q=${W[word]}`);
          const items = (res.status === 200 ? res.body.items : []) as Item[];
          const shouldFind = table[word].includes(who);
          const found = items.some((i) => i.id === requestOf(word));
          if (who === 'admin') {
            if (res.status !== 403) failures.push(`admin searching ${word}: ${res.status}`);
            continue;
          }
          if (found !== shouldFind) failures.push(`${who} ${shouldFind ? 'misses' : 'finds'} ${word}`);
          if (!shouldFind && items.length > 0)
            failures.push(`${who} gets ${items.length} result(s) for hidden ${word}`);
          if (found && !items[0].match.snippets.some((s) => s.text.toLowerCase().includes(W[word]))) {
            failures.push(`${who} finds ${word} without a snippet showing it`);
          }
          for (const s of items.flatMap((i) => i.match.snippets)) {
            for (const other of Object.keys(W) as Word[]) {
              if (s.text.toLowerCase().includes(W[other]) && !table[other].includes(who)) {
                failures.push(`${who} searching ${word} sees ${other} in a ${s.kind} snippet`);
              }
            }
          }
        }
      }
      expect(failures).toEqual([]);
    }

    /** A word every text carries: whatever the role, its snippets show only words it may read. */
    async function checkSnippets(table: Record<Word, Who[]>): Promise<void> {
      const failures: string[] = [];
      for (const who of EVERYONE.filter((w) => w !== 'admin')) {
        const res = await c[who].get(`/api/requests?q=cobalto`);
        for (const item of res.body.items as Item[]) {
          for (const s of item.match.snippets) {
            for (const word of Object.keys(W) as Word[]) {
              if (s.text.toLowerCase().includes(W[word]) && !table[word].includes(who)) {
                failures.push(`${who} sees ${word} in a ${s.kind} snippet`);
              }
            }
          }
        }
      }
      expect(failures).toEqual([]);
    }

    it('before the reply: each role finds only what it may read, and a search matching only hidden text finds nothing', async () => {
      await eventually(
        async () => (await ids(c.hub, W.fgrFile)).length === 1 && (await ids(c.hub, W.sspcFile)).length === 1,
        60_000,
        200,
      );
      await checkMatrix(BEFORE);
      await checkSnippets(BEFORE);
      // Hidden matches leave no trace in the page either.
      const hidden = await search(c.sspc, `${W.fgrAnswer} ${W.request}`);
      expect(hidden.body).toEqual({ items: [], nextCursor: null });
      const hiddenOr = await search(c.dea, `${W.sspcAnswer} or ${W.hubNote} or ${W.fgrAnswer}`);
      expect(hiddenOr.body).toEqual({ items: [], nextCursor: null });
    });

    it('after the reply: the requester finds the reply and what was released with it, nothing else', async () => {
      const current = await journeys.inStatus(deaRequest, 'responses_received');
      ok(
        await c.hub.post(`/api/requests/${deaRequest}/actions/release_response`, {
          version: current.version,
          response: `Respuesta consolidada ${W.reply}; cobalto.`,
          answerIds: [fgrAnswerId],
          attachmentIds: [fgrFileId],
        }),
        'release',
      );
      await checkMatrix(AFTER);
      await checkSnippets(AFTER);
    });

    it('finds the same, in the same order, whichever way the matches are looked for (index, own requests, newest first)', async () => {
      const users = await sys.db.dataSource.query<
        Array<{ id: string; email: string; role: string; agency: string | null }>
      >(`SELECT id, email, role, agency FROM users`);
      const emails: Record<Exclude<Who, 'admin'>, string> = {
        dea: 'liaison.dea@demo.test',
        atf: 'liaison.atf@demo.test',
        hub: 'hub@demo.test',
        fgr: 'fgr@demo.test',
        sspc: 'sspc@demo.test',
        gans: 'gans@demo.test',
        auditor: 'auditor@demo.test',
      };
      const exec = (sql: string, values: unknown[]) => sys.db.dataSource.query<unknown[]>(sql, values);
      const engines = {
        index: new SearchEngine(exec, { indexDrivenMax: Infinity, scopeFirstMax: -1 }),
        scope: new SearchEngine(exec, { indexDrivenMax: -1, scopeFirstMax: Infinity }),
        newest: new SearchEngine(exec, { indexDrivenMax: -1, scopeFirstMax: -1 }),
      };
      const failures: string[] = [];
      for (const [who, email] of Object.entries(emails)) {
        const u = users.find((x) => x.email === email)!;
        const viewer = { id: u.id, role: u.role as never, agency: u.agency };
        for (const q of [...Object.values(W), 'cobalto', 'cobalto -quimera', 'respuesta or anexo']) {
          for (const sort of ['relevance', 'newest'] as const) {
            const answers = await Promise.all(
              Object.values(engines).map((e) => e.search(viewer, { q, sort, limit: 3 } as never)),
            );
            const [index, ...others] = answers.map((a) => JSON.stringify(a.page.map((p) => [p.id, p.match])));
            others.forEach(
              (o, i) => o !== index && failures.push(`${who} ${q} ${sort}: ${Object.keys(engines)[i + 1]} differs`),
            );
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('filters a search like the list: status, type, topic, requesting agency, dates', async () => {
      expect(await ids(c.hub, 'cobalto', '&agency=ATF')).toEqual([atfRequest]);
      expect(await ids(c.hub, 'cobalto', '&status=response_sent')).toEqual([deaRequest]);
      expect(await ids(c.hub, 'cobalto', '&topic=firearms&type=coordinated_operation')).toEqual([gansRequest]);
      const future = new Date(Date.now() + 86_400_000).toISOString();
      expect(await ids(c.hub, 'cobalto', `&from=${future}`)).toEqual([]);
      expect((await ids(c.hub, 'cobalto', `&to=${future}`)).length).toBe(3);
    });
  });

  describe('the list without q, and bad input', () => {
    it('pages a search with its cursor, each request once', async () => {
      const made = [];
      for (let i = 0; i < 7; i++) made.push(await create(c.atf, { title: `Paginado ${i}`, summary: 'palabra pagina' }));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: ApiResponse = await search(c.atf, 'paginado', `&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...(res.body.items as Item[]).map((i) => i.id));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(seen.sort()).toEqual(made.sort());
    });

    it('refuses a sort by relevance without q, and a bad cursor', async () => {
      expect((await c.dea.get('/api/requests?sort=relevance')).status).toBe(400);
      expect((await c.dea.get('/api/requests?q=x&cursor=nonsense')).status).toBe(400);
    });

    it('answers an empty page to a text with nothing to look for', async () => {
      expect((await search(c.dea, 'the of and')).body).toEqual({ items: [], nextCursor: null });
      expect((await search(c.dea, '""')).body).toEqual({ items: [], nextCursor: null });
    });
  });
});
