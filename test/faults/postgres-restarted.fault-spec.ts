import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedReference } from '../../seeds/reference-seed.js';
import { createDataSource } from '@ventanilla/database/data-source.js';
import { migrateWithLock } from '@ventanilla/database/migrate.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import type { TestDatabase } from '@ventanilla/testing/test-database.js';
import { DEMO_PASSWORD } from '@ventanilla/testing/test-system.js';
import { expectInvariants } from './support/invariants.js';
import { freePort } from '@ventanilla/testing/free-port.js';
import { startDrillSystem, type DrillSystem } from '@ventanilla/testing/processes.js';
import { drillKeys, drillTitlePrefix, submitStream } from './support/stream.js';

jest.setTimeout(300_000);

/** A throwaway cluster in its own process (support/pg-cluster.mjs): started, and stopped like a server restart. */
class Cluster {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(dataDir: string, port: number): Promise<Cluster> {
    const child = spawn(process.execPath, ['test/faults/support/pg-cluster.mjs', dataDir, String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^ready (\S+)$/m.exec(out);
        if (m) resolve(new Cluster(child, m[1]));
      });
      child.once('exit', (code) => reject(new Error(`the PostgreSQL cluster exited with ${code}: ${out}`)));
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/** The answer, or a failure naming the hang once the deadline passes. */
function within<T>(ms: number, answer: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: the API hung`)), ms);
  });
  return Promise.race([answer, hang]).finally(() => clearTimeout(timer));
}

/**
 * PostgreSQL stopped under load and started again. The shared test server cannot be restarted (other suites
 * use it), so the drill runs on a throwaway cluster of its own (the embedded server of the zero-setup start)
 * on a spare port. While it is down the API answers 503 problem+json within a deadline, never hanging; once
 * it is back, everything acknowledged before is kept and the system carries on.
 */
describe('fault drill: PostgreSQL restarted under load (a throwaway cluster)', () => {
  let dataDir: string;
  let port: number;
  let server: Cluster;
  let sys: DrillSystem;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ventanilla-pgdrill-'));
    chmodSync(dataDir, 0o755);
    port = await freePort();
    server = await Cluster.start(dataDir, port);
    const dataSource = createDataSource({ url: server.url, applicationName: 'ventanilla-fault-drill', poolSize: 4 });
    await dataSource.initialize();
    await migrateWithLock(dataSource);
    await seedReference(dataSource);
    const database: TestDatabase = {
      name: 'ventanilla',
      url: server.url,
      dataSource,
      drop: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
      },
    };
    sys = await startDrillSystem({ apis: 1, workers: 1, database });
  });

  afterAll(async () => {
    await sys?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 problem+json while it is down and keeps every promise after', async () => {
    const [api] = sys.apis;
    const dea = await ApiClient.login(api.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const titlePrefix = drillTitlePrefix();
    const before = await submitStream({ titlePrefix, keys: drillKeys(30, 'pg-before'), clients: [dea] });
    expect(before.unexpected).toEqual([]);

    // Stop it while the registrations and notices of those submissions are still being processed.
    await server.stop();
    // Deadlines, not timing assertions: an answer that does not come within them is a hang.
    const ready = await fetch(`${api.baseUrl}/health/ready`, { signal: AbortSignal.timeout(15_000) });
    expect(ready.status).toBe(503);
    const list = await within(15_000, dea.get('/api/requests'));
    const submit = await within(
      15_000,
      dea.post('/api/requests', newRequestBody({ title: `${titlePrefix}while-down` })),
    );
    for (const res of [list, submit]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }

    // The old postmaster may still be finishing its shutdown: try again until the new one is up.
    server = await eventually(() => Cluster.start(dataDir, port), 60_000, 500);
    await eventually(async () => (await fetch(`${api.baseUrl}/health/ready`)).status === 200, 60_000, 250);
    const after = await submitStream({
      titlePrefix,
      keys: drillKeys(30, 'pg-after'),
      clients: [dea],
      retryUntil: Date.now() + 60_000,
    });
    expect(after.unexpected).toEqual([]);
    const acknowledged = new Map([...before.acknowledged, ...after.acknowledged]);
    expect(acknowledged.size).toBe(60);
    await expectInvariants(sys.db, api.baseUrl, titlePrefix, acknowledged);
  });
});
