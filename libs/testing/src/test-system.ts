import { randomBytes } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '../../../apps/api/src/api.js';
import { createWorkerApp } from '../../../apps/worker/src/worker.js';
import { seedDemo } from '../../../seeds/demo-seed.js';
import { generateSigningKeyPem } from '@ventanilla/audit/audit-signing.js';
import { loadConfig, type AppConfig } from '@ventanilla/config/config.js';
import { createLogger } from '@ventanilla/http/logger.js';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export type QueueBackend = 'redis' | 'postgres';

/** Which BullMQ backend the queue-dependent suites use; CI runs them once with each. */
export const TEST_QUEUE_BACKEND: QueueBackend = process.env.TEST_QUEUE_BACKEND === 'redis' ? 'redis' : 'postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DEMO_PASSWORD = 'test-password-123';
/** Signs the audit checkpoints of every test system this process starts. */
export const TEST_AUDIT_SIGNING_KEY = generateSigningKeyPem();

export interface TestSystem {
  baseUrl: string;
  config: AppConfig;
  db: TestDatabase;
  api: INestApplication;
  worker: INestApplicationContext | null;
  /** Starts the worker of a system started with `worker: false` (benchmarks measure the API alone first). */
  startWorker(): Promise<INestApplicationContext>;
  close(): Promise<void>;
}

export interface TestSystemOptions {
  /** Run on this database, already seeded by an earlier run, and leave it there (benchmarks' large data sets). */
  existingDatabase?: string;
  /** Start the worker too (registration, notifications); default true. */
  worker?: boolean;
  queue?: QueueBackend;
  /** Replace providers before the API starts (fault injection). */
  env?: Record<string, string>;
}

/**
 * A whole Ventanilla on its own database (and its own Redis key prefix): API on a random port, worker
 * beside it, demo users loaded. `close()` stops everything and drops what it created.
 */
export async function startTestSystem(opts: TestSystemOptions = {}): Promise<TestSystem> {
  const queue = opts.queue ?? TEST_QUEUE_BACKEND;
  const db = await createTestDatabase({ existing: opts.existingDatabase });
  const prefix = `vt_${randomBytes(5).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    ...(queue === 'redis' ? { REDIS_URL: TEST_REDIS_URL } : {}),
    QUEUE_PREFIX: prefix,
    DEMO_PASSWORD,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    OUTBOX_POLL_MS: '100',
    // Two systems per CPU run side by side against one PostgreSQL (100 connections): keep each frugal.
    QUEUE_PG_POOL_MAX: '1',
    AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY,
    AUDIT_SEAL_INTERVAL_MS: '100',
    PORT: '0',
    // The tests' webhook receivers listen on this machine, which production refuses by default.
    WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
    // Counted, but never reached by the suites; the rate-limit tests set their own.
    RATE_LIMIT_SESSION_PER_MINUTE: '1000000',
    RATE_LIMIT_CLIENT_PER_MINUTE: '1000000',
    ...opts.env,
  });
  const logger = createLogger(config.logLevel, 'ventanilla-test');
  if (!opts.existingDatabase) await seedDemo(db.dataSource, DEMO_PASSWORD);
  // One registry for both, as in the zero-setup process: /metrics shows the worker's job counters too.
  const metrics = new MetricsService();
  const newWorker = () => createWorkerApp({ config, dataSource: db.dataSource, databaseUrl: db.url, logger, metrics });
  const worker = opts.worker === false ? null : await newWorker();
  const api = await createApiApp({ config, dataSource: db.dataSource, databaseUrl: db.url, logger, metrics });
  await api.listen(0, '127.0.0.1');
  const { port } = api.getHttpServer().address() as AddressInfo;
  const system: TestSystem = {
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    db,
    api,
    worker,
    async startWorker() {
      if (system.worker) throw new Error('the worker is running already');
      system.worker = await newWorker();
      return system.worker;
    },
    async close() {
      await api.close();
      await system.worker?.close();
      if (queue === 'redis') await dropRedisKeys(TEST_REDIS_URL, prefix);
      await db.drop();
    },
  };
  return system;
}

/** Removes every Redis key under a system's prefix (its queues, its rate-limit counters). */
export async function dropRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
