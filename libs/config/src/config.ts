import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
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
  /** Sign-in attempts that pass without delay per (account, client) pair… */
  loginMaxFailures: number;
  /** …per client, whatever the account… */
  loginClientMaxFailures: number;
  /** …and per account from clients it has never signed in from. */
  loginAccountMaxFailures: number;
  /** The longest delay between two sign-in attempts of one key; a key left alone this long starts over. */
  loginLockMinutes: number;
  /** The first delay after the free sign-in attempts, in seconds; each next one doubles it. */
  loginFirstDelaySeconds: number;
  /**
   * Express's `trust proxy`: which hops may say who the client is in X-Forwarded-For. A hop count, or a list of
   * addresses, CIDR ranges and the names loopback, linklocal and uniquelocal; false trusts no one.
   */
  trustProxy: number | string[] | false;
  outboxPollMs: number;
  /** Standalone worker: serve its metrics on this port (`GET /metrics`); null means no listener. */
  workerMetricsPort: number | null;
  /** When set, `/metrics` answers only `Authorization: Bearer <token>`; when null it is open (keep it internal). */
  metricsToken: string | null;
  /** Connections each BullMQ queue or worker may hold on the PostgreSQL backend (no REDIS_URL). */
  queuePgPoolMax: number;
  /** How often the deadline sweeper looks for clock steps whose delayed job was lost. */
  clockSweepMs: number;
  /** A step is the sweeper's only once it is this late: until then its own delayed job should fire it. */
  clockSweepGraceMs: number;
  webDir: string;
  /** Null means: e-mail notifications are written to the log instead of being sent. */
  smtpUrl: string | null;
  /** The From header of notification e-mails. */
  smtpFrom: string;
  /** Attempts per e-mail or webhook delivery before it is dead-lettered. */
  deliveryAttempts: number;
  /** First retry delay of a delivery; each later retry waits twice as long. */
  deliveryBackoffMs: number;
  webhookTimeoutMs: number;
  /**
   * Networks (addresses or CIDR ranges) webhooks may reach although they are loopback, private, link-local or
   * otherwise refused by default: a deployment's own receivers. Empty by default.
   */
  webhookAllowedNetworks: string[];
  /**
   * Ed25519 private key (PKCS#8 PEM) that signs audit checkpoints. Null: the chain is still sealed, but no
   * checkpoint is signed (the zero-setup start generates one in DATA_DIR instead); a production worker
   * refuses to start without it. Not required here, so that migrations and seeding run without it.
   */
  auditSigningKey: string | null;
  /** Its public half (SPKI PEM): derived from the signing key, or given alone to processes that only verify. */
  auditPublicKey: string | null;
  /** A signed checkpoint after this many sealed events… */
  auditCheckpointEvents: number;
  /** …or once the oldest event no checkpoint covers was sealed this long ago. */
  auditCheckpointSeconds: number;
  /** How often the sealer looks for committed, unsealed audit events when it has caught up. */
  auditSealIntervalMs: number;
  /** Files of the record: the largest file, how many per request, and where the bytes are kept. */
  attachments: {
    maxBytes: number;
    maxFiles: number;
    storage: 'db' | 's3';
    s3: {
      endpoint: string | null;
      region: string;
      bucket: string;
      accessKeyId: string | null;
      secretAccessKey: string | null;
      forcePathStyle: boolean;
    } | null;
  };
  /** API calls per minute per session and per client address (0: no limit); counted in the shared store. */
  rateLimit: { sessionPerMinute: number; clientPerMinute: number };
  /** What the retention job removes, and when (README, "Retention"); audit tables are never touched. */
  retention: {
    intervalMinutes: number;
    batchRows: number;
    outboxDays: number;
    sessionDays: number;
    idempotencyHours: number;
    knownClientDays: number;
    /** Stored bytes no attachment row names, this old, are the remains of an upload that never finished. */
    orphanMinutes: number;
  };
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

/** An address, alone or as `Display Name <address>`. */
function mailbox(env: Env, name: string, fallback: string, problems: string[]): string {
  const raw = env[name];
  if (!raw) return fallback;
  if (!/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(raw.trim())) {
    problems.push(`${name} must be an e-mail address, optionally as "Name <address>" (got "${raw}")`);
    return fallback;
  }
  return raw.trim();
}

const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: `false`, a hop count (`1` behind one load balancer), or a comma-separated list of addresses,
 * CIDR ranges and presets. Checked here, so a typo stops the start instead of silently trusting no one (or
 * everyone). Default `loopback`: a proxy on the same machine.
 */
function trustProxy(env: Env, problems: string[]): number | string[] | false {
  const raw = (env.TRUST_PROXY ?? 'loopback').trim();
  if (raw === 'false' || raw === '0') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) problems.push(`TRUST_PROXY as a hop count must be between 0 and 10 (got "${raw}")`);
    return hops;
  }
  const entries = raw.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !PROXY_PRESETS.has(e) && !isAddressOrRange(e));
  if (raw === '' || bad.length > 0) {
    problems.push(
      `TRUST_PROXY must be false, a hop count, or a comma-separated list of IP addresses, CIDR ranges, loopback, ` +
        `linklocal or uniquelocal (not understood: ${bad.length > 0 ? bad.map((b) => `"${b}"`).join(', ') : '""'})`,
    );
    return false;
  }
  return entries;
}

/** ATTACHMENT_* and S3_*: the database store by default (nothing to set up), S3-compatible storage for production. */
function attachmentSettings(env: Env, problems: string[]): AppConfig['attachments'] {
  const storage = env.ATTACHMENT_STORAGE ?? 'db';
  if (storage !== 'db' && storage !== 's3') problems.push(`ATTACHMENT_STORAGE must be db or s3 (got "${storage}")`);
  let s3: AppConfig['attachments']['s3'] = null;
  if (storage === 's3') {
    if (!env.S3_BUCKET) problems.push('S3_BUCKET is required when ATTACHMENT_STORAGE=s3');
    const endpoint = urlOrNull(env, 'S3_ENDPOINT', ['http:', 'https:'], problems);
    if ((env.S3_ACCESS_KEY_ID ? 1 : 0) + (env.S3_SECRET_ACCESS_KEY ? 1 : 0) === 1) {
      problems.push(
        'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither, to use the default credentials)',
      );
    }
    s3 = {
      endpoint,
      region: env.S3_REGION ?? 'us-east-1',
      bucket: env.S3_BUCKET ?? '',
      accessKeyId: env.S3_ACCESS_KEY_ID ?? null,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? null,
      // MinIO and most S3-compatible servers want /bucket/key rather than bucket.host/key.
      forcePathStyle: (env.S3_FORCE_PATH_STYLE ?? (endpoint ? 'true' : 'false')) === 'true',
    };
  }
  return {
    maxBytes: intIn(env, 'ATTACHMENT_MAX_BYTES', 25 * 1024 * 1024, 1, 1024 * 1024 * 1024, problems),
    maxFiles: intIn(env, 'ATTACHMENT_MAX_FILES', 50, 1, 10_000, problems),
    storage: storage === 's3' ? 's3' : 'db',
    s3,
  };
}

/** A comma-separated list of IP addresses and CIDR ranges; empty when unset. */
function networkList(env: Env, name: string, problems: string[]): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  const entries = raw.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !isAddressOrRange(e));
  if (bad.length > 0) {
    problems.push(
      `${name} must be a comma-separated list of IP addresses and CIDR ranges (not understood: ${bad.map((b) => `"${b}"`).join(', ')})`,
    );
    return [];
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** A bearer secret long enough not to be guessed, and free of characters a header cannot carry. */
function metricsToken(env: Env, problems: string[]): string | null {
  const raw = env.METRICS_TOKEN;
  if (!raw) return null;
  if (!/^[\x21-\x7e]{16,512}$/.test(raw)) {
    problems.push('METRICS_TOKEN must be 16 to 512 visible ASCII characters, without spaces');
    return null;
  }
  return raw;
}

/**
 * A key from the environment: PEM (line breaks may be written as `\n`), or base64 of the DER encoding
 * (`openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`), or base64 of the PEM.
 */
function parseKey(raw: string, kind: 'private' | 'public'): KeyObject {
  const text = raw.trim().replace(/\\n/g, '\n');
  const fromDer = (der: Buffer) =>
    kind === 'private'
      ? createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
      : createPublicKey({ key: der, format: 'der', type: 'spki' });
  let key: KeyObject;
  if (text.includes('-----BEGIN')) key = kind === 'private' ? createPrivateKey(text) : createPublicKey(text);
  else {
    const bytes = Buffer.from(text, 'base64');
    const decoded = bytes.toString('utf8');
    key = decoded.includes('-----BEGIN')
      ? kind === 'private'
        ? createPrivateKey(decoded)
        : createPublicKey(decoded)
      : fromDer(bytes);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`it is a ${key.asymmetricKeyType ?? 'unknown'} key`);
  return key;
}

/** AUDIT_SIGNING_KEY and AUDIT_PUBLIC_KEY, normalised to PEM; the public half must match when both are set. */
function auditKeys(env: Env, problems: string[]): { auditSigningKey: string | null; auditPublicKey: string | null } {
  let privateKey: KeyObject | null = null;
  let publicKey: KeyObject | null = null;
  if (env.AUDIT_SIGNING_KEY) {
    try {
      privateKey = parseKey(env.AUDIT_SIGNING_KEY, 'private');
    } catch (err) {
      problems.push(
        `AUDIT_SIGNING_KEY must be an Ed25519 private key, PKCS#8 PEM or base64 DER (${(err as Error).message})`,
      );
    }
  }
  if (env.AUDIT_PUBLIC_KEY) {
    try {
      publicKey = parseKey(env.AUDIT_PUBLIC_KEY, 'public');
    } catch (err) {
      problems.push(
        `AUDIT_PUBLIC_KEY must be an Ed25519 public key, SPKI PEM or base64 DER (${(err as Error).message})`,
      );
    }
  }
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
  if (privateKey && publicKey && spki(createPublicKey(privateKey)) !== spki(publicKey)) {
    problems.push('AUDIT_PUBLIC_KEY is not the public half of AUDIT_SIGNING_KEY');
  }
  return {
    auditSigningKey: privateKey ? privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() : null,
    auditPublicKey: privateKey ? spki(createPublicKey(privateKey)) : publicKey ? spki(publicKey) : null,
  };
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
    // Outside production, only this machine unless HOST says otherwise: the demo accounts' password is published.
    host: env.HOST || (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
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
    loginClientMaxFailures: intIn(env, 'LOGIN_CLIENT_MAX_FAILURES', 30, 1, 100_000, problems),
    loginAccountMaxFailures: intIn(env, 'LOGIN_ACCOUNT_MAX_FAILURES', 20, 1, 100_000, problems),
    trustProxy: trustProxy(env, problems),
    loginLockMinutes: intIn(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60, problems),
    loginFirstDelaySeconds: intIn(env, 'LOGIN_FIRST_DELAY_SECONDS', 1, 1, 3600, problems),
    queuePgPoolMax: intIn(env, 'QUEUE_PG_POOL_MAX', 3, 1, 50, problems),
    clockSweepMs: intIn(env, 'CLOCK_SWEEP_MS', 30_000, 100, 3_600_000, problems),
    clockSweepGraceMs: intIn(env, 'CLOCK_SWEEP_GRACE_MS', 60_000, 0, 3_600_000, problems),
    outboxPollMs: intIn(env, 'OUTBOX_POLL_MS', 500, 10, 60_000, problems),
    workerMetricsPort: env.WORKER_METRICS_PORT ? intIn(env, 'WORKER_METRICS_PORT', 0, 1, 65535, problems) : null,
    metricsToken: metricsToken(env, problems),
    webDir: path.resolve(env.WEB_DIR ?? 'dist/web'),
    smtpUrl: urlOrNull(env, 'SMTP_URL', ['smtp:', 'smtps:'], problems),
    smtpFrom: mailbox(env, 'SMTP_FROM', 'Ventanilla <no-reply@ventanilla.invalid>', problems),
    deliveryAttempts: intIn(env, 'DELIVERY_ATTEMPTS', 8, 1, 50, problems),
    deliveryBackoffMs: intIn(env, 'DELIVERY_BACKOFF_MS', 30_000, 10, 3_600_000, problems),
    webhookTimeoutMs: intIn(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000, problems),
    webhookAllowedNetworks: networkList(env, 'WEBHOOK_ALLOWED_NETWORKS', problems),
    ...auditKeys(env, problems),
    auditCheckpointEvents: intIn(env, 'AUDIT_CHECKPOINT_EVENTS', 1000, 1, 10_000_000, problems),
    auditCheckpointSeconds: intIn(env, 'AUDIT_CHECKPOINT_SECONDS', 60, 1, 86_400, problems),
    auditSealIntervalMs: intIn(env, 'AUDIT_SEAL_INTERVAL_MS', 500, 10, 60_000, problems),
    attachments: attachmentSettings(env, problems),
    rateLimit: {
      sessionPerMinute: intIn(env, 'RATE_LIMIT_SESSION_PER_MINUTE', 600, 0, 10_000_000, problems),
      clientPerMinute: intIn(env, 'RATE_LIMIT_CLIENT_PER_MINUTE', 1200, 0, 10_000_000, problems),
    },
    retention: {
      intervalMinutes: intIn(env, 'RETENTION_INTERVAL_MINUTES', 60, 1, 7 * 24 * 60, problems),
      batchRows: intIn(env, 'RETENTION_BATCH_ROWS', 1000, 1, 100_000, problems),
      outboxDays: intIn(env, 'RETENTION_OUTBOX_DAYS', 7, 0, 3650, problems),
      sessionDays: intIn(env, 'RETENTION_SESSION_DAYS', 30, 0, 3650, problems),
      idempotencyHours: intIn(env, 'IDEMPOTENCY_KEY_HOURS', 24, 1, 24 * 365, problems),
      knownClientDays: intIn(env, 'RETENTION_KNOWN_CLIENT_DAYS', 180, 1, 3650, problems),
      orphanMinutes: intIn(env, 'RETENTION_ORPHAN_MINUTES', 60, 1, 7 * 24 * 60, problems),
    },
  };
  if (config.env === 'production' && !config.databaseUrl) {
    problems.push(
      'DATABASE_URL is required when NODE_ENV=production (the embedded database is for trying Ventanilla out)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Whether a listener on `host` is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** A random identifier for correlation ids and secrets that need no structure. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
