import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { seedDemo } from '../../../seeds/demo-seed.js';
import { freePort } from './free-port.js';
import { eventually } from './http-client.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { DEMO_PASSWORD, dropRedisKeys, TEST_AUDIT_SIGNING_KEY, TEST_REDIS_URL } from './test-system.js';

/**
 * One built Ventanilla process (`node dist/apps/<kind>/src/main.js`), as production runs it: its own
 * environment, its own connections, killable with any signal. Keeps the tail of its output for failure messages.
 */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private output = '';
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly kind: 'api' | 'worker',
    private readonly env: NodeJS.ProcessEnv,
    readonly port: number | null = null,
    /** Options for node itself, before the script (e.g. `--cpu-prof`). */
    private readonly nodeArgs: string[] = [],
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  tail(chars = 3000): string {
    return this.output.slice(-chars);
  }

  /** Starts the process and waits until it serves (API: /health/ready is 200; worker: it logged its start). */
  async start(timeoutMs = 60_000): Promise<void> {
    this.output = '';
    // The API listens on its port; a worker serves only its metrics there.
    const portVar = this.kind === 'api' ? 'PORT' : 'WORKER_METRICS_PORT';
    const env = { ...this.env, ...(this.port === null ? {} : { [portVar]: String(this.port) }) };
    const child = spawn(process.execPath, [...this.nodeArgs, `dist/apps/${this.kind}/src/main.js`], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // Noted as it arrives: a worker that starts on a backlog can log more than the kept tail before the next look.
    let loggedStart = false;
    const keep = (d: Buffer) => {
      const output = this.output + d.toString();
      loggedStart ||= output.includes('worker started');
      this.output = output.slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let starting = true;
    const died = this.exited.then(() => {
      // Once started, an exit is the drill's doing (or the invariants will tell): not a start-up failure.
      if (starting) throw new Error(`${this.kind} exited with ${child.exitCode ?? child.signalCode} while starting`);
    });
    const ready =
      this.kind === 'api'
        ? () => fetch(`${this.baseUrl}/health/ready`).then((r) => r.status === 200)
        : () => Promise.resolve(loggedStart);
    try {
      await Promise.race([eventually(ready, timeoutMs, 100), died]);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- ${this.kind} output ---\n${this.tail()}`);
    } finally {
      starting = false;
    }
  }

  /** Jobs this worker process completed, from its own `/metrics` (each process counts only its own). */
  async jobsProcessed(): Promise<number> {
    return (await this.scrape('ventanilla_jobs_processed_total')).ventanilla_jobs_processed_total;
  }

  /** The statements and commits this process's database pools have sent, from its own `/metrics`. */
  async databaseWork(): Promise<{ statements: number; commits: number }> {
    const m = await this.scrape('ventanilla_database_statements_sent', 'ventanilla_database_commits_sent');
    return { statements: m.ventanilla_database_statements_sent, commits: m.ventanilla_database_commits_sent };
  }

  /** Sums of the named series (all their label sets) on this process's `/metrics`. */
  private async scrape<N extends string>(...names: N[]): Promise<Record<N, number>> {
    const text = await (await fetch(`${this.baseUrl}/metrics`)).text();
    const sums = Object.fromEntries(names.map((n) => [n, 0])) as Record<N, number>;
    for (const line of text.split('\n')) {
      const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] as N | undefined;
      if (name && name in sums) sums[name] += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return sums;
  }

  /** kill -9: no shutdown hook runs, open transactions are cut off, held job locks stay until they expire. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop, forced after a deadline. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), 15_000)),
    ]);
    if (timedOut) await this.kill();
  }
}

export interface DrillSystem {
  db: TestDatabase;
  env: NodeJS.ProcessEnv;
  apis: ServiceProcess[];
  workers: ServiceProcess[];
  /** Another process of the given kind on the same database and queue, not started yet. */
  spawnApi(): Promise<ServiceProcess>;
  spawnWorker(): Promise<ServiceProcess>;
  close(): Promise<void>;
}

export interface DrillOptions {
  apis?: number;
  workers?: number;
  /** Null: BullMQ's PostgreSQL backend in the same database. */
  redisUrl?: string | null;
  /** Options for node itself in the API processes (e.g. `--cpu-prof --cpu-prof-dir=…`). */
  apiNodeArgs?: string[];
  /** The same for the worker processes. */
  workerNodeArgs?: string[];
  env?: Record<string, string>;
  /** A database already migrated and seeded with reference data (default: a fresh one on the test server). */
  database?: TestDatabase;
}

/**
 * A fresh database (migrated, reference and demo data loaded) and N API and M worker processes on it, each a
 * child process started from the build. Processes can be killed and replaced; `close()` stops them all.
 */
export async function startDrillSystem(opts: DrillOptions = {}): Promise<DrillSystem> {
  const db = opts.database ?? (await createTestDatabase());
  await seedDemo(db.dataSource, DEMO_PASSWORD);
  const prefix = `vt_fault_${randomBytes(4).toString('hex')}`;
  const redisUrl = opts.redisUrl ?? null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    QUEUE_PREFIX: prefix,
    DEMO_PASSWORD,
    // info: the worker's "worker started" line is how the drill knows it is up.
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '100',
    AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY,
    AUDIT_SEAL_INTERVAL_MS: '100',
    RATE_LIMIT_SESSION_PER_MINUTE: '1000000',
    RATE_LIMIT_CLIENT_PER_MINUTE: '1000000',
    ...opts.env,
  };
  delete env.REDIS_URL;
  delete env.WORKER_METRICS_PORT;
  if (redisUrl) env.REDIS_URL = redisUrl;
  const all: ServiceProcess[] = [];
  const system: DrillSystem = {
    db,
    env,
    apis: [],
    workers: [],
    async spawnApi() {
      const p = new ServiceProcess('api', env, await freePort(), opts.apiNodeArgs);
      all.push(p);
      return p;
    },
    async spawnWorker() {
      const p = new ServiceProcess('worker', env, await freePort(), opts.workerNodeArgs);
      all.push(p);
      return p;
    },
    async close() {
      await Promise.all(all.map((p) => p.stop()));
      if (redisUrl) await dropRedisKeys(redisUrl, prefix).catch(() => undefined);
      await db.drop();
    },
  };
  try {
    for (let i = 0; i < (opts.workers ?? 1); i++) system.workers.push(await system.spawnWorker());
    for (let i = 0; i < (opts.apis ?? 1); i++) system.apis.push(await system.spawnApi());
    await Promise.all([...system.workers, ...system.apis].map((p) => p.start()));
  } catch (err) {
    await system.close();
    throw err;
  }
  return system;
}

export { TEST_REDIS_URL };
