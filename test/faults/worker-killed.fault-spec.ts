import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD } from '@ventanilla/testing/test-system.js';
import { expectInvariants } from './support/invariants.js';
import { startDrillSystem, type DrillSystem, type ServiceProcess } from '@ventanilla/testing/processes.js';
import { drillKeys, drillTitlePrefix, submitStream } from './support/stream.js';

jest.setTimeout(300_000);

/**
 * kill -9 of the worker while registrations and notices are in flight, twice, each time replaced by a fresh
 * worker: the jobs the dead one held are redelivered (BullMQ stall recovery), and since every job is
 * idempotent nothing is lost or done twice.
 */
describe('fault drill: a worker killed mid-job (BullMQ on PostgreSQL)', () => {
  let sys: DrillSystem;

  beforeAll(async () => {
    sys = await startDrillSystem({ apis: 1, workers: 1 });
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('stores, registers and notifies every acknowledged request exactly once', async () => {
    const [api] = sys.apis;
    const dea = await ApiClient.login(api.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const titlePrefix = drillTitlePrefix();
    const keys = drillKeys(90, 'worker-kill');
    const killAt = new Set([20, 50]);
    // One replacement at a time: the second kill waits until the first replacement is up.
    let replacements = Promise.resolve();
    const inFlightAtKill: number[] = [];
    let current: ServiceProcess = sys.workers[0];

    const replaceWorker = async () => {
      const [{ n }] = (await sys.db.dataSource.query(
        `SELECT count(*)::int AS n FROM requests WHERE status = 'submitted'`,
      )) as Array<{ n: number }>;
      inFlightAtKill.push(n);
      await current.kill();
      current = await sys.spawnWorker();
      await current.start();
    };

    const stream = await submitStream({
      titlePrefix,
      keys,
      clients: [dea],
      concurrency: 4,
      onAck: (count) => {
        if (killAt.has(count)) {
          killAt.delete(count);
          replacements = replacements.then(replaceWorker);
        }
      },
    });
    await replacements;

    expect(stream.unexpected).toEqual([]);
    expect(stream.acknowledged.size).toBe(keys.length);
    expect(inFlightAtKill).toHaveLength(2);
    await expectInvariants(sys.db, api.baseUrl, titlePrefix, stream.acknowledged);
    // The killed workers did hold work: something was still unregistered each time one died.
    expect(inFlightAtKill.some((n) => n > 0)).toBe(true);
  });
});
