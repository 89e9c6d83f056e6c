import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { expectProblem } from './support/problem.js';

interface Listed {
  id: string;
  status: string;
  requestingAgency: string;
  createdAt: string;
  title: string;
}

// jest.config.cjs sets testTimeout per project, which Jest ignores (it is a global option): set it here.
jest.setTimeout(60_000);

describe(`need-to-know: what each role sees in lists, details and timelines (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let dea: ApiClient;
  let atf: ApiClient;
  let hub: ApiClient;
  let auditor: ApiClient;
  let gans: ApiClient;
  let fgr: ApiClient;

  /** Requests this suite creates, by name. */
  const made: Record<string, { id: string; version: number; folio?: string }> = {};

  const registered = (client: ApiClient, id: string) =>
    eventually(async () => {
      const r = await client.get(`/api/requests/${id}`);
      return r.body.status === 'registered' ? (r.body as { id: string; version: number; folio: string }) : null;
    });

  /** Every page of a list, following nextCursor; fails on a repeated id. */
  const walk = async (client: ApiClient, query: string, limit = 200, from: string | null = null): Promise<Listed[]> => {
    const items: Listed[] = [];
    let cursor = from;
    for (let page = 0; page < 1000; page++) {
      const sep = query ? '&' : '';
      const res = await client.get(
        `/api/requests?${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...(res.body.items as Listed[]));
      cursor = res.body.nextCursor as string | null;
      if (!cursor) break;
      expect(res.body.items).toHaveLength(limit);
    }
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    return items;
  };

  const ids = (items: Array<{ id: string }>) => items.map((i) => i.id).sort();

  const dbIds = async (where: string, params: unknown[] = []): Promise<string[]> =>
    ((await sys.db.dataSource.query(`SELECT id FROM requests WHERE ${where}`, params)) as Array<{ id: string }>)
      .map((r) => r.id)
      .sort();

  beforeAll(async () => {
    sys = await startTestSystem();
    [dea, atf, hub, auditor, gans, fgr] = await Promise.all(
      [
        'liaison.dea@demo.test',
        'liaison.atf@demo.test',
        'hub@demo.test',
        'auditor@demo.test',
        'gans@demo.test',
        'fgr@demo.test',
      ].map((email) => ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD)),
    );

    const create = async (client: ApiClient, name: string, body: Record<string, unknown>) => {
      const res = await client.post('/api/requests', newRequestBody(body));
      expect(res.status).toBe(201);
      made[name] = { id: res.body.id, version: res.body.version };
    };
    const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString();
    await create(dea, 'deaInfo', { title: 'DEA information request' });
    await create(dea, 'deaDraft', { title: 'DEA draft', draft: true });
    await create(dea, 'deaVerification', {
      type: 'verification',
      topics: ['fentanyl_synthetics'],
      title: 'DEA joint verification',
      proposedActionAt: inTwoWeeks,
      actionKind: 'operation',
    });
    await create(dea, 'deaVerificationDraft', {
      type: 'verification',
      topics: ['fentanyl_synthetics'],
      title: 'DEA verification draft',
      proposedActionAt: inTwoWeeks,
      actionKind: 'operation',
      draft: true,
    });
    // US personnel on Mexican soil during a coordinated operation: the routing modifier requires authorization.
    await create(dea, 'deaPersonnel', {
      title: 'DEA operation with US personnel',
      type: 'coordinated_operation',
      proposedActionAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      actionKind: 'operation',
      usPersonnelOnMexicanSoil: true,
    });
    // The "Kestrel" family, for filters: ATF's, in several types, topics, priorities and statuses.
    await create(atf, 'kA', { title: 'Kestrel firearms registry', type: 'information', priority: 'P3' });
    await create(atf, 'kB', { title: 'Kestrel trace 100% match', type: 'firearms_trace', priority: 'P2' });
    await create(atf, 'kC', {
      title: 'Kestrel laundering',
      type: 'information',
      topics: ['money_laundering', 'firearms'],
      priority: 'P1',
    });
    await create(atf, 'kD', {
      title: 'Kestrel lead',
      type: 'intelligence',
      topics: ['drug_trafficking'],
      summary: 'Fictitious: a cartel logistics cell.',
    });
    await create(atf, 'kE', { title: 'Kestrel draft', draft: true });
    await Promise.all(
      ['deaInfo', 'deaVerification', 'deaPersonnel', 'kA', 'kB', 'kC', 'kD'].map(async (name) => {
        const r = await registered(name.startsWith('k') ? atf : dea, made[name].id);
        made[name] = { id: r.id, version: r.version, folio: r.folio };
      }),
    );
    const withdrawn = await atf.post(`/api/requests/${made.kC.id}/actions/withdraw`, {
      version: made.kC.version,
      reason: 'Merged into another request.',
    });
    expect(withdrawn.body.status).toBe('withdrawn');
  });

  afterAll(async () => {
    await sys?.close();
  });

  it("shows a liaison exactly their own agency's requests, drafts included, and nothing of others", async () => {
    const mine = await walk(dea, '');
    expect(ids(mine)).toEqual(await dbIds(`requesting_agency = 'DEA'`));
    expect(ids(mine)).toEqual(expect.arrayContaining([made.deaDraft.id, made.deaInfo.id]));
    expect(new Set(mine.map((r) => r.requestingAgency))).toEqual(new Set(['DEA']));

    expect((await dea.get(`/api/requests/${made.deaDraft.id}`)).body.status).toBe('draft');
    for (const path of [`/api/requests/${made.kA.id}`, `/api/requests/${made.kA.id}/timeline`]) {
      expectProblem(await dea.get(path), 404, 'REQUEST.NOT_FOUND');
    }
  });

  it('shows the hub every request except drafts', async () => {
    const all = await walk(hub, '');
    expect(ids(all)).toEqual(await dbIds(`status <> 'draft'`));
    expect(new Set(all.map((r) => r.requestingAgency)).size).toBeGreaterThan(2);
    expect(all.map((r) => r.status)).not.toContain('draft');
    expect((await hub.get(`/api/requests/${made.kA.id}`)).status).toBe(200);
    for (const draft of [made.deaDraft, made.kE]) {
      expectProblem(await hub.get(`/api/requests/${draft.id}`), 404, 'REQUEST.NOT_FOUND');
      expectProblem(await hub.get(`/api/requests/${draft.id}/timeline`), 404, 'REQUEST.NOT_FOUND');
    }
    expect(ids(await walk(hub, 'status=draft'))).toEqual([]);
  });

  it('shows the auditor everything, drafts included, and lets them change nothing', async () => {
    const all = await walk(auditor, '');
    expect(ids(all)).toEqual(await dbIds('TRUE'));
    expect(ids(all)).toEqual(expect.arrayContaining([made.deaDraft.id, made.kE.id]));
    expect((await auditor.get(`/api/requests/${made.deaDraft.id}`)).status).toBe(200);

    expectProblem(
      await auditor.post(`/api/requests/${made.kA.id}/actions/claim`, { version: made.kA.version }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(await auditor.patch(`/api/requests/${made.kE.id}`, { version: 1, title: 'x' }), 403);
    expectProblem(await auditor.post('/api/requests', newRequestBody()), 403, 'AUTH.FORBIDDEN');
  });

  it("shows the auditor (and the hub) refused look-ups in a request's timeline; the liaison sees only its history", async () => {
    const { id } = made.deaInfo;
    expectProblem(await atf.get(`/api/requests/${id}`), 404);
    expectProblem(await fgr.get(`/api/requests/${id}/timeline`), 404);

    const forAuditor = (await auditor.get(`/api/requests/${id}/timeline`)).body.items as Array<{
      action: string;
      actor: { role: string; agency: string | null; userId?: string | null };
    }>;
    const denied = forAuditor.filter((e) => e.action === 'access.denied');
    expect(denied.map((e) => e.actor.agency).sort()).toEqual(['ATF', 'FGR-INT']);
    expect(denied.every((e) => typeof e.actor.userId === 'string')).toBe(true);
    expect(forAuditor.map((e) => e.action)).toEqual(expect.arrayContaining(['request.create', 'request.register']));

    const forHub = (await hub.get(`/api/requests/${id}/timeline`)).body.items as Array<{ action: string }>;
    expect(forHub.filter((e) => e.action === 'access.denied')).toHaveLength(2);

    const forLiaison = (await dea.get(`/api/requests/${id}/timeline`)).body.items as Array<{
      action: string;
      actor: Record<string, unknown>;
    }>;
    // Besides the notification evidence (notification.*, its own agency's notices only).
    expect(forLiaison.map((e) => e.action).filter((a) => !a.startsWith('notification.'))).toEqual([
      'request.create',
      'request.register',
    ]);
    expect(forLiaison.every((e) => !('userId' in e.actor))).toBe(true);
  });

  it('shows the authorizer only submitted requests that need GANS authorization', async () => {
    const visible = await walk(gans, '');
    expect(ids(visible)).toEqual(await dbIds(`status <> 'draft' AND needs_authorization`));
    expect(ids(visible)).toEqual(expect.arrayContaining([made.deaVerification.id, made.deaPersonnel.id]));
    expect(ids(visible)).not.toContain(made.deaVerificationDraft.id);
    expect(ids(visible)).not.toContain(made.deaInfo.id);

    expect((await gans.get(`/api/requests/${made.deaVerification.id}`)).body.type).toBe('verification');
    for (const hidden of [made.deaInfo, made.deaVerificationDraft, made.kA]) {
      expectProblem(await gans.get(`/api/requests/${hidden.id}`), 404, 'REQUEST.NOT_FOUND');
    }
  });

  it('shows an agency coordinator only the requests routed to their agency', async () => {
    const res = await fgr.get('/api/requests?limit=200');
    expect(res.status).toBe(200);
    expect(ids(res.body.items as Listed[])).toEqual(
      await dbIds(
        `EXISTS (SELECT 1 FROM assignments a WHERE a.request_id = requests.id AND a.agency = 'FGR-INT'
                   AND a.status NOT IN ('cancelled', 'declined'))`,
      ),
    );
    for (const r of [made.deaInfo, made.kA, made.deaVerification]) {
      expectProblem(await fgr.get(`/api/requests/${r.id}`), 404, 'REQUEST.NOT_FOUND');
    }
    expectProblem(await fgr.post(`/api/requests/${made.kA.id}/actions/claim`, { version: made.kA.version }), 404);
  });

  it('filters by status, type, topic, priority and free text, within the caller’s scope', async () => {
    const names = (items: Listed[]) =>
      items
        .map((i) => Object.keys(made).find((k) => made[k].id === i.id) ?? i.id)
        .sort()
        .join(',');
    const atfSees = async (query: string) => names(await walk(atf, query, 2));
    const hubSees = async (query: string) => names(await walk(hub, query, 2));

    expect(await atfSees('q=Kestrel')).toBe('kA,kB,kC,kD,kE');
    expect(await hubSees('q=Kestrel')).toBe('kA,kB,kC,kD');
    expect(await atfSees('q=kestrel&type=information')).toBe('kA,kC,kE');
    expect(await atfSees('q=Kestrel&topic=firearms')).toBe('kA,kB,kC,kE');
    expect(await atfSees('q=Kestrel&topic=money_laundering')).toBe('kC');
    expect(await atfSees('q=Kestrel&priority=P1')).toBe('kC');
    expect(await atfSees('q=Kestrel&priority=P2')).toBe('kB');
    expect(await atfSees('q=Kestrel&status=withdrawn')).toBe('kC');
    expect(await atfSees('q=Kestrel&status=draft')).toBe('kE');
    expect(await atfSees('q=Kestrel&status=registered')).toBe('kA,kB,kD');
    expect(await atfSees('type=information&topic=firearms&status=registered&q=Kestrel')).toBe('kA');
    // Free text looks in the summary and the folio too; % and _ are no wildcards (search: test/search.e2e-spec.ts).
    expect(await atfSees('q=cartel%20logistics')).toBe('kD');
    expect(await atfSees(`q=${made.kB.folio}`)).toBe('kB');
    expect(await atfSees('q=100%25')).toBe('kB');
    expect(await atfSees('q=Kestr_l')).toBe('');
    expect(await atfSees('q=Kestrel%25ead')).toBe('');
    // Filters never widen the scope.
    expect(await atfSees('q=DEA')).toBe('');
    expect(await hubSees('q=Kestrel&status=draft')).toBe('');
  });

  it('lists newest first and walks every page with limit=2, without duplicates or gaps', async () => {
    // A burst of requests created at (nearly) the same instant, so that cursors must break ties.
    const burst = await Promise.all(
      Array.from({ length: 9 }, (_, i) => dea.post('/api/requests', newRequestBody({ title: `Burst ${i}` }))),
    );
    expect(burst.map((r) => r.status)).toEqual(Array(9).fill(201));

    for (const client of [auditor, hub, dea]) {
      const full = await walk(client, '', 200);
      const paged = await walk(client, '', 2);
      expect(paged.map((r) => r.id)).toEqual(full.map((r) => r.id));
      const times = paged.map((r) => Date.parse(r.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    }

    // A request created mid-walk is newer than the cursor: it neither shifts nor repeats the rest.
    const before = await walk(auditor, '', 200);
    const first = await auditor.get('/api/requests?limit=3');
    await dea.post('/api/requests', newRequestBody({ title: 'Created mid-walk' }));
    const rest = await walk(auditor, '', 4, first.body.nextCursor as string);
    expect([...first.body.items, ...rest].map((r: Listed) => r.id)).toEqual(before.map((r) => r.id));
  });
});
