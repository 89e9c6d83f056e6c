import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem, type TestSystem } from '@ventanilla/testing/test-system.js';

jest.setTimeout(120_000);

/**
 * GET /api/home: each role's figures and first items, on the demo data, equal to what the role's own screens'
 * endpoints say, and nothing outside the caller's need-to-know (another agency's requests, another role's section).
 */
describe('the home page of each role (GET /api/home)', () => {
  let sys: TestSystem;
  const login = (email: string) => ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD);
  const ids = (items: Array<{ id?: string; requestId?: string }>) => items.map((i) => i.requestId ?? i.id).sort();

  beforeAll(async () => {
    sys = await startTestSystem({ worker: false });
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('answers 401 without a session, and only the caller’s own section with one', async () => {
    const anonymous = await fetch(`${sys.baseUrl}/api/home`);
    expect(anonymous.status).toBe(401);
    const sections: Record<string, string> = {
      'liaison.dea@demo.test': 'liaison',
      'hub@demo.test': 'hub',
      'fgr@demo.test': 'agency',
      'gans@demo.test': 'authorizer',
      'auditor@demo.test': 'auditor',
      'admin@demo.test': 'admin',
    };
    for (const [email, section] of Object.entries(sections)) {
      const res = await (await login(email)).get('/api/home');
      expect([email, res.status, Object.keys(res.body).sort()]).toEqual([email, 200, [section, 'role'].sort()]);
    }
  });

  it("gives a liaison their agency's requests that need them, and their dates, nothing of other agencies", async () => {
    const hsi = await login('liaison.hsi@demo.test');
    const home = (await hsi.get('/api/home')).body.liaison;
    // The demo leaves HSI's request waiting for a clarification.
    const asked = (await hsi.get('/api/requests?status=clarification_requested')).body.items;
    expect(asked.length).toBe(1);
    expect(home.needsAction.clarification).toBe(1);
    expect(home.actionItems).toEqual([
      expect.objectContaining({ requestId: asked[0].id, folio: asked[0].folio, action: 'clarification' }),
    ]);

    // A draft of DEA's shows on DEA's home, not on HSI's; DEA's planned action is among its dates.
    const dea = await login('liaison.dea@demo.test');
    const before = (await dea.get('/api/home')).body.liaison;
    const draft = await dea.post('/api/requests', newRequestBody({ title: 'Home page draft', draft: true }));
    expect(draft.status).toBe(201);
    const after = (await dea.get('/api/home')).body.liaison;
    expect(after.needsAction.draft).toBe(before.needsAction.draft + 1);
    expect(after.actionItems).toContainEqual(
      expect.objectContaining({ requestId: draft.body.id, action: 'draft', status: 'draft', folio: null }),
    );
    const deaRequests = (await dea.get('/api/requests?limit=200')).body.items as Array<Record<string, any>>;
    const planned = deaRequests.filter((r) => r.proposedActionAt && r.status !== 'draft');
    expect(planned.length).toBeGreaterThan(0);
    expect(after.deadlines).toEqual(
      expect.arrayContaining(
        planned.map((r): unknown =>
          expect.objectContaining({ requestId: r.id, kind: 'proposed_action', at: r.proposedActionAt }),
        ),
      ),
    );
    expect(after.open).toBe(
      deaRequests.filter(
        (r) => !['draft', 'closed', 'rejected', 'withdrawn', 'authorization_denied'].includes(r.status),
      ).length,
    );
    const mine = new Set(deaRequests.map((r) => String(r.id)));
    expect([...after.actionItems, ...after.deadlines].every((i: { requestId: string }) => mine.has(i.requestId))).toBe(
      true,
    );
    expect(
      ((await hsi.get('/api/home')).body.liaison.actionItems as Array<{ requestId: string }>).map((i) => i.requestId),
    ).not.toContain(draft.body.id);
  });

  it('gives the hub its queue counts and its own claimed work', async () => {
    const hub = await login('hub@demo.test');
    const home = (await hub.get('/api/home')).body.hub;
    const counts = (await hub.get('/api/requests/queues')).body;
    expect(home.queues).toEqual(counts.queues);
    const mine = (await hub.get('/api/requests?queue=mine')).body.items;
    expect(mine.length).toBeGreaterThan(0);
    expect(home.mine.map((i: { requestId: string }) => i.requestId)).toEqual(mine.map((r: { id: string }) => r.id));
    // Another coordinator claimed nothing: an empty list, the same counts of the shared queues.
    const other = (await (await login('hub2@demo.test')).get('/api/home')).body.hub;
    expect(other.mine).toEqual([]);
    expect(other.queues.unclaimed).toBe(home.queues.unclaimed);
    expect(other.queues.mine).toBe(0);
  });

  it('gives an agency its assignments to accept and to answer, only its own', async () => {
    for (const email of ['fgr@demo.test', 'sspc@demo.test']) {
      const agency = await login(email);
      const home = (await agency.get('/api/home')).body.agency;
      const pending = (await agency.get('/api/assignments?status=pending')).body.items;
      const accepted = (await agency.get('/api/assignments?status=accepted')).body.items;
      expect([email, home.toAccept, home.toAnswer]).toEqual([email, pending.length, accepted.length]);
      expect(home.toAnswer).toBeGreaterThan(0);
      expect(home.items.map((i: { assignmentId: string }) => i.assignmentId).sort()).toEqual(
        [...pending, ...accepted].map((a: { id: string }) => a.id).sort(),
      );
      const own = new Set(
        ((await agency.get('/api/assignments?limit=200')).body.items as Array<{ id: string }>).map((a) => a.id),
      );
      expect(home.items.every((i: { assignmentId: string }) => own.has(i.assignmentId))).toBe(true);
    }
  });

  it('gives GANS its pending decisions', async () => {
    const gans = await login('gans@demo.test');
    const home = (await gans.get('/api/home')).body.authorizer;
    const pending = (await gans.get('/api/requests?status=awaiting_authorization')).body.items;
    expect(pending.length).toBeGreaterThan(0);
    expect(home.pending).toBe(pending.length);
    expect(ids(home.items)).toEqual(ids(pending));
    // Every demo authorization proposes its action two weeks ahead: none within the week.
    expect(home.actionWithinWeek).toBe(0);
  });

  it("gives the auditor the chain's state, the last verification and the escalation figures", async () => {
    const auditor = await login('auditor@demo.test');
    const verdict = (await auditor.get('/api/audit/verify')).body;
    const home = (await auditor.get('/api/home')).body.auditor;
    expect(home.integrity.lastVerification).toEqual(
      expect.objectContaining({ ok: verdict.ok, headSeq: verdict.headSeq, brokenSeq: null }),
    );
    expect(Date.parse(home.integrity.lastVerification.at)).toBeLessThanOrEqual(Date.now());
    // No sealer runs in this system: everything the seed wrote waits in the unsealed queue.
    expect(home.integrity.unsealed).toBeGreaterThan(0);
    const counts = (await auditor.get('/api/requests/queues')).body;
    expect(home.escalation).toEqual(counts.escalation);
    expect(home.overdue).toBe(counts.queues.overdue);
  });

  it('gives the administrator the accounts and the dead letters waiting', async () => {
    const admin = await login('admin@demo.test');
    const home = (await admin.get('/api/home')).body.admin;
    const active = (await admin.get('/api/admin/users?disabled=false&limit=200')).body.items;
    const disabled = (await admin.get('/api/admin/users?disabled=true&limit=200')).body.items;
    const dead = (await admin.get('/api/admin/dead-letters?limit=200')).body.items;
    expect(home.users.active).toBe(active.length);
    expect(home.users.disabled).toBe(disabled.length);
    expect(home.deadLetters).toBe(dead.length);
  });
});
