import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import { Journeys } from '@ventanilla/testing/journeys.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { RetentionService } from '../apps/worker/src/retention/retention.service.js';
import { expectProblem, fieldErrors } from './support/problem.js';

jest.setTimeout(120_000);

const MAX_BYTES = 1024 * 1024;
const MAX_FILES = 8;

/** Small real files of each kind, built in memory. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);
const DOCX = Buffer.from(
  zipSync({
    '[Content_Types].xml': Buffer.from(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    'word/document.xml': Buffer.from('<w:document/>'),
  }),
);
const TEXT = Buffer.from('Informe de decomiso — Tijuana, año 2026.\nSin novedades.\n');
const bytes = (n: number, fill = 0x41) => Buffer.alloc(n, fill);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function form(parts: Array<[string, string | { data: Buffer; name: string; type?: string }]>): FormData {
  const f = new FormData();
  for (const [name, value] of parts) {
    if (typeof value === 'string') f.append(name, value);
    else f.append(name, new Blob([value.data], { type: value.type ?? 'application/octet-stream' }), value.name);
  }
  return f;
}

describe(`attachments (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  const c = {} as Record<'dea' | 'atf' | 'hub' | 'fgr' | 'sspc' | 'gans' | 'auditor' | 'admin', ApiClient>;
  let journeys: Journeys;
  const q = <T>(sql: string, params: unknown[] = []) => sys.db.dataSource.query<T>(sql, params);

  beforeAll(async () => {
    sys = await startTestSystem({
      env: { ATTACHMENT_MAX_BYTES: String(MAX_BYTES), ATTACHMENT_MAX_FILES: String(MAX_FILES) },
    });
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

  const upload = (
    client: ApiClient,
    requestId: string,
    file: { data: Buffer; name: string; type?: string },
    fields: Record<string, string> = {},
  ) =>
    client.sendForm(
      'POST',
      `/api/requests/${requestId}/attachments`,
      form([...Object.entries(fields), ['file', file]]),
    );
  const draft = async (client = c.dea) => {
    const res = await client.post('/api/requests', newRequestBody({ draft: true }));
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  };
  const blobCount = async () => (await q<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM attachment_blobs`))[0].n;
  const rowCount = async () => (await q<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM attachments`))[0].n;

  describe('upload and download', () => {
    it('stores the bytes with their SHA-256 and sniffed type, and gives back the same bytes with the headers a careful client needs', async () => {
      const d = await draft();
      const name = 'Nota diplomática Nº 12 «urgente».pdf';
      // The declared type and a misleading name are not believed: the bytes say PDF.
      const res = await upload(
        c.dea,
        d.id,
        { data: PDF, name, type: 'image/png' },
        { description: 'La nota original.' },
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        requestId: d.id,
        context: 'request',
        assignmentId: null,
        filename: name,
        contentType: 'application/pdf',
        size: PDF.length,
        sha256: sha256(PDF),
        handlingCode: 'H1',
        description: 'La nota original.',
        uploadedBy: { role: 'liaison', agency: 'DEA' },
        uploadedAt: expect.any(String),
        releasedAt: null,
        withdrawn: null,
      });
      const got = await c.dea.fetchRaw(`/api/attachments/${res.body.id}/content`);
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer())).toEqual(PDF);
      expect(got.headers.get('content-type')).toBe('application/pdf');
      expect(got.headers.get('content-length')).toBe(String(PDF.length));
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.headers.get('cache-control')).toBe('no-store');
      expect(got.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(PDF).digest('base64')}:`);
      const disposition = got.headers.get('content-disposition')!;
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe(name);

      for (const [data, type] of [
        [PNG, 'image/png'],
        [DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
        [TEXT, 'text/plain; charset=utf-8'],
      ] as const) {
        const r = await upload(c.dea, d.id, { data, name: 'no-extension' });
        expect([r.status, r.body.contentType]).toEqual([201, type]);
      }
    });

    it('streams a file of the largest size through and back intact', async () => {
      const d = await draft();
      const big = Buffer.alloc(MAX_BYTES);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) % 251;
      // Not text, not a known kind: made a PDF by its first bytes.
      PDF.copy(big, 0, 0, 8);
      const res = await upload(c.dea, d.id, { data: big, name: 'scan.pdf' });
      expect(res.status).toBe(201);
      const got = await c.dea.fetchRaw(`/api/attachments/${res.body.id}/content`);
      expect(sha256(Buffer.from(await got.arrayBuffer()))).toBe(sha256(big));
    });
  });

  describe('bad input gets a clear answer and leaves nothing behind', () => {
    it.each([
      [
        'a Linux executable',
        Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), bytes(200, 0)]),
        'a Linux executable',
      ],
      ['a Windows executable', Buffer.concat([Buffer.from('MZ'), bytes(300, 0)]), 'a Windows executable'],
      ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'a script (#!)'],
      [
        'HTML',
        Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'),
        'markup that can carry scripts (HTML, SVG or XML)',
      ],
      [
        'SVG',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'markup that can carry scripts (HTML, SVG or XML)',
      ],
      [
        'a ZIP hiding an executable',
        Buffer.from(zipSync({ 'setup.exe': Buffer.concat([Buffer.from('MZ'), bytes(300, 0)]) })),
        'a ZIP archive',
      ],
      [
        'a Java archive',
        Buffer.from(zipSync({ 'META-INF/MANIFEST.MF': Buffer.from('Manifest-Version: 1.0\n') })),
        'a Java archive',
      ],
      ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]), 'a gzip archive'],
      ['binary of no known kind', Buffer.from([0, 1, 2, 3, 250, 251, 252, 0, 9]), 'binary data of an unknown kind'],
    ])('refuses %s with 415 naming what was found', async (_, data, found) => {
      const d = await draft();
      const [rows, blobs] = [await rowCount(), await blobCount()];
      const res = await upload(c.dea, d.id, { data, name: 'innocent.pdf', type: 'application/pdf' });
      expectProblem(res, 415, 'ATTACHMENT.TYPE_REFUSED');
      expect(res.body.params ?? res.body.title).toBeDefined();
      expect(res.body.title).toBe(`This kind of file is not accepted: ${found}.`);
      expect([await rowCount(), await blobCount()]).toEqual([rows, blobs]);
    });

    it('refuses a file over ATTACHMENT_MAX_BYTES with 413 while it streams', async () => {
      const d = await draft();
      const [rows, blobs] = [await rowCount(), await blobCount()];
      const res = await upload(c.dea, d.id, { data: Buffer.concat([PDF, bytes(MAX_BYTES)]), name: 'huge.pdf' });
      expectProblem(res, 413, 'ATTACHMENT.TOO_LARGE');
      expect([await rowCount(), await blobCount()]).toEqual([rows, blobs]);
    });

    it.each([
      ['an empty file', [['file', { data: Buffer.alloc(0), name: 'empty.pdf' }]], { file: 'empty_file' }],
      ['no file part', [['description', 'x']], { file: 'required' }],
      [
        'two file parts',
        [
          ['file', { data: PDF, name: 'a.pdf' }],
          ['file', { data: PDF, name: 'b.pdf' }],
        ],
        { file: 'duplicate_part' },
      ],
      ['a name with a slash', [['file', { data: PDF, name: '../../etc/passwd' }]], { file: 'invalid_filename' }],
      ['a name with a backslash', [['file', { data: PDF, name: 'C:\\temp\\a.pdf' }]], { file: 'invalid_filename' }],
      [
        'an unknown part',
        [
          ['colour', 'red'],
          ['file', { data: PDF, name: 'a.pdf' }],
        ],
        { colour: 'unknown_field' },
      ],
      [
        'U+0000 in a text part',
        [
          ['description', 'a\u0000b'],
          ['file', { data: PDF, name: 'a.pdf' }],
        ],
        { description: 'nul_character' },
      ],
      [
        'an unknown context',
        [
          ['context', 'gossip'],
          ['file', { data: PDF, name: 'a.pdf' }],
        ],
        { context: 'isIn' },
      ],
      [
        'a bad handling code',
        [
          ['handlingCode', 'H9'],
          ['file', { data: PDF, name: 'a.pdf' }],
        ],
        { handlingCode: 'isIn' },
      ],
      [
        'an assignment with a request file',
        [
          ['assignmentId', '00000000-0000-4000-8000-000000000000'],
          ['file', { data: PDF, name: 'a.pdf' }],
        ],
        { assignmentId: 'only_for_answer' },
      ],
    ] as Array<[string, Array<[string, string | { data: Buffer; name: string }]>, Record<string, string>]>)(
      'refuses %s with 400 naming the field',
      async (_, parts, expected) => {
        const d = await draft();
        const [rows, blobs] = [await rowCount(), await blobCount()];
        const res = await c.dea.sendForm('POST', `/api/requests/${d.id}/attachments`, form(parts));
        expectProblem(res, 400, 'VALIDATION.FAILED');
        expect(fieldErrors(res)).toEqual(expected);
        expect([await rowCount(), await blobCount()]).toEqual([rows, blobs]);
      },
    );

    it.each([
      ['a control character', "filename*=UTF-8''a%07b.pdf"],
      ['a NUL', "filename*=UTF-8''a%00b.pdf"],
      ['an encoded slash', "filename*=UTF-8''..%2F..%2Fetc%2Fpasswd"],
      ['an encoded backslash', "filename*=UTF-8''..%5Cwin.ini"],
      ['only dots', 'filename=".."'],
    ])('refuses a file name with %s, however it is encoded', async (_, param) => {
      const d = await draft();
      const body = `--b\r\nContent-Disposition: form-data; name="file"; ${param}\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 x\r\n--b--\r\n`;
      const res = await c.dea.sendRaw('POST', `/api/requests/${d.id}/attachments`, body, {
        'content-type': 'multipart/form-data; boundary=b',
      });
      expectProblem(res, 400, 'VALIDATION.FAILED');
      expect(fieldErrors(res)).toEqual({ file: 'invalid_filename' });
    });

    it('refuses a body that is not multipart, or a broken one, with 400 naming the file', async () => {
      const d = await draft();
      const json = await c.dea.post(`/api/requests/${d.id}/attachments`, { file: 'x' });
      expectProblem(json, 400, 'VALIDATION.FAILED');
      expect(fieldErrors(json)).toEqual({ file: 'multipart_required' });
      const broken = await c.dea.sendRaw(
        'POST',
        `/api/requests/${d.id}/attachments`,
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4',
        {
          'content-type': 'multipart/form-data; boundary=xyz',
        },
      );
      expectProblem(broken, 400, 'VALIDATION.FAILED');
      expect(fieldErrors(broken)).toEqual({ file: 'malformed_multipart' });
    });

    it('lets ATTACHMENT_MAX_FILES through for uploads made at once, and answers 409 to the rest', async () => {
      const d = await draft();
      const answers = await Promise.all(
        Array.from({ length: MAX_FILES + 4 }, (_, i) =>
          upload(c.dea, d.id, { data: Buffer.concat([PDF, Buffer.from(String(i))]), name: `annex-${i}.pdf` }),
        ),
      );
      const tally = answers.reduce<Record<number, number>>(
        (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
        {},
      );
      expect(tally).toEqual({ 201: MAX_FILES, 409: 4 });
      for (const r of answers.filter((a) => a.status === 409)) expectProblem(r, 409, 'ATTACHMENT.TOO_MANY');
      const [{ n }] = await q<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM attachments WHERE request_id = $1`,
        [d.id],
      );
      expect(n).toBe(MAX_FILES);
    });

    it('leaves no stored bytes behind a refused upload, and the retention job removes what a cut-short one left', async () => {
      // Whatever was refused above removed its own bytes: every blob is named by a row.
      const [{ n }] = await q<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM attachment_blobs b WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.storage_key = b.key)`,
      );
      expect(n).toBe(0);
      // As if a process had died mid-upload: bytes stored, no row.
      await q(
        `INSERT INTO attachment_blobs (key, created_at) VALUES ('ventanilla/attachments/x/cut-short', now() - interval '2 hours')`,
      );
      await q(
        `INSERT INTO attachment_chunks (blob_key, seq, data) VALUES ('ventanilla/attachments/x/cut-short', 0, '\\x00')`,
      );
      const removed = await sys.worker!.get(RetentionService).removeOrphans(new Date(Date.now() - 60 * 60_000));
      expect(removed).toBe(1);
      expect(await q(`SELECT 1 FROM attachment_chunks WHERE blob_key = 'ventanilla/attachments/x/cut-short'`)).toEqual(
        [],
      );
    });
  });

  describe('need-to-know: every role × every kind of file', () => {
    type Who = keyof typeof c;
    const files: Record<string, string> = {};
    let requestId = '';

    const visibleTo = async (who: Who): Promise<string[] | number> => {
      const res = await c[who].get(`/api/requests/${requestId}/attachments`);
      if (res.status !== 200) return res.status;
      const byId = Object.fromEntries(Object.entries(files).map(([k, v]) => [v, k]));
      return (res.body.items as Array<{ id: string }>).map((a) => byId[a.id]).sort();
    };

    /** The list, the metadata and the bytes agree: what is listed opens; what is not answers 404, audited. */
    const expectSight = async (who: Who, expected: string[] | number) => {
      expect([who, await visibleTo(who)]).toEqual([
        who,
        typeof expected === 'number' ? expected : [...expected].sort(),
      ]);
      for (const [label, id] of Object.entries(files)) {
        const meta = await c[who].get(`/api/attachments/${id}`);
        const bytes = await c[who].fetchRaw(`/api/attachments/${id}/content`);
        const sees = typeof expected !== 'number' && expected.includes(label);
        const want = who === 'admin' ? 403 : sees ? 200 : 404;
        expect([who, label, meta.status, bytes.status]).toEqual([who, label, want, want]);
        if (want === 404) {
          const denied = await q<unknown[]>(
            `SELECT 1 FROM audit_events WHERE action = 'access.denied' AND object_type = 'attachment' AND object_id = $1
                AND actor_role = $2`,
            [id, c[who] === c.admin ? 'admin' : (await c[who].get('/api/auth/me')).body.user.role],
          );
          expect([who, label, denied.length > 0]).toEqual([who, label, true]);
        }
      }
    };

    beforeAll(async () => {
      // A DEA request routed to FGR-INT (lead) and SSPC-SIIP (support), with a file of every kind added by the
      // side that may add it, at the moment it may.
      const d = await draft();
      // US personnel on Mexican soil: GANS must authorize it (routing modifier M-002).
      const patched = await c.dea.patch(`/api/requests/${d.id}`, {
        version: d.version,
        usPersonnelOnMexicanSoil: true,
      });
      expect(patched.body.needsAuthorization).toBe(true);
      requestId = d.id;
      files.request = (await upload(c.dea, d.id, { data: PDF, name: 'note.pdf' })).body.id;
      const version = (await c.dea.get(`/api/requests/${d.id}`)).body.version;
      expect((await c.dea.post(`/api/requests/${d.id}/actions/submit`, { version })).status).toBe(200);
      let version2 = (await journeys.inStatus(d.id, 'registered')).version;
      const act = async (client: ApiClient, action: string, body: Record<string, unknown> = {}) => {
        const res = await client.post(`/api/requests/${d.id}/actions/${action}`, { version: version2, ...body });
        expect([action, res.status, res.status === 200 ? null : res.body]).toEqual([action, 200, null]);
        version2 = res.body.version as number;
      };
      await act(c.hub, 'claim');
      await act(c.hub, 'request_clarification', { reason: 'The vessel?' });
      files.clarification = (
        await upload(c.dea, d.id, { data: PNG, name: 'vessel.png' }, { context: 'clarification' })
      ).body.id;
      await act(c.dea, 'answer_clarification', { reason: 'See the photo.' });
      files.note = (await upload(c.hub, d.id, { data: TEXT, name: 'hub-note.txt' }, { context: 'note' })).body.id;
      await act(c.hub, 'route', {
        lead: 'FGR-INT',
        support: ['SSPC-SIIP'],
        reason: 'FGR-INT leads; SSPC-SIIP holds the registry.',
      });
      const assignments = await journeys.assignmentsOf(d.id, 2);
      const fgrA = assignments.find((a) => a.agency === 'FGR-INT')!;
      const sspcA = assignments.find((a) => a.agency === 'SSPC-SIIP')!;
      files.fgrAnswer = (
        await upload(c.fgr, d.id, { data: PDF, name: 'fgr-evidence.pdf' }, { context: 'answer', assignmentId: fgrA.id })
      ).body.id;
      files.sspcAnswer = (
        await upload(
          c.sspc,
          d.id,
          { data: TEXT, name: 'sspc-registry.txt' },
          { context: 'answer', assignmentId: sspcA.id },
        )
      ).body.id;
      expect(Object.values(files).every(Boolean)).toBe(true);
    });

    it('before the reply: each party sees its own and the requester’s files, never another agency’s', async () => {
      await expectSight('dea', ['request', 'clarification']);
      await expectSight('atf', 404);
      await expectSight('hub', ['request', 'clarification', 'note', 'fgrAnswer', 'sspcAnswer']);
      await expectSight('fgr', ['request', 'clarification', 'fgrAnswer']);
      await expectSight('sspc', ['request', 'clarification', 'sspcAnswer']);
      await expectSight('gans', 404);
      await expectSight('auditor', ['request', 'clarification', 'note', 'fgrAnswer', 'sspcAnswer']);
      await expectSight('admin', 403);
    });

    it('refuses a file of a kind or at a time its uploader may not add, audited', async () => {
      const tries: Array<[ApiClient, Record<string, string>, number, string]> = [
        [c.fgr, { context: 'note' }, 403, 'ATTACHMENT.FORBIDDEN_CONTEXT'],
        [c.dea, { context: 'reply' }, 403, 'ATTACHMENT.FORBIDDEN_CONTEXT'],
        [c.dea, { context: 'request' }, 409, 'ATTACHMENT.NOT_NOW'],
        [
          c.hub,
          { context: 'answer', assignmentId: '00000000-0000-4000-8000-000000000000' },
          403,
          'ATTACHMENT.FORBIDDEN_CONTEXT',
        ],
        // One agency cannot file under another's assignment.
        [
          c.sspc,
          {
            context: 'answer',
            assignmentId: (await journeys.assignmentsOf(requestId, 2)).find((a) => a.agency === 'FGR-INT')!.id,
          },
          404,
          'ASSIGNMENT.NOT_FOUND',
        ],
      ];
      for (const [client, fields, status, code] of tries) {
        const res = await upload(client, requestId, { data: PDF, name: 'x.pdf' }, fields);
        expectProblem(res, status, code);
      }
      const denied = await q<unknown[]>(
        `SELECT 1 FROM audit_events WHERE action = 'attachment.upload' AND outcome = 'denied' AND request_id = $1`,
        [requestId],
      );
      expect(denied.length).toBeGreaterThanOrEqual(tries.length);
      expect(
        (
          await c.atf.sendForm(
            'POST',
            `/api/requests/${requestId}/attachments`,
            form([['file', { data: PDF, name: 'x.pdf' }]]),
          )
        ).status,
      ).toBe(404);
    });

    it('after the reply: the requester sees the hub’s reply files and the answer files released with it, nothing else', async () => {
      const assignments = await journeys.assignmentsOf(requestId, 2);
      for (const a of [...assignments].sort(
        (x, y) => Number(y.agency === 'FGR-INT') - Number(x.agency === 'FGR-INT'),
      )) {
        const by = a.agency === 'FGR-INT' ? c.fgr : c.sspc;
        const acc = (await by.post(`/api/assignments/${a.id}/actions/accept`, { version: a.version })).body;
        expect(
          (await by.post(`/api/assignments/${a.id}/actions/respond`, { version: acc.version, reason: 'Done.' })).status,
        ).toBe(200);
      }
      const r = await journeys.inStatus(requestId, 'responses_received');
      files.reply = (
        await upload(c.hub, requestId, { data: PDF, name: 'oficio-respuesta.pdf' }, { context: 'reply' })
      ).body.id;
      const released = await c.hub.post(`/api/requests/${requestId}/actions/release_response`, {
        version: r.version,
        response: 'The consolidated reply.',
        attachmentIds: [files.fgrAnswer],
      });
      expect(released.status).toBe(200);
      await expectSight('dea', ['request', 'clarification', 'fgrAnswer', 'reply']);
      await expectSight('fgr', ['request', 'clarification', 'fgrAnswer']);
      await expectSight('sspc', ['request', 'clarification', 'sspcAnswer']);
      await expectSight('hub', ['request', 'clarification', 'note', 'fgrAnswer', 'sspcAnswer', 'reply']);
    });

    it('withdraws a file by a new audited event: gone for everyone but auditors, and nothing destroyed', async () => {
      expectProblem(
        await c.hub.post(`/api/attachments/${files.clarification}/withdraw`, { reason: 'Not mine to withdraw.' }),
        403,
        'ATTACHMENT.FORBIDDEN_ACTION',
      );
      expectProblem(
        await c.dea.send('DELETE', `/api/attachments/${files.clarification}`),
        409,
        'ATTACHMENT.NOT_A_DRAFT',
      );
      const res = await c.dea.post(`/api/attachments/${files.clarification}/withdraw`, { reason: 'Wrong photo.' });
      expect(res.status).toBe(200);
      expect((await c.dea.get(`/api/attachments/${files.clarification}`)).status).toBe(404);
      expect((await c.hub.get(`/api/attachments/${files.clarification}`)).status).toBe(404);
      const seen = await c.auditor.get(`/api/attachments/${files.clarification}`);
      expect(seen.body.withdrawn).toEqual({ at: expect.any(String), reason: 'Wrong photo.' });
      const bytes = await c.auditor.fetchRaw(`/api/attachments/${files.clarification}/content`);
      expect(Buffer.from(await bytes.arrayBuffer())).toEqual(PNG);
    });

    it('audits uploads, downloads and withdrawals with the file’s id and SHA-256, and counts downloads per user', async () => {
      const events = await q<Array<{ action: string; object_id: string; details: { sha256: string } }>>(
        `SELECT action, object_id, details FROM audit_events WHERE object_type = 'attachment' AND outcome = 'success'
            AND object_id = $1 ORDER BY occurred_at`,
        [files.clarification],
      );
      expect(events.map((e) => e.action)).toEqual(
        expect.arrayContaining(['attachment.upload', 'attachment.download', 'attachment.withdraw']),
      );
      expect(new Set(events.map((e) => e.details.sha256))).toEqual(new Set([sha256(PNG)]));
      const [count] = await q<Array<{ count: number }>>(
        `SELECT count FROM attachment_downloads d JOIN users u ON u.id = d.user_id WHERE d.attachment_id = $1 AND u.email = 'auditor@demo.test'`,
        [files.clarification],
      );
      expect(count.count).toBeGreaterThanOrEqual(2);
    });

    it('tells those who may see a file added after submission', async () => {
      const notices = await eventually(async () => {
        const rows = await q<Array<{ recipient_agency: string }>>(
          `SELECT recipient_agency FROM notifications WHERE request_id = $1 AND event = 'request.attachment_added'`,
          [requestId],
        );
        return rows.length >= 3 ? rows : null;
      });
      const agencies = new Set(notices.map((n) => n.recipient_agency));
      // The clarification file reached the requester and the hub; each answer file its agency and the hub.
      expect([...agencies].sort()).toEqual(['DEA', 'FGR-INT', 'SRE-SSAN', 'SSPC-SIIP']);
      const fgrOwn = await q<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM notifications WHERE request_id = $1 AND event = 'request.attachment_added' AND recipient_agency = 'DEA'
            AND params->>'text' LIKE '%evidence%'`,
        [requestId],
      );
      // The requester is never told of an agency's answer file (NS-1).
      expect(fgrOwn[0].n).toBe(0);
    });

    it('shows GANS the requester’s files of what it decides on, and nothing of the hub’s', async () => {
      const d = await c.dea.post(
        '/api/requests',
        newRequestBody({
          draft: true,
          type: 'coordinated_operation',
          proposedActionAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
          actionKind: 'operation',
          usPersonnelOnMexicanSoil: true,
        }),
      );
      const annex = (await upload(c.dea, d.body.id, { data: PDF, name: 'plan.pdf' })).body.id as string;
      expect((await c.dea.post(`/api/requests/${d.body.id}/actions/submit`, { version: d.body.version })).status).toBe(
        200,
      );
      let version = (await journeys.inStatus(d.body.id, 'registered')).version;
      for (const action of ['claim', 'request_authorization']) {
        const res = await c.hub.post(`/api/requests/${d.body.id}/actions/${action}`, { version });
        expect([action, res.status]).toEqual([action, 200]);
        version = res.body.version as number;
      }
      const note = (await upload(c.hub, d.body.id, { data: TEXT, name: 'n.txt' }, { context: 'note' })).body
        .id as string;
      const listed = await c.gans.get(`/api/requests/${d.body.id}/attachments`);
      expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([annex]);
      expect((await c.gans.get(`/api/attachments/${note}`)).status).toBe(404);
      expect((await c.gans.fetchRaw(`/api/attachments/${annex}/content`)).status).toBe(200);
    });

    it('takes sight away from an agency whose assignment is declined', async () => {
      const routed = await journeys.requestIn('DEA', 'routed', { lead: 'FGR-INT', support: ['SSPC-SIIP'] });
      const file = (
        await upload(
          c.fgr,
          routed.id,
          { data: PDF, name: 'x.pdf' },
          { context: 'answer', assignmentId: routed.assignments['FGR-INT'] },
        )
      ).body.id;
      const before = await c.sspc.get(`/api/requests/${routed.id}/attachments`);
      expect(before.status).toBe(200);
      const a = (await c.sspc.get(`/api/assignments/${routed.assignments['SSPC-SIIP']}`)).body;
      expect(
        (await c.sspc.post(`/api/assignments/${a.id}/actions/decline`, { version: a.version, reason: 'Not ours.' }))
          .status,
      ).toBe(200);
      expect((await c.sspc.get(`/api/requests/${routed.id}/attachments`)).status).toBe(404);
      expect((await c.fgr.get(`/api/attachments/${file}`)).status).toBe(200);
    });
  });

  describe('drafts', () => {
    it('lets the author delete a draft’s file for good, and nobody else', async () => {
      const d = await draft();
      const res = await upload(c.dea, d.id, { data: PDF, name: 'draft.pdf' });
      const other = await ApiClient.login(sys.baseUrl, 'liaison.atf@demo.test', DEMO_PASSWORD);
      expect((await other.send('DELETE', `/api/attachments/${res.body.id}`)).status).toBe(404);
      const gone = await c.dea.send('DELETE', `/api/attachments/${res.body.id}`);
      expect(gone.status).toBe(204);
      expect((await c.dea.get(`/api/attachments/${res.body.id}`)).status).toBe(404);
      expect(await q(`SELECT 1 FROM attachments WHERE id = $1`, [res.body.id])).toEqual([]);
      expect(
        await q(
          `SELECT 1 FROM attachment_blobs b WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.storage_key = b.key)`,
        ),
      ).toEqual([]);
    });
  });
});
