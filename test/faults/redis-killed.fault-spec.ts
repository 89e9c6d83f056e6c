import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD } from '@ventanilla/testing/test-system.js';
import { expectInvariants } from './support/invariants.js';
import { startDrillSystem, type DrillSystem } from '@ventanilla/testing/processes.js';
import { DrillRedis } from './support/redis-server.js';
import { drillKeys, drillTitlePrefix, submitStream } from './support/stream.js';

jest.setTimeout(300_000);

/**
 * kill -9 of Redis (AOF on) in the middle of a stream of submissions, restarted after a few seconds. PostgreSQL
 * is the system of record: submissions keep landing in the outbox while Redis is away, the relay retries, and
 * the jobs Redis held come back from its AOF. Readiness says 503 while it is down, promptly, never hanging.
 */
describe('fault drill: Redis killed and restarted during a stream of submissions', () => {
  let redis: DrillRedis;
  let sys: DrillSystem;

  beforeAll(async () => {
    redis = await DrillRedis.start();
    sys = await startDrillSystem({ apis: 1, workers: 1, redisUrl: redis.url });
  });

  afterAll(async () => {
    await sys?.close();
    await redis?.close();
  });

  it('loses and duplicates nothing, and reports itself unready while Redis is down', async () => {
    const [api] = sys.apis;
    const dea = await ApiClient.login(api.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const titlePrefix = drillTitlePrefix();
    const keys = drillKeys(80, 'redis-kill');
    // A deadline, not a timing assertion: an answer that does not come within it is a hang.
    const readinessWhileDown: number[] = [];
    let outage = Promise.resolve();
    let acked = 0;
    const ackedWhileDown = { from: 0, to: 0 };

    const stream = await submitStream({
      titlePrefix,
      keys,
      clients: [dea],
      concurrency: 4,
      retryUntil: Date.now() + 120_000,
      onAck: (count) => {
        acked = count;
        if (count !== 25) return;
        outage = (async () => {
          await redis.kill();
          ackedWhileDown.from = acked;
          // Ask a few times over three seconds while the stream goes on; each answer must come quickly.
          for (let i = 0; i < 3; i++) {
            const res = await fetch(`${api.baseUrl}/health/ready`, { signal: AbortSignal.timeout(10_000) });
            await res.text();
            readinessWhileDown.push(res.status);
            await new Promise((r) => setTimeout(r, 1000));
          }
          ackedWhileDown.to = acked;
          await redis.restart();
        })();
      },
    });
    await outage;

    expect(readinessWhileDown).toEqual([503, 503, 503]);
    // Submissions only need PostgreSQL: they were acknowledged while Redis was away.
    expect(ackedWhileDown.to).toBeGreaterThan(ackedWhileDown.from);
    expect(stream.unexpected).toEqual([]);
    expect(stream.acknowledged.size).toBe(keys.length);
    await expectInvariants(sys.db, api.baseUrl, titlePrefix, stream.acknowledged);
    const ready = await fetch(`${api.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
  });
});
