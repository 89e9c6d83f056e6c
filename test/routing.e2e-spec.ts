import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import { expectProblem, fieldErrors } from './support/problem.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';

interface Item {
  id: string;
  agency: string;
  role: string;
  status: string;
  version: number;
}

describe(`routing, the agency inbox and consolidation over HTTP (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let dea: ApiClient;
  let hub: ApiClient;
  let hub2: ApiClient;
  let fgr: ApiClient;
  let sspc: ApiClient;
  let uif: ApiClient;
  let gans: ApiClient;

  beforeAll(async () => {
    sys = await startTestSystem();
    const login = (email: string) => ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD);
    [dea, hub, hub2, fgr, sspc, uif, gans] = await Promise.all(
      [
        'liaison.dea@demo.test',
        'hub@demo.test',
        'hub2@demo.test',
        'fgr@demo.test',
        'sspc@demo.test',
        'uif@demo.test',
        'gans@demo.test',
      ].map(login),
    );
  });

  afterAll(async () => {
    await sys?.close();
  });

  /** A new request, registered and claimed by the hub: ready to route. */
  async function claimed(overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
    const created = await dea.post('/api/requests', newRequestBody(overrides));
    expect(created.status).toBe(201);
    const reg = await eventually(async () => {
      const r = await hub.get(`/api/requests/${created.body.id}`);
      return r.body.status === 'registered' ? r.body : null;
    });
    const claim = await hub.post(`/api/requests/${reg.id}/actions/claim`, { version: reg.version });
    expect(claim.status).toBe(200);
    return claim.body as { id: string; version: number };
  }

  const inbox = (client: ApiClient, requestId: string, count: number) =>
    eventually(async () => {
      const r = await client.get(`/api/assignments?requestId=${requestId}`);
      return r.status === 200 && r.body.items.length >= count ? (r.body.items as Item[]) : null;
    });

  const status = (id: string, wanted: string) =>
    eventually(async () => {
      const r = await hub.get(`/api/requests/${id}`);
      return r.body.status === wanted ? r.body : null;
    });

  it('takes a request from the liaison through two agencies to a consolidated, closed reply', async () => {
    const r = await claimed();
    const proposal = await hub.get(`/api/requests/${r.id}/routing-proposal`);
    expect(proposal.status).toBe(200);
    expect(proposal.body).toMatchObject({ lead: 'FGR', ruleSetVersion: 1, needsAuthorization: false });
    expect(proposal.body.ruleIds[0]).toBe('R-025');
    expect((await dea.get(`/api/requests/${r.id}/routing-proposal`)).status).toBe(403);

    const routed = await hub.post(`/api/requests/${r.id}/actions/route`, {
      reason: 'Plan agreed with the agencies.',
      version: r.version,
      lead: 'FGR-INT',
      support: ['SSPC-SIIP'],
    });
    expect(routed.status).toBe(200);
    expect(routed.body.status).toBe('routed');

    const [mine] = await inbox(fgr, r.id, 1);
    expect(mine).toMatchObject({ agency: 'FGR-INT', role: 'lead', status: 'pending' });
    const [theirs] = await inbox(sspc, r.id, 1);
    expect(theirs).toMatchObject({ agency: 'SSPC-SIIP', role: 'support' });
    // Each agency sees only its own assignment; the lead also sees who supports it.
    expect((await fgr.get(`/api/assignments/${theirs.id}`)).status).toBe(404);
    expect((await fgr.get(`/api/assignments/${mine.id}`)).body.supportingAgencies).toEqual(['SSPC-SIIP']);
    expect((await sspc.get(`/api/assignments/${theirs.id}`)).body.supportingAgencies).toBeUndefined();
    // NS-1: the requester has no door to the agencies' work.
    expect((await dea.get('/api/assignments')).status).toBe(403);
    expect((await dea.get(`/api/requests/${r.id}/assignments`)).status).toBe(403);

    const accepted = await fgr.post(`/api/assignments/${mine.id}/actions/accept`, { version: mine.version });
    expect(accepted.status).toBe(200);
    expect((await hub.get(`/api/requests/${r.id}`)).body.status).toBe('in_progress');

    const partial = await fgr.post(`/api/assignments/${mine.id}/actions/respond`, {
      version: accepted.body.version,
      reason: 'Two of the three registry entries located so far.',
      final: false,
    });
    expect(partial.status).toBe(200);
    expect(partial.body.status).toBe('accepted');
    const final = await fgr.post(`/api/assignments/${mine.id}/actions/respond`, {
      version: partial.body.version,
      reason: 'All three registry entries, attached as annex A.',
    });
    expect(final.body.status).toBe('responded');
    expect((await hub.get(`/api/requests/${r.id}`)).body.status).toBe('in_progress');

    const sAccept = await sspc.post(`/api/assignments/${theirs.id}/actions/accept`, { version: theirs.version });
    await sspc.post(`/api/assignments/${theirs.id}/actions/respond`, {
      version: sAccept.body.version,
      reason: 'No records in the federal police registry.',
    });
    const ready = await status(r.id, 'responses_received');
    const queue = await hub.get('/api/requests?queue=ready_to_release');
    expect(queue.body.items.map((x: { id: string }) => x.id)).toContain(r.id);

    const released = await hub.post(`/api/requests/${r.id}/actions/release_response`, {
      version: ready.version,
      response: 'Consolidated reply of the Mexican agencies consulted.',
    });
    expect(released.status).toBe(200);
    const seen = await dea.get(`/api/requests/${r.id}`);
    expect(seen.body.status).toBe('response_sent');
    expect(seen.body.response.text).toBe('Consolidated reply of the Mexican agencies consulted.');
    expect(seen.body.response.answers).toEqual([
      expect.objectContaining({
        agency: 'FGR-INT',
        role: 'lead',
        text: 'All three registry entries, attached as annex A.',
      }),
      expect.objectContaining({
        agency: 'SSPC-SIIP',
        role: 'support',
        text: 'No records in the federal police registry.',
      }),
    ]);
    const closed = await dea.post(`/api/requests/${r.id}/actions/close`, { version: seen.body.version });
    expect(closed.body.status).toBe('closed');

    const actions = (
      (await sys.db.dataSource.query(
        `SELECT action FROM audit_events WHERE request_id = $1 AND outcome = 'success' ORDER BY occurred_at, id`,
        [r.id],
      )) as Array<{ action: string }>
    ).map((e) => e.action);
    for (const step of [
      'request.route',
      'assignment.delivered',
      'assignment.accept',
      'request.start_progress',
      'assignment.respond_partial',
      'assignment.respond',
      'request.complete_responses',
      'request.release_response',
      'request.close',
    ])
      expect(actions).toContain(step);
  });

  it('requires a reason to depart from the routing proposal, in the caller’s language, and keeps it with the decision', async () => {
    const r = await claimed({ title: 'Departing from the proposal' });
    const proposal = (await hub.get(`/api/requests/${r.id}/routing-proposal`)).body as {
      lead: string;
      support: string[];
    };
    const departing = { version: r.version, lead: 'SSPC-SIIP', support: [] as string[] };
    for (const reason of [undefined, '', '   ']) {
      const refused = await hub.post(`/api/requests/${r.id}/actions/route`, {
        ...departing,
        ...(reason === undefined ? {} : { reason }),
      });
      expect([reason, refused.status]).toEqual([reason, 400]);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'reason', code: 'required_to_depart' })]);
    }
    const es = await ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD, 'es');
    const enEspañol = await es.post(`/api/requests/${r.id}/actions/route`, departing);
    expect(enEspañol.body.errors[0].message).toMatch(/se aparta de la propuesta/);
    // Nothing moved while refused.
    expect((await hub.get(`/api/requests/${r.id}`)).body).toMatchObject({ status: 'in_analysis', version: r.version });

    const routed = await hub.post(`/api/requests/${r.id}/actions/route`, {
      ...departing,
      reason: 'SSPC-SIIP holds the registry.',
    });
    expect(routed.status).toBe(200);
    const after = (await hub.get(`/api/requests/${r.id}/routing-proposal`)).body as {
      decisions: Array<{ lead: string; followsProposal: boolean; reason: string | null }>;
    };
    expect(after.decisions).toEqual([
      expect.objectContaining({ lead: 'SSPC-SIIP', followsProposal: false, reason: 'SSPC-SIIP holds the registry.' }),
    ]);
    const timeline = (await hub.get(`/api/requests/${r.id}/timeline`)).body.items as Array<{
      action?: string;
      reason?: string;
    }>;
    expect(timeline.some((e) => e.reason === 'SSPC-SIIP holds the registry.')).toBe(true);
    // Following the proposal needs no reason.
    const other = await claimed({ title: 'Following the proposal' });
    const follows = await hub.post(`/api/requests/${other.id}/actions/route`, {
      version: other.version,
      lead: proposal.lead,
      support: proposal.support,
    });
    expect(follows.status).toBe(200);
  });

  it('lets one of two coordinators routing at once win; the other gets 409', async () => {
    const r = await claimed({ title: 'Contended routing' });
    const plan = {
      version: r.version,
      lead: 'FGR-INT',
      support: ['SSPC-SIIP'],
      reason: 'Plan agreed with the agencies.',
    };
    const results = await Promise.all([
      hub.post(`/api/requests/${r.id}/actions/route`, plan),
      hub2.post(`/api/requests/${r.id}/actions/route`, { ...plan, support: [] }),
    ]);
    expect(results.map((x) => x.status).sort()).toEqual([200, 409]);
    const delivered = await inbox(hub, r.id, 1);
    await eventually(async () => {
      const rows = (await sys.db.dataSource.query(
        `SELECT count(*)::int AS n FROM routing_decisions WHERE request_id = $1`,
        [r.id],
      )) as Array<{ n: number }>;
      return rows[0].n === 1 ? true : null;
    });
    expect(new Set(delivered.map((a) => a.agency)).size).toBe(delivered.length);
  });

  it('refuses a plan that names a US agency, the judiciary or the hub, field by field', async () => {
    const r = await claimed({ title: 'Bad plan' });
    const bad = await hub.post(`/api/requests/${r.id}/actions/route`, {
      reason: 'Plan agreed with the agencies.',
      version: r.version,
      lead: 'SRE-SSAN',
      support: ['DEA', 'PJF'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('ROUTING.INVALID_PLAN');
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual([
      'lead:hub_not_allowed',
      'support[0]:us_agency',
      'support[1]:judiciary',
    ]);
  });

  it('brings a declined lead back to the hub, which re-routes; the support keeps its assignment', async () => {
    const r = await claimed({ title: 'Declined lead' });
    await hub.post(`/api/requests/${r.id}/actions/route`, {
      reason: 'Plan agreed with the agencies.',
      version: r.version,
      lead: 'FGR-INT',
      support: ['SSPC-SIIP'],
    });
    const [lead] = await inbox(fgr, r.id, 1);
    const declined = await fgr.post(`/api/assignments/${lead.id}/actions/decline`, { version: lead.version });
    expect(declined.status).toBe(400);
    expect(declined.body.errors).toEqual([expect.objectContaining({ field: 'reason', code: 'required' })]);
    const ok = await fgr.post(`/api/assignments/${lead.id}/actions/decline`, {
      version: lead.version,
      reason: 'Not within FGR-INT competence: financial records.',
    });
    expect(ok.body.status).toBe('declined');

    const queue = await hub.get('/api/requests?queue=needs_rerouting');
    expect(queue.body.items.map((x: { id: string }) => x.id)).toContain(r.id);
    const counts = await hub.get('/api/requests/queues');
    expect(counts.body.queues.needs_rerouting).toBeGreaterThanOrEqual(1);
    // The hub is told, in-app, that the lead declined.
    await eventually(async () => {
      const rows = (await sys.db.dataSource.query(
        `SELECT 1 FROM notifications WHERE request_id = $1 AND recipient_agency = 'SRE-SSAN' AND event = 'assignment.decline'`,
        [r.id],
      )) as unknown[];
      return rows.length === 1 ? true : null;
    });

    const current = await hub.get(`/api/requests/${r.id}`);
    const rerouted = await hub.post(`/api/requests/${r.id}/actions/reroute`, {
      version: current.body.version,
      lead: 'SHCP-UIF',
      support: ['SSPC-SIIP'],
      reason: 'Financial records: UIF leads.',
    });
    expect(rerouted.status).toBe(200);
    const [uifLead] = await inbox(uif, r.id, 1);
    expect(uifLead).toMatchObject({ role: 'lead', status: 'pending' });
    const all = (await hub.get(`/api/requests/${r.id}/assignments`)).body.items as Item[];
    expect(all.map((a) => `${a.agency}:${a.role}:${a.status}`).sort()).toEqual([
      'FGR-INT:lead:declined',
      'SHCP-UIF:lead:pending',
      'SSPC-SIIP:support:pending',
    ]);
  });

  it('cancels and tells the agencies a re-routing takes off', async () => {
    const r = await claimed({ title: 'Re-routed support' });
    await hub.post(`/api/requests/${r.id}/actions/route`, {
      reason: 'Plan agreed with the agencies.',
      version: r.version,
      lead: 'FGR-INT',
      support: ['SSPC-SIIP'],
    });
    const [support] = await inbox(sspc, r.id, 1);
    const current = await hub.get(`/api/requests/${r.id}`);
    const rerouted = await hub.post(`/api/requests/${r.id}/actions/reroute`, {
      version: current.body.version,
      lead: 'FGR-INT',
      support: ['DEFENSA'],
      reason: 'Army registry instead of federal police.',
    });
    expect(rerouted.status).toBe(200);
    const cancelled = await sspc.get(`/api/assignments/${support.id}`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await sspc.get(`/api/requests/${r.id}`)).status).toBe(404);
    const told = (await sys.db.dataSource.query(
      `SELECT 1 FROM notifications WHERE request_id = $1 AND recipient_agency = 'SSPC-SIIP'
         AND event = 'assignment.cancel'`,
      [r.id],
    )) as unknown[];
    expect(told).toHaveLength(1);
  });

  it("relays an agency's question to the requester through the hub, and the answer back", async () => {
    const r = await claimed({ title: 'Relayed question' });
    await hub.post(`/api/requests/${r.id}/actions/route`, {
      reason: 'Plan agreed with the agencies.',
      version: r.version,
      lead: 'FGR-INT',
      support: [],
    });
    const [lead] = await inbox(fgr, r.id, 1);
    const asked = await fgr.post(`/api/assignments/${lead.id}/actions/request_clarification`, {
      version: lead.version,
      reason: 'Which of the three firearms was recovered in Sonora?',
    });
    expect(asked.body.status).toBe('clarification_requested');
    // Only the hub relays; the agency cannot reach the requester itself (NS-1).
    expect((await fgr.post(`/api/assignments/${lead.id}/relay-clarification`, {})).status).toBe(403);
    const relayed = await hub.post(`/api/assignments/${lead.id}/relay-clarification`, {
      question: 'The agency asks: which firearm was recovered in Sonora?',
    });
    expect(relayed.status).toBe(200);
    expect((await hub.post(`/api/assignments/${lead.id}/relay-clarification`, {})).status).toBe(409);

    const seen = await dea.get(`/api/requests/${r.id}`);
    expect(seen.body.status).toBe('routed');
    const question = seen.body.clarifications.find((c: { relayed: boolean }) => c.relayed);
    expect(question).toMatchObject({
      question: 'The agency asks: which firearm was recovered in Sonora?',
      answer: null,
    });
    expect(JSON.stringify(seen.body)).not.toContain('FGR-INT');
    const answered = await dea.post(`/api/requests/${r.id}/clarifications/${question.id}/answer`, {
      answer: 'The Glock, serial A1.',
    });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('routed');
    expect(
      (await dea.post(`/api/requests/${r.id}/clarifications/${question.id}/answer`, { answer: 'again' })).status,
    ).toBe(409);
    const hubView = await hub.get(`/api/requests/${r.id}`);
    expect(hubView.body.clarifications.find((c: { id: string }) => c.id === question.id).answer).toBe(
      'The Glock, serial A1.',
    );
    const back = await hub.post(`/api/assignments/${lead.id}/actions/answer_clarification`, {
      version: asked.body.version,
      reason: 'The requester says: the Glock, serial A1.',
    });
    expect(back.body.status).toBe('accepted');
  });

  it('cancels every open assignment when the requester withdraws, and the agencies are told', async () => {
    const r = await claimed({ title: 'Withdrawn after routing' });
    await hub.post(`/api/requests/${r.id}/actions/route`, {
      reason: 'Plan agreed with the agencies.',
      version: r.version,
      lead: 'FGR-INT',
      support: ['SSPC-SIIP'],
    });
    const [lead] = await inbox(fgr, r.id, 1);
    await inbox(sspc, r.id, 1);
    const current = await dea.get(`/api/requests/${r.id}`);
    const withdrawn = await dea.post(`/api/requests/${r.id}/actions/withdraw`, {
      version: current.body.version,
      reason: 'The operation was called off.',
    });
    expect(withdrawn.body.status).toBe('withdrawn');
    const all = (await hub.get(`/api/requests/${r.id}/assignments`)).body.items as Item[];
    expect(all.map((a) => a.status)).toEqual(['cancelled', 'cancelled']);
    expect((await fgr.get(`/api/assignments/${lead.id}`)).body.status).toBe('cancelled');
  });

  it('holds an authorization type until the authorizer decides', async () => {
    const r = await claimed({
      type: 'verification',
      topics: ['firearms'],
      proposedActionAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      actionKind: 'operation',
      usPersonnelOnMexicanSoil: true,
    });
    const proposal = await hub.get(`/api/requests/${r.id}/routing-proposal`);
    expect(proposal.body).toMatchObject({ needsAuthorization: true, authorizer: 'GANS' });
    const early = await hub.post(`/api/requests/${r.id}/actions/route`, {
      reason: 'Plan agreed with the agencies.',
      version: r.version,
      lead: proposal.body.lead,
      support: [],
    });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('REQUEST.GUARD_FAILED');
    const asked = await hub.post(`/api/requests/${r.id}/actions/request_authorization`, { version: r.version });
    expect(asked.body.status).toBe('awaiting_authorization');
    const pending = await gans.get('/api/requests?queue=authorization');
    expect(pending.status).toBe(200);
    const authorized = await gans.post(`/api/requests/${r.id}/actions/authorize`, {
      version: asked.body.version,
      reason: 'Authorized by the GANS in session 14/2026.',
    });
    expect(authorized.body).toMatchObject({ status: 'in_analysis', authorizationGranted: true });
    const routed = await hub.post(`/api/requests/${r.id}/actions/route`, {
      reason: 'Plan agreed with the agencies.',
      version: authorized.body.version,
      lead: proposal.body.lead,
      support: [],
    });
    expect(routed.status).toBe(200);
    const denied = (await sys.db.dataSource.query(
      `SELECT 1 FROM audit_events WHERE request_id = $1 AND action = 'request.route' AND outcome = 'denied'`,
      [r.id],
    )) as unknown[];
    expect(denied).toHaveLength(1);
  });

  it("lists GANS's past decisions newest first, by decision and date range, to GANS and auditors only", async () => {
    const needing = {
      type: 'verification',
      topics: ['firearms'],
      proposedActionAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      actionKind: 'operation',
      usPersonnelOnMexicanSoil: true,
    };
    const sent = async () => {
      const r = await claimed(needing);
      const asked = await hub.post(`/api/requests/${r.id}/actions/request_authorization`, { version: r.version });
      expect(asked.body.status).toBe('awaiting_authorization');
      return asked.body as { id: string; version: number; folio: string };
    };
    const [a, b] = [await sent(), await sent()];
    const before = new Date().toISOString();
    const yes = await gans.post(`/api/requests/${a.id}/actions/authorize`, {
      version: a.version,
      reason: 'Autorizada en la sesión 15/2026.',
    });
    expect(yes.status).toBe(200);
    const no = await gans.post(`/api/requests/${b.id}/actions/deny`, {
      version: b.version,
      reason: 'Denegada: sin acuerdo con la contraparte.',
    });
    expect(no.status).toBe(200);

    type Decision = { requestId: string; decision: string; decidedAt: string };
    const list = async (query: string) => {
      const res = await gans.get(`/api/requests/authorization-decisions${query}`);
      expect(res.status).toBe(200);
      return res.body as { items: Decision[]; nextCursor: string | null };
    };
    const ours = (items: Decision[]) => items.filter((d) => d.requestId === a.id || d.requestId === b.id);

    const all = await list(`?from=${before}`);
    expect(all.items).toEqual([
      expect.objectContaining({
        requestId: b.id,
        folio: b.folio,
        decision: 'denied',
        reason: 'Denegada: sin acuerdo con la contraparte.',
        status: 'authorization_denied',
        decidedBy: expect.objectContaining({ agency: 'GANS', displayName: expect.any(String) }),
      }),
      expect.objectContaining({
        requestId: a.id,
        decision: 'authorized',
        reason: 'Autorizada en la sesión 15/2026.',
        status: 'in_analysis',
      }),
    ]);
    expect(all.items[0].decidedAt >= all.items[1].decidedAt).toBe(true);
    expect(all.items[1].decidedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    expect(ours((await list('?decision=denied')).items).map((d) => d.requestId)).toEqual([b.id]);
    expect(ours((await list('?decision=authorized')).items).map((d) => d.requestId)).toEqual([a.id]);
    expect((await list(`?to=${before}`)).items.map((d) => d.requestId)).not.toEqual(expect.arrayContaining([a.id]));
    expect((await list(`?from=${all.items[0].decidedAt}`)).items.map((d) => d.requestId)).toEqual([b.id]);

    const first = await list(`?from=${before}&limit=1`);
    expect(first.items.map((d) => d.requestId)).toEqual([b.id]);
    const second = await list(`?from=${before}&limit=1&cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ requestId: a.id })], nextCursor: null });

    const auditor = await ApiClient.login(sys.baseUrl, 'auditor@demo.test', DEMO_PASSWORD);
    expect(ours((await auditor.get(`/api/requests/authorization-decisions?from=${before}`)).body.items)).toHaveLength(
      2,
    );
    for (const client of [dea, hub, fgr]) {
      expectProblem(await client.get('/api/requests/authorization-decisions'), 403, 'AUTH.FORBIDDEN');
    }
    const bad = await gans.get('/api/requests/authorization-decisions?decision=maybe');
    expectProblem(bad, 400, 'VALIDATION.FAILED');
    expect(fieldErrors(bad)).toEqual({ decision: expect.any(String) });
    const backwards = await gans.get(`/api/requests/authorization-decisions?from=${before}&to=${before}`);
    expect(fieldErrors(backwards)).toEqual({ to: 'after_from' });
  });
});

describe('routing rules as versioned data', () => {
  let sys: TestSystem;
  let admin: ApiClient;
  let hub: ApiClient;
  let dea: ApiClient;

  beforeAll(async () => {
    sys = await startTestSystem({ worker: false });
    [admin, hub, dea] = await Promise.all(
      ['admin@demo.test', 'hub@demo.test', 'liaison.dea@demo.test'].map((e) =>
        ApiClient.login(sys.baseUrl, e, DEMO_PASSWORD),
      ),
    );
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('publishes an edit as a new version, keeps the old one, and refuses an invalid set field by field', async () => {
    const list = await hub.get('/api/admin/routing-rules');
    expect(list.body.current).toBe(1);
    expect((await dea.get('/api/admin/routing-rules')).status).toBe(403);
    const v1 = await admin.get('/api/admin/routing-rules/1');
    const doc = v1.body.document as { rules: Array<{ id: string; lead: string; support: string[] }> };

    const broken = structuredClone(doc);
    broken.rules[0].lead = 'DEA';
    broken.rules[1].support = ['PJF'];
    const refused = await admin.post('/api/admin/routing-rules', { document: broken });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('ROUTING.RULES_INVALID');
    expect(refused.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(
      expect.arrayContaining(['document.rules[0].lead:us_agency', 'document.rules[1].support[0]:judiciary']),
    );
    expect((await hub.post('/api/admin/routing-rules', { document: doc })).status).toBe(403);

    const edited = structuredClone(doc);
    const r25 = edited.rules.find((r) => r.id === 'R-025')!;
    r25.lead = 'FGR-INT';
    const published = await admin.post('/api/admin/routing-rules', {
      document: edited,
      note: 'FGR-INT leads firearms intel',
    });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 2, note: 'FGR-INT leads firearms intel' });
    expect((await hub.get('/api/admin/routing-rules')).body.items.map((v: { version: number }) => v.version)).toEqual([
      2, 1,
    ]);
    expect(
      (await admin.get('/api/admin/routing-rules/1')).body.document.rules.find((r: { id: string }) => r.id === 'R-025')
        .lead,
    ).toBe('FGR');
  });
});
