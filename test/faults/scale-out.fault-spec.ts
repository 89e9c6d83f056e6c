import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD } from '@ventanilla/testing/test-system.js';
import { processWork, WorkMeter, type WorkPerOp } from '../../bench/bench-support.js';
import { expectInvariants, type Routed } from './support/invariants.js';
import { startDrillSystem, TEST_REDIS_URL, type DrillSystem } from '@ventanilla/testing/processes.js';
import { drillKeys, drillTitlePrefix, submitStream } from './support/stream.js';

jest.setTimeout(300_000);

const ROUTE = { lead: 'FGR-INT', support: ['SSPC-SIIP'] };

/**
 * DESIGN §7 scale-out: two API and two worker processes on one database and one Redis (a key prefix of its
 * own). Submissions arrive through both APIs; both workers relay the outbox and take jobs; the two hub
 * coordinators, each on a different API, race to claim every request, and the winner routes it.
 *
 * It also prints the work each registration and each routing cost with two workers (transactions from
 * pg_stat_database, statements from every process's `/metrics`), the figures of the benchmarks; nothing timed is
 * asserted.
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
    const meter = await WorkMeter.open(sys.db.url, processWork([...sys.apis, ...sys.workers]));
    const [dea, atf, hubA, hubB] = await Promise.all([
      ApiClient.login(a.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD),
      ApiClient.login(b.baseUrl, 'liaison.atf@demo.test', DEMO_PASSWORD),
      ApiClient.login(a.baseUrl, 'hub@demo.test', DEMO_PASSWORD),
      ApiClient.login(b.baseUrl, 'hub2@demo.test', DEMO_PASSWORD),
    ]);
    const idle = await meter.measureIdle(5_000);
    /** Every acknowledged request registered, the outbox relayed and every delivery done. */
    const quiet = async () => {
      const [row] = await meter.query<{ busy: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM requests WHERE status = 'submitted')
             OR EXISTS (SELECT 1 FROM outbox WHERE relayed_at IS NULL)
             OR EXISTS (SELECT 1 FROM notification_deliveries WHERE status IN ('pending', 'failed')) AS busy`,
      );
      return !row.busy;
    };
    const beforeIntake = await meter.read();
    const titlePrefix = drillTitlePrefix();
    const keys = drillKeys(60, 'scale-out');
    const stream = await submitStream({ titlePrefix, keys, clients: [dea, atf], concurrency: 4 });
    expect(stream.unexpected).toEqual([]);
    expect(stream.acknowledged.size).toBe(keys.length);
    expect(new Set(stream.owner.values())).toEqual(new Set([0, 1]));
    await eventually(quiet, 120_000);
    const afterIntake = await meter.read();

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
    await eventually(quiet, 120_000);
    const afterRoutes = await meter.read();
    await meter.close();

    await expectInvariants(sys.db, b.baseUrl, titlePrefix, stream.acknowledged, routed);
    // Both workers took jobs: neither sat idle behind the other.
    const processed = await Promise.all(sys.workers.map((w) => w.jobsProcessed()));
    expect(processed.every((n) => n > 0)).toBe(true);

    const names = ['API a', 'API b', 'worker 1', 'worker 2'];
    const row = (what: string, all: WorkPerOp, from: (i: number) => { statements: number }) =>
      `| ${what} | ${all.transactions} | ${all.statements} | ${names.map((n, i) => `${n} ${from(i).statements}`).join(', ')} |`;
    const n = ids.length;
    console.log(
      [
        `Scale-out drill, two APIs and two workers (Redis queue): work per operation, idle background taken out`,
        `(jobs taken by the workers: ${processed.join(' and ')})`,
        '',
        '| operation | transactions | statements | statements by process |',
        '|---|---|---|---|',
        row('submit → registered, every notice delivered', WorkMeter.perOp(beforeIntake, afterIntake, n, idle), (i) =>
          meter.perProcess(i, beforeIntake, afterIntake, n, idle),
        ),
        row(
          'two claims racing (one 409) and the route → every assignment and notice delivered',
          WorkMeter.perOp(afterIntake, afterRoutes, n, idle),
          (i) => meter.perProcess(i, afterIntake, afterRoutes, n, idle),
        ),
      ].join('\n'),
    );
  });
});
