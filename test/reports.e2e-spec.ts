import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually, type ApiResponse } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';

jest.setTimeout(180_000);

/** Issue 14, item 6: every figure of the reports page over a date range, as JSON and CSV, the range checked. */
describe(`the auditors' figures over a date range (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let dea: ApiClient;
  let hub: ApiClient;
  let auditor: ApiClient;
  let from: string;
  let to: string;
  const ids: string[] = [];

  const range = (f: string, t: string) => `from=${encodeURIComponent(f)}&to=${encodeURIComponent(t)}`;
  const expectField = (res: ApiResponse, field: string, code: string) => {
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION.FAILED']);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toEqual([expect.objectContaining({ field, code })]);
  };

  beforeAll(async () => {
    sys = await startTestSystem();
    [dea, hub, auditor] = await Promise.all(
      ['liaison.dea@demo.test', 'hub@demo.test', 'auditor@demo.test'].map((e) =>
        ApiClient.login(sys.baseUrl, e, DEMO_PASSWORD),
      ),
    );
    // Everything the demo seed submitted lies before `from`: the range holds this file's three requests only.
    from = new Date().toISOString();
    for (const title of ['Figures one', 'Figures two', 'Figures three']) {
      const res = await dea.post('/api/requests', newRequestBody({ title, priority: 'P2' }));
      expect(res.status).toBe(201);
      ids.push(res.body.id as string);
    }
    const registered = await Promise.all(
      ids.map((id) =>
        eventually(async () => {
          const r = await hub.get(`/api/requests/${id}`);
          return r.body.status === 'registered' ? (r.body as { version: number }) : null;
        }, 60_000),
      ),
    );
    const claim = await hub.post(`/api/requests/${ids[0]}/actions/claim`, { version: registered[0].version });
    expect(claim.status).toBe(200);
    const withdraw = await dea.post(`/api/requests/${ids[2]}/actions/withdraw`, {
      version: registered[2].version,
      reason: 'No longer needed.',
    });
    expect(withdraw.status).toBe(200);
    to = new Date(Date.now() + 1000).toISOString();
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('counts the requests submitted in the range, the open ones where they stand, and the trail of the range', async () => {
    const res = await auditor.get(`/api/reports/overview?${range(from, to)}`);
    expect(res.status).toBe(200);
    const r = res.body.requests;
    expect(res.body).toMatchObject({ from, to: new Date(to).toISOString() });
    expect(r.submitted).toBe(3);
    expect(r.byStatus).toMatchObject({ registered: 1, in_analysis: 1, withdrawn: 1, routed: 0 });
    expect(Object.values(r.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(3);
    expect(r.open).toBe(2);
    // Every open request is drawn once: on time, at risk or overdue, in its priority.
    const p2 = (r.deadlines as Array<Record<string, number | string>>).find((d) => d.priority === 'P2')!;
    expect(Number(p2.onTime) + Number(p2.atRisk) + Number(p2.overdue)).toBe(2);
    const drawn = (r.deadlines as Array<{ onTime: number; atRisk: number; overdue: number }>).reduce(
      (n, d) => n + d.onTime + d.atRisk + d.overdue,
      0,
    );
    expect(drawn).toBe(2);
    expect(Object.values(r.escalation as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(2);
    expect(r.queues).toMatchObject({ unclaimed: 1, authorization: 0 });
    expect(r.queues).not.toHaveProperty('mine');

    // The trail of the same range: the three creations among its most frequent actions.
    const actions = Object.fromEntries(
      (res.body.audit.topActions as Array<{ action: string; count: number }>).map((a) => [a.action, a.count]),
    );
    expect(actions).toMatchObject({ 'request.create': 3 });
    expect(res.body.audit.events).toBeGreaterThanOrEqual(5);
    const o = res.body.audit.outcomes as Record<string, number>;
    expect(o.success + o.denied + o.failure).toBe(res.body.audit.events);

    // A range before all of it counts nothing; the range decides, not the latest N.
    const before = await auditor.get(`/api/reports/overview?${range('2020-01-01', '2020-02-01')}`);
    expect(before.status).toBe(200);
    expect(before.body.requests).toMatchObject({ submitted: 0, open: 0 });
    expect(before.body.audit).toMatchObject({ events: 0, topActions: [] });

    // Without a range: the last 30 days, which hold the demo seed's requests too.
    const recent = await auditor.get('/api/reports/overview');
    expect(recent.status).toBe(200);
    expect(recent.body.requests.submitted).toBeGreaterThan(3);
    expect(Date.parse(recent.body.to) - Date.parse(recent.body.from)).toBe(30 * 86_400_000);

    // Each reading is on the record.
    const [{ n }] = await sys.db.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'report.overview' AND outcome = 'success'`,
    );
    expect(n).toBeGreaterThanOrEqual(3);
  });

  it('exports the same figures as CSV for the same range', async () => {
    const csv = await auditor.get(`/api/reports/overview?${range(from, to)}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="figures-\d{4}-\d{2}-\d{2}-/);
    const lines = String(csv.body as unknown).split('\r\n');
    expect(lines[0]).toBe('figure,key,value');
    expect(lines).toEqual(
      expect.arrayContaining([
        `range,from,${from}`,
        'requests,submitted,3',
        'status,withdrawn,1',
        'requests,open,2',
        'queue,unclaimed,1',
        'action,request.create,3',
      ]),
    );
    const byAccept = await auditor.get(`/api/reports/overview?${range(from, to)}`, { accept: 'text/csv' });
    expect(byAccept.headers.get('content-type')).toContain('text/csv');
  });

  it('refuses a range that runs backwards or is not made of dates, naming the field, in Spanish too', async () => {
    expectField(await auditor.get(`/api/reports/overview?${range(to, from)}`), 'to', 'after_from');
    expectField(await auditor.get(`/api/reports/overview?${range(from, from)}`), 'to', 'after_from');
    expectField(await auditor.get('/api/reports/overview?from=yesterday'), 'from', 'isIso8601');
    expectField(await auditor.get('/api/reports/overview?to=2026-13-45'), 'to', 'isIso8601');
    expectField(await auditor.get('/api/reports/overview?format=pdf'), 'format', 'isIn');
    const unknown = await auditor.get('/api/reports/overview?since=2026-01-01');
    expect(unknown.status).toBe(400);
    const es = await ApiClient.login(sys.baseUrl, 'auditor@demo.test', DEMO_PASSWORD, 'es');
    const backwards = await es.get(`/api/reports/overview?${range(to, from)}`);
    expect(backwards.body.errors[0].message).toBe('debe ser posterior a from');
    // The compliance report takes the same range, refused the same way.
    expectField(await auditor.get(`/api/reports/no-surprises?${range(to, from)}`), 'to', 'after_from');
    expectField(await auditor.get('/api/reports/no-surprises?from=yesterday'), 'from', 'isIso8601');
  });

  it('is the auditors’ alone', async () => {
    expect((await hub.get('/api/reports/overview')).status).toBe(403);
    expect((await dea.get('/api/reports/overview')).status).toBe(403);
    expect((await new ApiClient(sys.baseUrl).get('/api/reports/overview')).status).toBe(401);
  });
});
