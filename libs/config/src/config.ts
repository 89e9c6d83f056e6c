import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Every setting the processes read, parsed and validated once at start-up. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Null means: start an embedded PostgreSQL in `dataDir` (zero-setup mode). */
  databaseUrl: string | null;
  /** Null means: BullMQ runs on its PostgreSQL backend in the same database. */
  redisUrl: string | null;
  /** Prefix of every BullMQ key or schema, so several deployments can share one Redis. */
  queuePrefix: string;
  dataDir: string;
  embeddedPgPort: number;
  demoPassword: string;
  sessionTtlHours: number;
  cookieSecure: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  loginMaxFailures: number;
  loginLockMinutes: number;
  outboxPollMs: number;
  webDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function intIn(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return n;
}

function urlOrNull(env: Env, name: string, protocols: string[], problems: string[]): string | null {
  const raw = env[name];
  if (!raw) return null;
  try {
    const u = new URL(raw);
    if (!protocols.includes(u.protocol)) problems.push(`${name} must start with ${protocols.join(' or ')}`);
  } catch {
    problems.push(`${name} is not a valid URL`);
  }
  return raw;
}

/** Reads the environment. The only place in the code base that touches `process.env`. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const logLevel = env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be debug, info, warn, error or silent (got "${logLevel}")`);
  }
  const config: AppConfig = {
    env: nodeEnv as AppConfig['env'],
    port: intIn(env, 'PORT', 3000, 0, 65535, problems),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: urlOrNull(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems),
    redisUrl: urlOrNull(env, 'REDIS_URL', ['redis:', 'rediss:'], problems),
    queuePrefix: env.QUEUE_PREFIX ?? 'ventanilla',
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    embeddedPgPort: intIn(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535, problems),
    demoPassword: env.DEMO_PASSWORD ?? 'ventanilla-demo',
    sessionTtlHours: intIn(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30, problems),
    cookieSecure: (env.COOKIE_SECURE ?? (nodeEnv === 'production' ? 'true' : 'false')) === 'true',
    logLevel: logLevel as AppConfig['logLevel'],
    loginMaxFailures: intIn(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000, problems),
    loginLockMinutes: intIn(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60, problems),
    outboxPollMs: intIn(env, 'OUTBOX_POLL_MS', 500, 10, 60_000, problems),
    webDir: path.resolve(env.WEB_DIR ?? 'dist/web'),
  };
  if (config.env === 'production' && !config.databaseUrl) {
    problems.push(
      'DATABASE_URL is required when NODE_ENV=production (the embedded database is for trying Ventanilla out)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** A random identifier for correlation ids and secrets that need no structure. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
