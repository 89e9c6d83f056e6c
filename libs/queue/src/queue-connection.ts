import { createPostgresBackend, setDefaultBackendFactory, type QueueOptions } from 'bullmq';
import type { AppConfig } from '@ventanilla/config/config.js';

export type QueueBackendKind = 'redis' | 'postgres';

/**
 * BullMQ connection options for this deployment: Redis when REDIS_URL is set, otherwise BullMQ's own
 * PostgreSQL backend in a schema of the application database. The choice is process-wide (BullMQ's default
 * backend factory), which is what a process that talks to one queue store needs.
 */
export function queueConnection(
  config: Pick<AppConfig, 'redisUrl' | 'queuePrefix' | 'queuePgPoolMax'>,
  databaseUrl: string,
): {
  kind: QueueBackendKind;
  options: QueueOptions;
} {
  if (config.redisUrl) {
    setDefaultBackendFactory(undefined);
    const u = new URL(config.redisUrl);
    const connection = {
      host: u.hostname,
      port: Number(u.port || 6379),
      username: u.username || undefined,
      password: u.password ? decodeURIComponent(u.password) : undefined,
      db: Number(u.pathname.slice(1) || 0),
      tls: u.protocol === 'rediss:' ? {} : undefined,
      maxRetriesPerRequest: null,
    };
    return { kind: 'redis', options: { connection, prefix: config.queuePrefix } };
  }
  setDefaultBackendFactory(createPostgresBackend);
  const connection = {
    connectionString: databaseUrl,
    schema: `${config.queuePrefix}_queue`.replace(/[^a-z0-9_]/gi, '_').toLowerCase(),
    migrate: true,
    // Every queue and worker owns a pool (and a worker a LISTEN client): keep each small.
    max: config.queuePgPoolMax,
  };
  return { kind: 'postgres', options: { connection } as unknown as QueueOptions };
}
