import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';

/**
 * Clocks on real time with short durations: P1 is set to a 24×7 routing target of 7.2 seconds, escalating to
 * L1 at 80 % and L2 at breach. (The business calendar, weekends and holidays are covered by the domain tests.)
 */
describe(`SLA clocks and escalation (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let dea: ApiClient;
  let hub: ApiClient;

  beforeAll(async () => {
    sys = await startTestSystem({ env: { CLOCK_SWEEP_MS: '200', CLOCK_SWEEP_GRACE_MS: '1000' } });
    await sys.db.dataSource.query(
      `UPDATE sla_policies SET calendar = '24x7', targets = targets || $1::jsonb, escalation = $2::jsonb WHERE priority = 'P1'`,
      [
        JSON.stringify({
          acknowledgeWithin: { value: 1, unit: 'hours' },
          routeWithin: { value: 0.002, unit: 'hours' },
          firstResponseWithin: { value: 1, unit: 'hours' },
          closeWithin: { value: 2, unit: 'hours' },
        }),
        JSON.stringify([
          { level: 'L1', at: '80%' },
          { level: 'L2', at: 'breach' },
        ]),
      ],
    );
    sys.api.get(ReferenceRepository).invalidate();
    sys.worker!.get(ReferenceRepository).invalidate();
    [dea, hub] = await Promise.all([
      ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD),
      ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD),
    ]);
  });

  afterAll(async () => {
    await sys?.close();
  });

  const registered = async (title: string) => {
    const created = await dea.post('/api/requests', newRequestBody({ priority: 'P1', title }));
    return eventually(async () => {
      const r = await hub.get(`/api/requests/${created.body.id}`);
      return r.body.status === 'registered' ? r.body : null;
    });
  };

  const liveSteps = async (requestId: string) =>
    (await sys.db.dataSource.query(
      `SELECT clock, trigger, fire_at FROM clock_deadlines
        WHERE request_id = $1 AND assignment_id IS NULL AND fired_at IS NULL AND cancelled_at IS NULL ORDER BY fire_at`,
      [requestId],
    )) as Array<{ clock: string; trigger: string; fire_at: Date }>;

  it('escalates to L1 at 80 % of the routing target and to L2 at breach, audited and notified', async () => {
    const r = await registered('Escalating');
    expect((await liveSteps(r.id)).map((s) => `${s.clock}:${s.trigger}`)).toContain('route:80%');
    const l1 = await eventually(async () => {
      const x = await hub.get(`/api/requests/${r.id}`);
      return x.body.escalationLevel !== 'L0' ? x.body : null;
    }, 15_000);
    expect(['L1', 'L2']).toContain(l1.escalationLevel);
    const l2 = await eventually(async () => {
      const x = await hub.get(`/api/requests/${r.id}`);
      return x.body.escalationLevel === 'L2' ? x.body : null;
    }, 15_000);
    expect(new Date(l2.clock.routeDueAt).getTime()).toBeLessThanOrEqual(Date.now());
    const events = (await sys.db.dataSource.query(
      `SELECT details->>'trigger' AS trigger, details->>'level' AS level FROM audit_events
        WHERE request_id = $1 AND action = 'request.escalated' ORDER BY occurred_at`,
      [r.id],
    )) as Array<{ trigger: string; level: string }>;
    expect(events).toEqual([
      { trigger: '80%', level: 'L1' },
      { trigger: 'breach', level: 'L2' },
    ]);
    const told = await eventually(async () => {
      const rows = (await sys.db.dataSource.query(
        `SELECT DISTINCT recipient_agency FROM notifications WHERE request_id = $1 AND event = 'request.escalated'`,
        [r.id],
      )) as Array<{ recipient_agency: string }>;
      const agencies = rows.map((x) => x.recipient_agency);
      return agencies.includes('GANS') ? agencies : null;
    });
    expect(told).toEqual(expect.arrayContaining(['SRE-SSAN', 'DEA', 'SRE-DGAE', 'GANS']));
    const overdue = await hub.get('/api/requests?queue=overdue');
    expect(overdue.body.items.map((x: { id: string }) => x.id)).toContain(r.id);
  });

  it('stops the clock while a clarification is pending and moves the deadline when it resumes', async () => {
    const r = await registered('Paused');
    const before = new Date(r.clock.routeDueAt).getTime();
    const claim = await hub.post(`/api/requests/${r.id}/actions/claim`, { version: r.version });
    const asked = await hub.post(`/api/requests/${r.id}/actions/request_clarification`, {
      version: claim.body.version,
      reason: 'Which port?',
    });
    expect(asked.body.clock.paused).toBe(true);
    expect(await liveSteps(r.id)).toEqual([]);
    const pausedFor = Date.now();
    await eventually(() => Promise.resolve(Date.now() - pausedFor > 1500 ? true : null));
    const answered = await dea.post(`/api/requests/${r.id}/actions/answer_clarification`, {
      version: asked.body.version,
      reason: 'Manzanillo.',
    });
    expect(answered.body.clock.paused).toBe(false);
    const after = new Date(answered.body.clock.routeDueAt).getTime();
    expect(after - before).toBeGreaterThanOrEqual(1500);
    const steps = await liveSteps(r.id);
    expect(steps.find((s) => s.clock === 'route' && s.trigger === 'breach')?.fire_at.getTime()).toBe(after);
  });

  it('fires a step whose timer was lost from the queue through the sweeper', async () => {
    const r = await registered('Lost timer');
    // A step with no job behind it, overdue: only the sweeper can find it.
    await sys.db.dataSource.query(
      `INSERT INTO clock_deadlines (request_id, clock, trigger, level, fire_at, due_at)
       VALUES ($1, 'close', 'breach', 'L3', now() - interval '5 seconds', now() - interval '5 seconds')`,
      [r.id],
    );
    const raised = await eventually(async () => {
      const x = await hub.get(`/api/requests/${r.id}`);
      return x.body.escalationLevel === 'L3' ? x.body : null;
    });
    expect(raised.escalationLevel).toBe('L3');
    const [step] = (await sys.db.dataSource.query(
      `SELECT fired_at FROM clock_deadlines WHERE request_id = $1 AND level = 'L3'`,
      [r.id],
    )) as Array<{ fired_at: Date | null }>;
    expect(step.fired_at).not.toBeNull();
  });
});
