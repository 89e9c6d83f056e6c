import { createUser, newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, type ApiResponse } from '@ventanilla/testing/http-client.js';
import { Journeys } from '@ventanilla/testing/journeys.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';

jest.setTimeout(180_000);

/** Issue 14, item 11: the hub coordinator holding a request hands it to a colleague, audited and told. */
describe(`hand-over between hub coordinators (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let dea: ApiClient;
  let hub: ApiClient;
  let hub2: ApiClient;
  let fgr: ApiClient;
  let journeys: Journeys;
  const ids: Record<string, string> = {};

  const q = <T>(sql: string, params: unknown[] = []) => sys.db.dataSource.query<T>(sql, params);
  const expectProblem = (res: ApiResponse, status: number, code: string) => {
    expect([res.status, res.body.code, res.headers.get('content-type')]).toEqual([
      status,
      code,
      expect.stringContaining('application/problem+json'),
    ]);
  };
  const current = async (id: string) => (await hub.get(`/api/requests/${id}`)).body as { version: number };
  const handOver = (by: ApiClient, id: string, version: number, body: Record<string, unknown>) =>
    by.post(`/api/requests/${id}/actions/hand_over`, { version, ...body });

  beforeAll(async () => {
    sys = await startTestSystem();
    [dea, hub, hub2, fgr] = await Promise.all(
      ['liaison.dea@demo.test', 'hub@demo.test', 'hub2@demo.test', 'fgr@demo.test'].map((e) =>
        ApiClient.login(sys.baseUrl, e, DEMO_PASSWORD),
      ),
    );
    journeys = new Journeys({ liaisons: { DEA: dea }, hub, agencies: { 'FGR-INT': fgr } });
    for (const u of await q<Array<{ id: string; email: string }>>(`SELECT id, email FROM users`)) ids[u.email] = u.id;
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('lists the other active hub coordinators to a hub coordinator, and to nobody else', async () => {
    const res = await hub.get('/api/hub/colleagues');
    expect(res.status).toBe(200);
    const emails = (res.body.items as Array<{ email: string; displayName: string }>).map((u) => u.email);
    expect(emails).toContain('hub2@demo.test');
    expect(emails).not.toContain('hub@demo.test');
    expect(emails.every((e) => ids[e] !== undefined)).toBe(true);
    expectProblem(await dea.get('/api/hub/colleagues'), 403, 'AUTH.FORBIDDEN');
    expectProblem(await fgr.get('/api/hub/colleagues'), 403, 'AUTH.FORBIDDEN');
  });

  it('hands a claimed request to a colleague: theirs from now on, on the record, and the hub told', async () => {
    const { id } = await journeys.requestIn('DEA', 'routed');
    const before = (await hub.get(`/api/requests/${id}`)).body;
    expect(before.claimedBy).toBe(ids['hub@demo.test']);
    expect(before.availableActions).toContain('hand_over');

    const res = await handOver(hub, id, before.version, {
      colleague: ids['hub2@demo.test'],
      reason: 'On leave from Monday; FGR-INT is waiting on the bank records.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'routed',
      claimedBy: ids['hub2@demo.test'],
      version: before.version + 1,
    });
    expect(res.body.availableActions).not.toContain('hand_over');

    // Now hub2's: in its own queue and no longer in the first coordinator's.
    const mine = async (c: ApiClient) =>
      ((await c.get('/api/requests?queue=mine&limit=200')).body.items as Array<{ id: string }>).map((r) => r.id);
    expect(await mine(hub2)).toContain(id);
    expect(await mine(hub)).not.toContain(id);
    expect((await hub2.get(`/api/requests/${id}`)).body.availableActions).toContain('hand_over');

    // Audited once, with who took it over; in the hub's history with the note.
    const events = await q<Array<{ details: Record<string, unknown>; reason: string; changed_fields: string[] }>>(
      `SELECT details, reason, changed_fields FROM audit_events
        WHERE request_id = $1 AND action = 'request.hand_over' AND outcome = 'success'`,
      [id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].details).toMatchObject({ from: ids['hub@demo.test'], to: ids['hub2@demo.test'] });
    expect(events[0].changed_fields).toContain('claimedBy');
    const timeline = (await hub2.get(`/api/requests/${id}/timeline`)).body.items as Array<Record<string, any>>;
    const entry = timeline.find((e) => e.action === 'request.hand_over');
    expect(entry).toMatchObject({
      fromStatus: 'routed',
      toStatus: 'routed',
      reason: 'On leave from Monday; FGR-INT is waiting on the bank records.',
      handedTo: { userId: ids['hub2@demo.test'], displayName: expect.any(String) },
    });
    // The requester and the agencies still deal with "the hub": the hand-over is not theirs to see.
    for (const outsider of [dea, fgr]) {
      const theirs = (await outsider.get(`/api/requests/${id}/timeline`)).body.items as Array<{ action: string }>;
      expect(theirs.length).toBeGreaterThan(0);
      expect(theirs.map((e) => e.action)).not.toContain('request.hand_over');
    }

    // The colleague has the notice, in-app, written with the change; nobody outside the hub is told.
    const notices = await q<Array<{ recipient_agency: string; params: Record<string, unknown> }>>(
      `SELECT recipient_agency, params FROM notifications WHERE request_id = $1 AND event = 'request.hand_over'`,
      [id],
    );
    expect(notices.map((n) => n.recipient_agency)).toEqual(['SRE-SSAN']);
    expect(notices[0].params).toMatchObject({ toUserId: ids['hub2@demo.test'], status: 'routed' });
    const inbox = (await hub2.get('/api/notifications?limit=200')).body.items as Array<Record<string, any>>;
    const notice = inbox.find((n) => n.event === 'request.hand_over' && n.requestId === id);
    expect(notice?.body).toContain('FGR-INT is waiting on the bank records.');
    const hub2Name = (await hub2.get('/api/auth/me')).body.user.displayName as string;
    expect(notice?.subject).toContain(hub2Name);
    const deaInbox = (await dea.get('/api/notifications?limit=200')).body.items as Array<{ event: string }>;
    expect(deaInbox.map((n) => n.event)).not.toContain('request.hand_over');

    // And the colleague may hand it back.
    const back = await handOver(hub2, id, res.body.version, { colleague: ids['hub@demo.test'], reason: 'Back.' });
    expect(back.status).toBe(200);
    expect(back.body.claimedBy).toBe(ids['hub@demo.test']);
  });

  it('refuses with a problem naming why: not the holder, not claimed, a wrong colleague, no note', async () => {
    const { id } = await journeys.requestIn('DEA', 'in_analysis');
    const { version } = await current(id);
    const note = { reason: 'Covering the port cases this week.' };

    // Only the holder hands over: 409, with the request as it is.
    const notHolder = await handOver(hub2, id, version, { colleague: ids['hub@demo.test'], ...note });
    expectProblem(notHolder, 409, 'REQUEST.NOT_CLAIMANT');
    expect(notHolder.body.current.claimedBy).toBe(ids['hub@demo.test']);

    // The colleague: another hub coordinator, active, not oneself; each 400 names the field, in Spanish too.
    const fieldError = (res: ApiResponse, code: string) => {
      expectProblem(res, 400, 'VALIDATION.FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'colleague', code })]);
    };
    fieldError(await handOver(hub, id, version, note), 'required');
    fieldError(await handOver(hub, id, version, { colleague: 'hub2', ...note }), 'isUuid');
    fieldError(await handOver(hub, id, version, { colleague: ids['hub@demo.test'], ...note }), 'self');
    fieldError(
      await handOver(hub, id, version, { colleague: ids['liaison.dea@demo.test'], ...note }),
      'not_hub_coordinator',
    );
    fieldError(
      await handOver(hub, id, version, { colleague: '00000000-0000-4000-8000-000000000000', ...note }),
      'not_hub_coordinator',
    );
    const admin = await ApiClient.login(sys.baseUrl, 'admin@demo.test', DEMO_PASSWORD);
    const { user: away } = await createUser(admin, {
      email: 'hub.away@demo.test',
      displayName: 'Hub coordinator away',
      role: 'hub_coordinator',
      agency: 'SRE-SSAN',
    });
    const disabled = await admin.patch(`/api/admin/users/${away.id}`, { version: away.version, disabled: true });
    expect(disabled.status).toBe(200);
    fieldError(await handOver(hub, id, version, { colleague: away.id, ...note }), 'inactive_user');
    expect(((await hub.get('/api/hub/colleagues')).body.items as Array<{ id: string }>).map((u) => u.id)).not.toContain(
      away.id,
    );
    const hubEs = await ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD, 'es');
    const es = await handOver(hubEs, id, version, { colleague: ids['hub@demo.test'], ...note });
    expect(es.body.errors[0].message).toBe('debe ser alguien distinto de usted');

    // The note is required: it tells the colleague where things stand.
    const noNote = await handOver(hub, id, version, { colleague: ids['hub2@demo.test'], reason: '  ' });
    expectProblem(noNote, 400, 'VALIDATION.FAILED');
    expect(noNote.body.errors).toEqual([expect.objectContaining({ field: 'reason', code: 'required' })]);

    // Unknown fields are refused.
    const extra = await handOver(hub, id, version, { colleague: ids['hub2@demo.test'], lead: 'FGR-INT', ...note });
    expectProblem(extra, 400, 'VALIDATION.FAILED');

    // Not claimed yet: nothing to hand over.
    const created = await dea.post('/api/requests', newRequestBody({ title: 'Hand-over before the claim' }));
    const reg = await journeys.inStatus(created.body.id as string, 'registered');
    expectProblem(
      await handOver(hub, created.body.id as string, reg.version, { colleague: ids['hub2@demo.test'], ...note }),
      409,
      'REQUEST.NOT_CLAIMED',
    );

    // Other roles: the requester may see the request but not do this (403); an agency does not see it (404).
    expectProblem(
      await handOver(dea, id, version, { colleague: ids['hub2@demo.test'], ...note }),
      403,
      'REQUEST.FORBIDDEN_ACTION',
    );
    expectProblem(
      await handOver(fgr, id, version, { colleague: ids['hub2@demo.test'], ...note }),
      404,
      'REQUEST.NOT_FOUND',
    );

    // None of it moved the request, and each refusal by the lifecycle is on the record as denied.
    const after = (await hub.get(`/api/requests/${id}`)).body;
    expect(after).toMatchObject({ version, claimedBy: ids['hub@demo.test'], status: 'in_analysis' });
    const [{ n }] = await q<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1 AND action = 'request.hand_over' AND outcome = 'success'`,
      [id],
    );
    expect(n).toBe(0);
    const denied = await q<Array<{ actor_user_id: string }>>(
      `SELECT actor_user_id FROM audit_events WHERE request_id = $1 AND action = 'request.hand_over' AND outcome = 'denied'`,
      [id],
    );
    expect(denied.map((d) => d.actor_user_id)).toEqual(
      expect.arrayContaining([ids['hub2@demo.test'], ids['liaison.dea@demo.test']]),
    );
  });

  it('lets exactly one of 12 concurrent hand-overs of the same request win; the others get 409', async () => {
    const { id } = await journeys.requestIn('DEA', 'in_analysis');
    const { version } = await current(id);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        handOver(hub, id, version, { colleague: ids['hub2@demo.test'], reason: `Attempt ${i + 1}.` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(['REQUEST.VERSION_CONFLICT', 'REQUEST.NOT_CLAIMANT']).toContain(r.body.code);
    }
    const after = (await hub.get(`/api/requests/${id}`)).body;
    expect(after).toMatchObject({ claimedBy: ids['hub2@demo.test'], version: version + 1 });
    const [{ events, notices }] = await q<Array<{ events: number; notices: number }>>(
      `SELECT (SELECT count(*)::int FROM audit_events WHERE request_id = $1 AND action = 'request.hand_over'
                 AND outcome = 'success') AS events,
              (SELECT count(*)::int FROM notifications WHERE request_id = $1 AND event = 'request.hand_over') AS notices`,
      [id],
    );
    expect({ events, notices }).toEqual({ events: 1, notices: 1 });
  });
});
