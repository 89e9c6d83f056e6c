import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD } from '@ventanilla/testing/test-system.js';
import { expectInvariants } from './support/invariants.js';
import { startDrillSystem, type DrillSystem } from '@ventanilla/testing/processes.js';
import { drillKeys, drillTitlePrefix, submitStream } from './support/stream.js';

jest.setTimeout(300_000);

/**
 * kill -9 of the API in the middle of a stream of submissions, twice, restarted on the same port; the clients
 * keep retrying each unanswered submission with its Idempotency-Key, as a well-behaved client does. Some
 * transactions die half-way (nothing committed: the retry creates), some commit but lose their answer (the
 * retry replays the same request): either way each key ends as exactly one request.
 */
describe('fault drill: the API killed while clients retry with their Idempotency-Key', () => {
  let sys: DrillSystem;

  beforeAll(async () => {
    sys = await startDrillSystem({ apis: 1, workers: 1 });
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('turns each key into exactly one stored, registered, notified request', async () => {
    const [api] = sys.apis;
    // Sessions live in the database: the same signed-in clients carry on after the restart.
    const clients = await Promise.all(
      ['liaison.dea@demo.test', 'liaison.atf@demo.test'].map((e) => ApiClient.login(api.baseUrl, e, DEMO_PASSWORD)),
    );
    const titlePrefix = drillTitlePrefix();
    const keys = drillKeys(80, 'api-kill');
    const killAt = new Set([20, 50]);
    let restarts = Promise.resolve();
    let kills = 0;

    const stream = await submitStream({
      titlePrefix,
      keys,
      clients,
      concurrency: 4,
      // An in-flight key whose transaction died with the process is taken over after a minute.
      retryUntil: Date.now() + 180_000,
      onAck: (count) => {
        if (!killAt.delete(count)) return;
        restarts = restarts.then(async () => {
          await api.kill();
          kills++;
          await api.start();
        });
      },
    });
    await restarts;

    expect(kills).toBe(2);
    expect(stream.unexpected).toEqual([]);
    expect(stream.failedAttempts).toBeGreaterThan(0);
    expect(stream.acknowledged.size).toBe(keys.length);
    await expectInvariants(sys.db, api.baseUrl, titlePrefix, stream.acknowledged);

    // A late retry of any key, after the dust settled, still answers with the request it created.
    const [key, id] = [...stream.acknowledged][0];
    const replay = await clients[stream.owner.get(key)!].post(
      '/api/requests',
      newRequestBody({ title: `${titlePrefix}${key}` }),
      { 'idempotency-key': key },
    );
    expect([replay.status, replay.body.id]).toEqual([201, id]);
  });
});
