import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD } from '@ventanilla/testing/test-system.js';
import { expectInvariants, type Routed } from './support/invariants.js';
import { startDrillSystem, TEST_REDIS_URL, type DrillSystem } from '@ventanilla/testing/processes.js';
import { drillKeys, drillTitlePrefix, submitStream } from './support/stream.js';

jest.setTimeout(300_000);

const ROUTE = { lead: 'FGR-INT', support: ['SSPC-SIIP'] };

/**
 * DESIGN §7 scale-out: two API and two worker processes on one database and one Redis (a key prefix of its
 * own). Submissions arrive through both APIs; both workers relay the outbox and take jobs; the two hub
 * coordinators, each on a different API, race to claim every request, and the winner routes it.
 */
describe('fault drill: two APIs and two workers on one database and Redis', () => {
  let sys: DrillSystem;

  beforeAll(async () => {
    sys = await startDrillSystem({ apis: 2, workers: 2, redisUrl: TEST_REDIS_URL });
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('keeps every promise with work spread over all processes', async () => {
    const [a, b] = sys.apis;
    const [dea, atf, hubA, hubB] = await Promise.all([
      ApiClient.login(a.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD),
      ApiClient.login(b.baseUrl, 'liaison.atf@demo.test', DEMO_PASSWORD),
      ApiClient.login(a.baseUrl, 'hub@demo.test', DEMO_PASSWORD),
      ApiClient.login(b.baseUrl, 'hub2@demo.test', DEMO_PASSWORD),
    ]);
    const titlePrefix = drillTitlePrefix();
    const keys = drillKeys(60, 'scale-out');
    const stream = await submitStream({ titlePrefix, keys, clients: [dea, atf], concurrency: 4 });
    expect(stream.unexpected).toEqual([]);
    expect(stream.acknowledged.size).toBe(keys.length);
    expect(new Set(stream.owner.values())).toEqual(new Set([0, 1]));

    // Both hubs claim each request at once, through different APIs: exactly one wins; it routes.
    const routed: Routed = new Map();
    const claimWins = [0, 0];
    const ids = [...stream.acknowledged.values()];
    const routeOne = async (id: string) => {
      const reg = await eventually(async () => {
        const r = await hubA.get(`/api/requests/${id}`);
        return r.body.status === 'registered' ? (r.body as { version: number }) : null;
      }, 60_000);
      const claims = await Promise.all(
        [hubA, hubB].map((h) => h.post(`/api/requests/${id}/actions/claim`, { version: reg.version })),
      );
      expect(claims.map((c) => c.status).sort()).toEqual([200, 409]);
      const winner = claims[0].status === 200 ? 0 : 1;
      claimWins[winner]++;
      const route = await [hubA, hubB][winner].post(`/api/requests/${id}/actions/route`, {
        reason: 'Plan agreed with the agencies.',
        version: claims[winner].body.version as number,
        ...ROUTE,
      });
      expect([route.status, route.body.status]).toEqual([200, 'routed']);
      routed.set(id, [ROUTE.lead, ...ROUTE.support]);
    };
    const pending = [...ids];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let id = pending.shift(); id !== undefined; id = pending.shift()) await routeOne(id);
      }),
    );
    expect(routed.size).toBe(ids.length);

    await expectInvariants(sys.db, b.baseUrl, titlePrefix, stream.acknowledged, routed);
    // Both workers took jobs: neither sat idle behind the other.
    const processed = await Promise.all(sys.workers.map((w) => w.jobsProcessed()));
    expect(processed.every((n) => n > 0)).toBe(true);
  });
});
