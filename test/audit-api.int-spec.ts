import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkpointSignatureValid, keyIdOf, publicKeyFromText } from '@ventanilla/audit/audit-signing.js';
import { parseCheckpointList, parseExportLine, type ExportEventLine } from '@ventanilla/audit/audit-export.js';
import { verifyExportFile } from '@ventanilla/audit/export-verifier.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  TEST_AUDIT_SIGNING_KEY,
  TEST_QUEUE_BACKEND,
  startTestSystem,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { asSuperuserWithoutTriggers } from './support/audit.js';
import { parseCsv } from './support/csv.js';
import { expectProblem, fieldErrors } from './support/problem.js';

jest.setTimeout(90_000);

const RECORD_FIELDS = [
  'id',
  'occurredAt',
  'actor',
  'action',
  'object',
  'requestId',
  'folio',
  'fromStatus',
  'toStatus',
  'changedFields',
  'outcome',
  'reason',
  'ip',
  'userAgent',
  'correlationId',
  'details',
  'seal',
];

describe(`the auditors' API: search, verify, checkpoints, export (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let auditor: ApiClient;
  let dea: ApiClient;
  let atf: ApiClient;
  let hub: ApiClient;
  let admin: ApiClient;
  let dir: string;
  let requestId: string;
  let folio: string;

  const q = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await sys.db.dataSource.query(sql, params)) as T[];

  /** Waits until the worker's sealer has chained everything committed so far. */
  const sealed = () =>
    eventually(async () => {
      const [{ n }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM audit_unsealed`);
      return n === 0;
    }, 20_000);

  beforeAll(async () => {
    sys = await startTestSystem({ env: { AUDIT_CHECKPOINT_EVENTS: '5' } });
    dir = mkdtempSync(path.join(tmpdir(), 'vt-audit-api-'));
    [auditor, dea, atf, hub, admin] = await Promise.all(
      ['auditor@demo.test', 'liaison.dea@demo.test', 'liaison.atf@demo.test', 'hub@demo.test', 'admin@demo.test'].map(
        (email) => ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD),
      ),
    );
    const created = await dea.post('/api/requests', newRequestBody({ title: 'Audited by the auditors' }), {
      'x-correlation-id': 'audit-api-create',
      'user-agent': 'audit-api-test/1.0',
    });
    requestId = created.body.id as string;
    const registered = await eventually(async () => {
      const r = await dea.get(`/api/requests/${requestId}`);
      return r.body.status === 'registered' ? r.body : null;
    });
    folio = registered.folio as string;
    await hub.post(`/api/requests/${requestId}/actions/claim`, { version: registered.version });
    // Outside ATF's scope: 404, audited as a denied attempt.
    expect((await atf.get(`/api/requests/${requestId}`)).status).toBe(404);
  });

  afterAll(async () => {
    await sys?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the public key to anyone', async () => {
    const res = await fetch(`${sys.baseUrl}/api/audit/public-key`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { algorithm: string; keyId: string; publicKeyPem: string };
    const expected = createPublicKey(TEST_AUDIT_SIGNING_KEY);
    expect(body).toMatchObject({ algorithm: 'Ed25519', keyId: keyIdOf(expected) });
    expect(keyIdOf(publicKeyFromText(body.publicKeyPem))).toBe(body.keyId);
  });

  it.each([
    '/api/audit/verify',
    '/api/audit/export',
    '/api/audit/export?format=csv',
    '/api/audit/export?folio=SSAN-2026-000001&format=csv',
    '/api/audit/events',
    '/api/audit/checkpoints',
  ])('%s is for auditors only: 403 to other roles, 401 without a session', async (url) => {
    for (const client of [dea, hub, admin]) expectProblem(await client.get(url), 403, 'AUTH.FORBIDDEN');
    expectProblem(await new ApiClient(sys.baseUrl).get(url), 401, 'AUTH.UNAUTHENTICATED');
  });

  describe('search', () => {
    it("finds a request's events by id and by folio, each record saying who, what, when and from where", async () => {
      await sealed();
      const byId = await auditor.get(`/api/audit/events?requestId=${requestId}&limit=200`);
      expect(byId.status).toBe(200);
      const actions = (byId.body.items as Array<{ action: string }>).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['request.create', 'request.register', 'request.claim']));
      expect(actions).toContain('access.denied');
      const byFolio = await auditor.get(`/api/audit/events?folio=${folio}&limit=200`);
      expect(byFolio.body.items).toEqual(byId.body.items);

      const create = (byId.body.items as Array<Record<string, any>>).find((e) => e.action === 'request.create')!;
      expect(Object.keys(create).sort()).toEqual([...RECORD_FIELDS].sort());
      expect(create).toMatchObject({
        actor: { email: 'liaison.dea@demo.test', role: 'liaison', agency: 'DEA', userId: expect.any(String) },
        object: { type: 'request', id: requestId },
        requestId,
        folio,
        fromStatus: null,
        toStatus: 'submitted',
        outcome: 'success',
        correlationId: 'audit-api-create',
        userAgent: 'audit-api-test/1.0',
        ip: expect.any(String),
        seal: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      });
      expect(create.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    });

    it('filters by actor (e-mail, id or system), agency, action (exact or prefix), outcome and time', async () => {
      const all = async (query: string) => {
        const res = await auditor.get(`/api/audit/events?${query}&limit=200`);
        expect(res.status).toBe(200);
        return res.body.items as Array<Record<string, any>>;
      };
      const denied = await all(`outcome=denied&requestId=${requestId}`);
      expect(denied.map((e) => `${e.action} ${e.actor.agency} ${e.outcome}`)).toEqual(['access.denied ATF denied']);
      const byEmail = await all('actor=hub@demo.test');
      expect(byEmail.length).toBeGreaterThan(0);
      expect(byEmail.every((e) => e.actor.email === 'hub@demo.test')).toBe(true);
      expect(await all(`actor=${byEmail[0].actor.userId}`)).toEqual(byEmail);
      const system = await all('actor=system&action=request.register');
      expect(system.length).toBeGreaterThan(0);
      expect(system.every((e) => e.actor.role === 'system' && e.action === 'request.register')).toBe(true);
      const hubAgency = await all('agency=SRE-SSAN&action=request.*');
      expect(hubAgency.length).toBeGreaterThan(0);
      expect(hubAgency.every((e) => e.actor.agency === 'SRE-SSAN' && e.action.startsWith('request.'))).toBe(true);
      const claim = (await all(`requestId=${requestId}&action=request.claim`))[0];
      const window = await all(
        `requestId=${requestId}&from=${encodeURIComponent(claim.occurredAt)}&to=${encodeURIComponent(new Date(Date.parse(claim.occurredAt) + 1).toISOString())}`,
      );
      expect(window.map((e) => e.id as string)).toContain(claim.id);
      expect(window.every((e) => e.occurredAt >= claim.occurredAt)).toBe(true);
    });

    it('pages newest first with a keyset cursor, limit at most 200, and refuses bad filters', async () => {
      const seen: Array<{ id: string; occurredAt: string }> = [];
      let cursor: string | null = null;
      do {
        const res = await auditor.get(`/api/audit/events?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(7);
        seen.push(...(res.body.items as Array<{ id: string; occurredAt: string }>));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      const [{ n }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events`);
      expect(seen.length).toBeGreaterThanOrEqual(n - 1);
      expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
      const times = seen.map((e) => e.occurredAt);
      expect(times).toEqual([...times].sort().reverse());

      const bad = await auditor.get('/api/audit/events?limit=201&outcome=maybe&requestId=x&from=yesterday');
      expectProblem(bad, 400, 'VALIDATION.FAILED');
      expect((bad.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(
        ['from', 'limit', 'outcome', 'requestId'].sort(),
      );
      expectProblem(await auditor.get('/api/audit/events?cursor=bm90LWEtY3Vyc29y'), 400, 'VALIDATION.FAILED');
      const backwards = await auditor.get('/api/audit/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
      expectProblem(backwards, 400, 'VALIDATION.FAILED');
      expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'to', code: 'after_from' })]);
    });
  });

  describe('integrity', () => {
    it('verifies the chain and its signed checkpoints, in the caller language, and audits the check', async () => {
      await sealed();
      const res = await auditor.get('/api/audit/verify');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ok: true,
        scope: 'full',
        break: null,
        firstSeq: 1,
        checkpoints: { signaturesChecked: true },
        keyId: keyIdOf(createPublicKey(TEST_AUDIT_SIGNING_KEY)),
      });
      expect(res.body.checkpoints.checked).toBeGreaterThan(0);
      expect(res.body.checkedEvents).toBe(res.body.headSeq);
      expect(res.body.message).toContain(`${res.body.checkedEvents} sealed events`);
      const es = await ApiClient.login(sys.baseUrl, 'auditor@demo.test', DEMO_PASSWORD, 'es');
      expect((await es.get('/api/audit/verify')).body.message).toMatch(/íntegra/);
      const trail = await auditor.get('/api/audit/events?action=audit.verify&limit=200');
      expect(trail.body.items.length).toBeGreaterThanOrEqual(2);
      expect(trail.body.items[0]).toMatchObject({ actor: { role: 'auditor' }, object: { type: 'audit' } });
    });

    it('lists signed checkpoints oldest first, page by page', async () => {
      const key = createPublicKey(TEST_AUDIT_SIGNING_KEY);
      const all: Array<Record<string, any>> = [];
      let cursor: string | null = null;
      do {
        const res = await auditor.get(`/api/audit/checkpoints?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        all.push(...(res.body.items as Array<Record<string, any>>));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(all.length).toBeGreaterThan(1);
      const seqs = all.map((c) => c.seq as number);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      for (const cp of parseCheckpointList(JSON.stringify(all))) expect(checkpointSignatureValid(key, cp)).toBe(true);
      expectProblem(await auditor.get('/api/audit/checkpoints?cursor=abc'), 400, 'VALIDATION.FAILED');
    });

    it('streams an export that the offline verifier accepts, whole or for one request', async () => {
      await sealed();
      const res = await auditor.get('/api/audit/export');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="ventanilla-audit-.*\.jsonl"/);
      const text = typeof res.body === 'string' ? res.body : `${JSON.stringify(res.body)}\n`;
      const lines = text.trim().split('\n').map(parseExportLine);
      expect(lines[0]).toMatchObject({ type: 'header', scope: 'full', filters: {} });
      const events = lines.filter((l) => l.type === 'event');
      expect(events.length).toBe((lines[0] as { headSeq: number }).headSeq);
      const file = path.join(dir, 'export.jsonl');
      writeFileSync(file, text);
      const keyRes = await fetch(`${sys.baseUrl}/api/audit/public-key`);
      const key = publicKeyFromText(await keyRes.text());
      const kept = parseCheckpointList(JSON.stringify((await auditor.get('/api/audit/checkpoints?limit=200')).body));
      expect(await verifyExportFile(file, kept, key)).toMatchObject({ ok: true, checkedEvents: events.length });

      const one = await auditor.get(`/api/audit/export?requestId=${requestId}`);
      const oneLines = (one.body as unknown as string).trim().split('\n').map(parseExportLine);
      expect(oneLines[0]).toMatchObject({ type: 'header', scope: 'sparse', filters: { requestId } });
      const oneEvents = oneLines.filter((l) => l.type === 'event');
      expect(oneEvents.length).toBeGreaterThanOrEqual(4);
      expect(oneEvents.every((l) => l.type === 'event' && l.event.requestId === requestId)).toBe(true);
      const oneFile = path.join(dir, 'one.jsonl');
      writeFileSync(oneFile, one.body as unknown as string);
      expect(await verifyExportFile(oneFile, kept, key)).toMatchObject({ ok: true, scope: 'sparse' });

      // Wrong filters are refused before the first line, as problem+json.
      expectProblem(await auditor.get('/api/audit/export?requestId=nope'), 400, 'VALIDATION.FAILED');
      const backwards = await auditor.get('/api/audit/export?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
      expectProblem(backwards, 400, 'VALIDATION.FAILED');

      const exports = await auditor.get(`/api/audit/events?action=audit.export&limit=200`);
      expect(exports.body.items[0]).toMatchObject({ requestId, details: { filters: { requestId } } });
    });

    it('exports by folio exactly what the request id exports; unknown folio 404, bad format 400', async () => {
      await sealed();
      const byId = await auditor.get(`/api/audit/export?requestId=${requestId}`);
      await sealed();
      const byFolio = await auditor.get(`/api/audit/export?folio=${encodeURIComponent(folio)}`);
      expect(byFolio.status).toBe(200);
      expect(byFolio.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const linesOf = (r: { body: unknown }) => (r.body as string).trim().split('\n').map(parseExportLine);
      const [header, ...rest] = linesOf(byFolio);
      expect(header).toMatchObject({ type: 'header', scope: 'sparse', filters: { requestId } });
      const idEvents = linesOf(byId).filter((l) => l.type === 'event');
      const folioEvents = rest.filter((l) => l.type === 'event');
      // The same events; the only newcomer is the record of the first export itself, sealed in between.
      expect(folioEvents.slice(0, idEvents.length)).toEqual(idEvents);
      expect(folioEvents.slice(idEvents.length).map((l) => l.type === 'event' && l.event.action)).toEqual([
        'audit.export',
      ]);
      const exports = await auditor.get(`/api/audit/events?action=audit.export&limit=1`);
      expect(exports.body.items[0]).toMatchObject({
        requestId,
        details: { filters: { requestId, folio }, format: 'jsonl' },
      });

      const unknown = await auditor.get('/api/audit/export?folio=SSAN-1999-999999&format=csv');
      expectProblem(unknown, 404, 'REQUEST.NOT_FOUND');
      const badFormat = await auditor.get(`/api/audit/export?folio=${folio}&format=xlsx`);
      expectProblem(badFormat, 400, 'VALIDATION.FAILED');
      expect(Object.keys(fieldErrors(badFormat))).toEqual(['format']);
      const other = '00000000-0000-4000-8000-000000000000';
      const mismatch = await auditor.get(`/api/audit/export?folio=${folio}&requestId=${other}`);
      expectProblem(mismatch, 400, 'VALIDATION.FAILED');
      expect(fieldErrors(mismatch)).toEqual({ folio: 'mismatch' });
    });

    it('exports CSV for a spreadsheet: BOM, header row, RFC 4180 quoting that parses back, the same events', async () => {
      const created = await dea.post('/api/requests', newRequestBody({ title: 'Exportación con acentos' }));
      const id = created.body.id as string;
      const registered = await eventually(async () => {
        const r = await dea.get(`/api/requests/${id}`);
        return r.body.status === 'registered' ? r.body : null;
      });
      const reason = 'Dijo "sí, ya", luego cambió:\r\nno hace falta, señor Muñoz — ¿acción? ñ';
      const withdrawn = await dea.post(`/api/requests/${id}/actions/withdraw`, {
        version: registered.version,
        reason,
      });
      expect(withdrawn.status).toBe(200);
      await sealed();

      const res = await auditor.fetchRaw(`/api/audit/export?folio=${registered.folio as string}&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="ventanilla-audit-.*\.csv"$/);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(3)));
      const [head, ...body] = rows;
      expect(head.slice(0, 7)).toEqual(['seq', 'sealedAt', 'hash', 'id', 'occurredAt', 'action', 'outcome']);
      expect(rows.every((r) => r.length === head.length)).toBe(true);
      const records = body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));

      const jsonl = await auditor.get(`/api/audit/export?requestId=${id}`);
      const events = (jsonl.body as unknown as string)
        .trim()
        .split('\n')
        .map(parseExportLine)
        .filter((l): l is ExportEventLine => l.type === 'event')
        .slice(0, records.length);
      expect(records.map((r) => r.action)).toEqual(['request.create', 'request.register', 'request.withdraw']);
      expect(records.map((r) => [Number(r.seq), r.hash, r.id, r.occurredAt, r.requestId])).toEqual(
        events.map((l) => [l.seq, l.hash, l.event.id, l.event.occurredAt, id]),
      );
      records.forEach((r, i) => {
        expect(r.details === '' ? null : JSON.parse(r.details)).toEqual(events[i].event.details);
        expect(r.folio).toBe(registered.folio);
      });
      expect(records[2]).toMatchObject({
        reason,
        actorEmail: 'liaison.dea@demo.test',
        actorRole: 'liaison',
        actorAgency: 'DEA',
        fromStatus: 'registered',
        toStatus: 'withdrawn',
      });

      // A time range keeps exactly the events that occurred in it.
      const from = records[1].occurredAt;
      const ranged = await auditor.fetchRaw(
        `/api/audit/export?format=csv&from=${from}&to=${new Date(Date.parse(records[2].occurredAt) + 1).toISOString()}`,
      );
      const rangedRows = parseCsv((await ranged.text()).replace(/^\uFEFF/, '')).slice(1);
      expect(rangedRows.length).toBeGreaterThanOrEqual(2);
      const occurred = rangedRows.map((r) => r[head.indexOf('occurredAt')]);
      expect(occurred.every((t) => t >= from)).toBe(true);
      expect(rangedRows.map((r) => r[head.indexOf('id')])).toEqual(
        expect.arrayContaining([records[1].id, records[2].id]),
      );
      expect(rangedRows.map((r) => r[head.indexOf('id')])).not.toContain(records[0].id);
    });

    it('exposes the sealing lag as a metric', async () => {
      const res = await fetch(`${sys.baseUrl}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/^ventanilla_audit_sealing_lag_seconds \d/m);
    });

    it('names the sequence of an event a superuser changed behind the application', async () => {
      await sealed();
      const [{ seq, event_id }] = await q<{ seq: string; event_id: string }>(
        `SELECT c.seq, c.event_id FROM audit_chain c JOIN audit_events e ON e.id = c.event_id
          WHERE e.request_id = $1 AND e.action = 'request.claim'`,
        [requestId],
      );
      await asSuperuserWithoutTriggers(sys.db.dataSource, (m) =>
        m.query(`UPDATE audit_events SET actor_agency = 'DEA' WHERE id = $1`, [event_id]),
      );
      const res = await auditor.get('/api/audit/verify');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ok: false,
        break: { seq: Number(seq), kind: 'changed', eventId: event_id },
        message: `Sequence ${seq}: the event was changed after it was sealed.`,
      });
    });
  });
});
