import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@ventanilla/testing/free-port.js';
import { eventually } from '@ventanilla/testing/http-client.js';

const ROOT = path.resolve(__dirname, '..');

/**
 * A clone in a folder nobody else may enter (a 0700 home, a mkdtemp folder), started as CI starts it: as root.
 * PostgreSQL will not run as root, so its server runs as an unprivileged account, which must still reach the
 * server's binaries under this clone's node_modules and its data folder. The built app and its node_modules
 * are copied (hard links: a second) into a 0700 folder and started there with `npm start`'s entry point.
 */
describe('zero-setup start from a private folder', () => {
  let child: ChildProcess;
  let privateDir: string;
  let dataDir: string;
  let output = '';
  let base = '';

  beforeAll(async () => {
    privateDir = mkdtempSync(path.join(tmpdir(), 'ventanilla-private-'));
    chmodSync(privateDir, 0o700);
    const app = path.join(privateDir, 'clone');
    mkdirSync(app);
    cpSync(path.join(ROOT, 'dist'), path.join(app, 'dist'), { recursive: true });
    cpSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
    try {
      execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(app, 'node_modules')]);
    } catch {
      // Another file system than the clone's: a real copy (slower).
      execFileSync('cp', ['-a', path.join(ROOT, 'node_modules'), path.join(app, 'node_modules')]);
    }
    // The data folder elsewhere (its private case is zero-setup's own): this is about the server's binaries.
    dataDir = mkdtempSync(path.join(tmpdir(), 'ventanilla-private-data-'));
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.NODE_ENV;
    delete env.HOST;
    child = spawn(process.execPath, ['dist/apps/all/src/main.js'], {
      cwd: app,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(privateDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /health/ready, the folder still private', async () => {
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`the process exited with code ${code}`))),
    );
    const ready = await Promise.race([
      eventually(async () => (await fetch(`${base}/health/ready`).catch(() => null))?.status === 200, 90_000, 250),
      exited,
    ]).catch((err: Error) => {
      throw new Error(`${err.message}\n--- process output ---\n${output.slice(-3000)}`);
    });
    expect(ready).toBe(true);
    expect(output).not.toMatch(/EACCES|\n\s+at /);
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
  }, 120_000);
});
