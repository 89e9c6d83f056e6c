import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';

describe(`request spine over HTTP with the worker (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let dea: ApiClient;
  let atf: ApiClient;
  let hub: ApiClient;

  beforeAll(async () => {
    sys = await startTestSystem();
    [dea, atf, hub] = await Promise.all([
      ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD),
      ApiClient.login(sys.baseUrl, 'liaison.atf@demo.test', DEMO_PASSWORD),
      ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD),
    ]);
  });

  afterAll(async () => {
    await sys?.close();
  });

  const registered = (id: string) =>
    eventually(async () => {
      const r = await dea.get(`/api/requests/${id}`);
      return r.body.status === 'registered' ? r.body : null;
    });

  it('registers a submitted request with a folio and SLA due dates within seconds', async () => {
    const created = await dea.post('/api/requests', newRequestBody());
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('submitted');
    expect(created.body.requestingAgency).toBe('DEA');
    const reg = await registered(created.body.id);
    expect(reg.folio).toMatch(/^SSAN-\d{4}-\d{6}$/);
    expect(new Date(reg.clock.acknowledgeDueAt).getTime()).toBeGreaterThan(new Date(reg.registeredAt).getTime());
    expect(reg.clock.routeDueAt).not.toBeNull();
  });

  it('answers 404 to a liaison of another agency and audits the attempt', async () => {
    const created = await dea.post('/api/requests', newRequestBody({ title: 'DEA only' }));
    const other = await atf.get(`/api/requests/${created.body.id}`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('REQUEST.NOT_FOUND');
    const act = await atf.post(`/api/requests/${created.body.id}/actions/withdraw`, { version: 1, reason: 'x' });
    expect(act.status).toBe(404);
    const list = await atf.get('/api/requests?limit=200');
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(created.body.id);
    const [{ n }] = (await sys.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'access.denied' AND object_id = $1 AND actor_agency = 'ATF'`,
      [created.body.id],
    )) as Array<{ n: number }>;
    expect(n).toBe(2);
  });

  it('lets exactly one of 20 concurrent claims win; the others get 409 with the current request', async () => {
    const created = await dea.post('/api/requests', newRequestBody({ title: 'Contended' }));
    const reg = await registered(created.body.id);
    const hub2 = await ApiClient.login(sys.baseUrl, 'hub2@demo.test', DEMO_PASSWORD);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? hub : hub2).post(`/api/requests/${reg.id}/actions/claim`, { version: reg.version }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const conflict = results.find((r) => r.status === 409)!;
    expect(conflict.body.current.status).toBe('in_analysis');
    const [{ n }] = (await sys.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1 AND action = 'request.claim' AND outcome = 'success'`,
      [reg.id],
    )) as Array<{ n: number }>;
    expect(n).toBe(1);
    // The nineteen refused attempts are on the record too, as denied.
    const [{ denied }] = (await sys.db.dataSource.query(
      `SELECT count(*)::int AS denied FROM audit_events WHERE request_id = $1 AND action = 'request.claim' AND outcome = 'denied'`,
      [reg.id],
    )) as Array<{ denied: number }>;
    expect(denied).toBe(19);
  });

  it('returns the same request for a retried Idempotency-Key and refuses the key with another body', async () => {
    const body = newRequestBody({ title: 'Idempotent' });
    const first = await dea.post('/api/requests', body, { 'idempotency-key': 'retry-1' });
    const again = await dea.post('/api/requests', body, { 'idempotency-key': 'retry-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const different = await dea.post('/api/requests', { ...body, title: 'Another' }, { 'idempotency-key': 'retry-1' });
    expect(different.status).toBe(422);
    expect(different.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const [{ n }] = (await sys.db.dataSource.query(
      `SELECT count(*)::int AS n FROM requests WHERE title = 'Idempotent'`,
    )) as Array<{ n: number }>;
    expect(n).toBe(1);
  });

  it('walks claim → clarification (clock paused) → answer (clock resumed, due dates moved) → reject', async () => {
    const created = await dea.post('/api/requests', newRequestBody({ title: 'Walk' }));
    let r = await registered(created.body.id);
    r = (await hub.post(`/api/requests/${r.id}/actions/claim`, { version: r.version })).body;
    expect(r.status).toBe('in_analysis');
    const asked = await hub.post(`/api/requests/${r.id}/actions/request_clarification`, {
      version: r.version,
      reason: 'Which serial numbers?',
    });
    expect(asked.status).toBe(200);
    expect(asked.body.status).toBe('clarification_requested');
    expect(asked.body.clock.paused).toBe(true);
    const seen = await dea.get(`/api/requests/${r.id}`);
    expect(seen.body.clarifications[0].question).toBe('Which serial numbers?');
    const answered = await dea.post(`/api/requests/${r.id}/actions/answer_clarification`, {
      version: asked.body.version,
      reason: 'Serials A1, B2.',
    });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('in_analysis');
    expect(answered.body.clock.paused).toBe(false);
    expect(answered.body.clarifications[0].answer).toBe('Serials A1, B2.');
    const noReason = await hub.post(`/api/requests/${r.id}/actions/reject`, { version: answered.body.version });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const rejected = await hub.post(`/api/requests/${r.id}/actions/reject`, {
      version: answered.body.version,
      reason: 'No legal basis.',
    });
    expect(rejected.body.status).toBe('rejected');
    const again = await hub.post(`/api/requests/${r.id}/actions/reject`, {
      version: rejected.body.version,
      reason: 'twice',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REQUEST.INVALID_TRANSITION');

    const timeline = await dea.get(`/api/requests/${r.id}/timeline`);
    // Notification evidence (notification.*) is interleaved as deliveries complete; here: the request's own steps.
    const steps = timeline.body.items.map((e: { action: string }) => e.action) as string[];
    expect(steps.filter((a) => a.startsWith('request.'))).toEqual([
      'request.create',
      'request.register',
      'request.claim',
      'request.request_clarification',
      'request.answer_clarification',
      'request.reject',
    ]);
  });

  it('notifies the requesting agency and the hub of every change (in-app rows via the outbox)', async () => {
    const created = await dea.post('/api/requests', newRequestBody({ title: 'Notified' }));
    await registered(created.body.id);
    const rows = await eventually(async () => {
      const found = (await sys.db.dataSource.query(
        `SELECT event, recipient_agency FROM notifications WHERE request_id = $1 ORDER BY event, recipient_agency`,
        [created.body.id],
      )) as Array<{ event: string; recipient_agency: string }>;
      return found.length === 4 ? found : null;
    });
    expect(rows).toEqual([
      { event: 'request.register', recipient_agency: 'DEA' },
      { event: 'request.register', recipient_agency: 'SRE-SSAN' },
      { event: 'request.submit', recipient_agency: 'DEA' },
      { event: 'request.submit', recipient_agency: 'SRE-SSAN' },
    ]);
  });
});
