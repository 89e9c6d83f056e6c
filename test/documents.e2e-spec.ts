import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import { Journeys } from '@ventanilla/testing/journeys.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { expectProblem, fieldErrors } from './support/problem.js';

jest.setTimeout(120_000);

const FGR_ANSWER =
  'Se localizaron los tres registros en el SIIP; la pistola núm. 2 ya había sido asegurada — año 2026.';
const SSPC_ANSWER = 'Sin antecedentes en el Registro Nacional de Detenciones.';
const FGR_TRANSLATION = 'The three entries were found in SIIP; pistol no. 2 had already been seized — year 2026.';

/**
 * The official documents (issue 11): the record and the reply as PDF, built only from what the caller may see,
 * their text extracted as a reader's copy-and-paste would find it; and SRE-SSAN's translations beside the
 * originals, never replacing them.
 */
describe(`official documents and translations (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  const c = {} as Record<'dea' | 'deaEs' | 'atf' | 'hub' | 'hubEs' | 'fgr' | 'sspc' | 'gans' | 'auditor', ApiClient>;
  let dir: string;
  let requestId = '';
  let folio = '';
  let fgrAnswerId = '';
  let sspcAnswerId = '';
  const files: Record<string, { id: string; sha256: string }> = {};

  /** The text of a PDF, as pdfjs reads it. */
  const pdfText = async (
    client: ApiClient,
    url: string,
  ): Promise<{ status: number; text: string; title: string | null }> => {
    const res = await client.fetchRaw(url);
    if (res.status !== 200) return { status: res.status, text: '', title: null };
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const out = JSON.parse(
      execFileSync(process.execPath, ['test/support/pdf-text.mjs', file], { encoding: 'utf8' }),
    ) as {
      pages: string[];
      title: string | null;
    };
    // Lines wrap where the page ends: compare with white space folded.
    return { status: 200, text: out.pages.join('\n').replace(/\s+/g, ' '), title: out.title };
  };
  const upload = (client: ApiClient, file: string, data: Buffer, fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    f.append('file', new Blob([data]), file);
    return client.sendForm('POST', `/api/requests/${requestId}/attachments`, f);
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ventanilla-pdf-'));
    sys = await startTestSystem();
    const login = (email: string, language: 'en' | 'es' = 'en') =>
      ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD, language);
    c.dea = await login('liaison.dea@demo.test');
    c.deaEs = await login('liaison.dea@demo.test', 'es');
    c.atf = await login('liaison.atf@demo.test');
    c.hub = await login('hub@demo.test');
    c.hubEs = await login('hub@demo.test', 'es');
    c.fgr = await login('fgr@demo.test');
    c.sspc = await login('sspc@demo.test');
    c.gans = await login('gans@demo.test');
    c.auditor = await login('auditor@demo.test');
    const journeys = new Journeys({
      liaisons: { DEA: c.dea },
      hub: c.hub,
      agencies: { 'FGR-INT': c.fgr, 'SSPC-SIIP': c.sspc },
    });

    // An English request, routed to FGR-INT (lead) and SSPC-SIIP (support), who answer in Spanish with a file each.
    const routed = await journeys.requestIn('DEA', 'routed', {
      lead: 'FGR-INT',
      support: ['SSPC-SIIP'],
      fields: { title: 'Serial numbers of three pistols seized in Nogales', classification: 'UNCLASSIFIED//LES' },
    });
    requestId = routed.id;
    for (const [agency, client, answer, name] of [
      ['FGR-INT', c.fgr, FGR_ANSWER, 'dictamen-balístico.pdf'],
      ['SSPC-SIIP', c.sspc, SSPC_ANSWER, 'constancia-sspc.txt'],
    ] as const) {
      const data = name.endsWith('.pdf')
        ? Buffer.from('%PDF-1.4\n%%EOF\n')
        : Buffer.from('Constancia de no antecedentes.\n');
      const up = await upload(client, name, data, { context: 'answer', assignmentId: routed.assignments[agency] });
      expect(up.status).toBe(201);
      files[agency] = { id: up.body.id, sha256: up.body.sha256 };
      const a = (await client.get(`/api/assignments/${routed.assignments[agency]}`)).body;
      const acc = (await client.post(`/api/assignments/${a.id}/actions/accept`, { version: a.version })).body;
      expect(
        (await client.post(`/api/assignments/${a.id}/actions/respond`, { version: acc.version, reason: answer }))
          .status,
      ).toBe(200);
    }
    [{ id: fgrAnswerId }, { id: sspcAnswerId }] = await Promise.all(
      ['FGR-INT', 'SSPC-SIIP'].map(async (agency) => {
        const [row] = await sys.db.dataSource.query<Array<{ id: string }>>(
          `SELECT id FROM assignment_responses WHERE request_id = $1 AND agency = $2`,
          [requestId, agency],
        );
        return row;
      }),
    );
    folio = (await c.hub.get(`/api/requests/${requestId}`)).body.folio as string;
    await journeys.inStatus(requestId, 'responses_received');
  });

  afterAll(async () => {
    await sys?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('translations', () => {
    it('lets only the hub add one, of an original of this request, audited and beside the original', async () => {
      const added = await c.hub.post(`/api/requests/${requestId}/translations`, {
        of: { kind: 'answer', id: fgrAnswerId },
        language: 'en',
        text: FGR_TRANSLATION,
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({
        requestId,
        of: { kind: 'answer', id: fgrAnswerId },
        language: 'en',
        text: FGR_TRANSLATION,
        translatedBy: { role: 'hub_coordinator', agency: 'SRE-SSAN' },
      });
      const sspcTranslation = await c.hub.post(`/api/requests/${requestId}/translations`, {
        of: { kind: 'answer', id: sspcAnswerId },
        language: 'en',
        text: 'No record in the national register of arrests.',
      });
      expect(sspcTranslation.status).toBe(201);
      // The original is untouched.
      const [original] = await sys.db.dataSource.query<Array<{ text: string }>>(
        `SELECT text FROM assignment_responses WHERE id = $1`,
        [fgrAnswerId],
      );
      expect(original.text).toBe(FGR_ANSWER);

      for (const client of [c.dea, c.fgr, c.gans, c.auditor]) {
        const res = await client.post(`/api/requests/${requestId}/translations`, {
          of: { kind: 'request', id: requestId },
          language: 'es',
          text: 'x',
        });
        expect(res.status).toBe(403);
      }
      const wrong = await c.hub.post(`/api/requests/${requestId}/translations`, {
        of: { kind: 'answer', id: requestId },
        language: 'en',
        text: 'x',
      });
      expectProblem(wrong, 400, 'VALIDATION.FAILED');
      expect(fieldErrors(wrong)).toEqual({ 'of.id': 'invalid' });
      const events = await sys.db.dataSource.query<unknown[]>(
        `SELECT 1 FROM audit_events WHERE action = 'translation.add'`,
      );
      expect(events).toHaveLength(2);
    });

    it('is read by exactly those who may read what it translates', async () => {
      const kinds = async (client: ApiClient) => {
        const res = await client.get(`/api/requests/${requestId}/translations`);
        return res.status === 200
          ? (res.body.items as Array<{ of: { id: string } }>).map((t) => t.of.id).sort()
          : res.status;
      };
      expect(await kinds(c.hub)).toEqual([fgrAnswerId, sspcAnswerId].sort());
      expect(await kinds(c.fgr)).toEqual([fgrAnswerId]);
      expect(await kinds(c.sspc)).toEqual([sspcAnswerId]);
      // The requester reads an agency answer only once the reply carries it.
      expect(await kinds(c.dea)).toEqual([]);
      expect(await kinds(c.atf)).toBe(404);
    });
  });

  describe('the record as PDF', () => {
    it('holds every field, the files with their SHA-256, the history, and the stamp with the audit chain head', async () => {
      const { status, text, title } = await pdfText(c.hub, `/api/requests/${requestId}/record.pdf`);
      expect(status).toBe(200);
      expect(title).toBe(`Record of the request ${folio}`);
      for (const expected of [
        'Record of the request',
        folio,
        'Serial numbers of three pistols seized in Nogales',
        'Fictitious: registry entries for three firearms seized in Sonora.',
        'UNCLASSIFIED//LES',
        'FGR-INT',
        'SSPC-SIIP',
        'dictamen-balístico.pdf',
        files['FGR-INT'].sha256,
        files['SSPC-SIIP'].sha256,
        'request.route',
        'hub@demo.test (hub_coordinator)',
      ])
        expect([expected, text.includes(expected) ? true : text]).toEqual([expected, true]);
      // The head it cites is the one the audit trail recorded for this issue.
      const [issued] = await sys.db.dataSource.query<
        Array<{ details: { chainHead: { seq: string; hash: string } | null } }>
      >(`SELECT details FROM audit_events WHERE action = 'document.record_issued' ORDER BY occurred_at DESC LIMIT 1`);
      const head = issued.details.chainHead;
      expect(head).not.toBeNull();
      expect(text).toContain(`sequence ${head!.seq}, head ${head!.hash}`);
      const [sealed] = await sys.db.dataSource.query<Array<{ hash: string }>>(
        `SELECT encode(hash, 'hex') AS hash FROM audit_chain WHERE seq = $1`,
        [head!.seq],
      );
      expect(sealed.hash).toBe(head!.hash);
    });

    it('is in the caller’s language with every accent right, and shows each party only what it may see', async () => {
      const es = await pdfText(c.hubEs, `/api/requests/${requestId}/record.pdf`);
      for (const expected of [
        'Expediente de la solicitud',
        'Dependencia solicitante',
        'Clasificación',
        'Código de manejo',
        'Subsecretaría para América del Norte',
      ])
        expect([expected, es.text.includes(expected)]).toEqual([expected, true]);
      // The requester: no agency is named before the reply (NS-1), no agency's file.
      const dea = await pdfText(c.dea, `/api/requests/${requestId}/record.pdf`);
      expect(dea.text).toContain(folio);
      for (const hidden of ['FGR-INT', 'SSPC-SIIP', 'dictamen-balístico.pdf', FGR_ANSWER.slice(0, 30)])
        expect([hidden, dea.text.includes(hidden)]).toEqual([hidden, false]);
      // One agency: its own file and assignment, never the other's.
      const fgr = await pdfText(c.fgr, `/api/requests/${requestId}/record.pdf`);
      expect(fgr.text).toContain('dictamen-balístico.pdf');
      expect(fgr.text).not.toContain('constancia-sspc.txt');
      expect(fgr.text).not.toContain(files['SSPC-SIIP'].sha256);
      // Outside the scope: 404.
      expect((await pdfText(c.atf, `/api/requests/${requestId}/record.pdf`)).status).toBe(404);
      expect((await pdfText(c.gans, `/api/requests/${requestId}/record.pdf`)).status).toBe(404);
    });
  });

  describe('the reply as PDF', () => {
    it('is there for nobody before the reply is released', async () => {
      for (const client of [c.dea, c.hub, c.fgr])
        expect((await pdfText(client, `/api/requests/${requestId}/reply.pdf`)).status).toBe(404);
    });

    it('is SRE-SSAN’s letter in the requester’s language, each answer attributed with its translation below, and the released files', async () => {
      const r = (await c.hub.get(`/api/requests/${requestId}`)).body;
      const released = await c.hub.post(`/api/requests/${requestId}/actions/release_response`, {
        version: r.version,
        response: 'Both agencies consulted answered; their answers follow.',
        attachmentIds: [files['FGR-INT'].id],
      });
      expect(released.status).toBe(200);
      const letter = await pdfText(c.dea, `/api/requests/${requestId}/reply.pdf`);
      expect(letter.status).toBe(200);
      const { text } = letter;
      for (const expected of [
        'Ministry of Foreign Affairs of Mexico',
        folio,
        'Both agencies consulted answered; their answers follow.',
        'Answer of FGR-INT (lead)',
        FGR_ANSWER,
        'Translation by SRE-SSAN',
        FGR_TRANSLATION,
        'Answer of SSPC-SIIP (support)',
        SSPC_ANSWER,
        'Files released with this reply',
        'dictamen-balístico.pdf',
        files['FGR-INT'].sha256,
      ])
        expect([expected, text.includes(expected) ? true : text]).toEqual([expected, true]);
      // The answer file the hub did not release is not in the letter.
      expect(text).not.toContain(files['SSPC-SIIP'].sha256);
      // The requester now reads the translations of the answers the reply carries.
      const translations = await c.dea.get(`/api/requests/${requestId}/translations`);
      expect(translations.body.items).toHaveLength(2);
      // Agencies and GANS never read the reply.
      for (const client of [c.fgr, c.sspc, c.gans, c.atf])
        expect((await pdfText(client, `/api/requests/${requestId}/reply.pdf`)).status).toBe(404);
      expect((await pdfText(c.auditor, `/api/requests/${requestId}/reply.pdf`)).status).toBe(200);
      await eventually(async () => {
        const rows = await sys.db.dataSource.query<unknown[]>(
          `SELECT 1 FROM audit_events WHERE action = 'document.reply_issued'`,
        );
        return rows.length >= 2;
      });
    });
  });
});
