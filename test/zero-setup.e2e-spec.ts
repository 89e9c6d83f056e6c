import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@ventanilla/testing/free-port.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';

/**
 * The README's first command, as a newcomer runs it: the built all-in-one process with no DATABASE_URL and
 * no REDIS_URL, an empty data folder, and nothing else. Needs `npm run build` first (npm test does it).
 */
describe('zero-setup start (embedded PostgreSQL, BullMQ on PostgreSQL)', () => {
  let child: ChildProcess;
  let dataDir: string;
  let output = '';
  let port = 0;
  let base = '';

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'ventanilla-zero-'));
    chmodSync(dataDir, 0o755); // readable by the unprivileged user the embedded server runs as under root
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.NODE_ENV;
    child = spawn(process.execPath, ['dist/apps/all/src/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves a ready API with demo data within a minute and prints how to sign in', async () => {
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`the process exited with code ${code}`))),
    );
    const ready = await Promise.race([
      eventually(async () => (await fetch(`${base}/health/ready`).catch(() => null))?.status === 200, 60_000, 250),
      exited,
    ]).catch((err: Error) => {
      throw new Error(`${err.message}\n--- process output ---\n${output.slice(-3000)}`);
    });
    expect(ready).toBe(true);
    expect(output).toContain(`http://localhost:${port}`);
    expect(output).toContain('hub@demo.test');
    // Outside production and without HOST, only this machine can reach it, and it says so.
    expect(output).toContain('Listening on 127.0.0.1 only: this machine. Set HOST=0.0.0.0 to open it to your network.');
    const outward = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal && a.family === 'IPv4')
      .map((a) => a!.address);
    for (const address of outward) {
      const reached = await fetch(`http://${address}:${port}/health/live`).then(
        () => true,
        () => false,
      );
      expect([address, reached]).toEqual([address, false]);
    }
    // No SMTP_URL: it says so at start-up, and the demo data's notice e-mails are written to the log.
    expect(output).toContain('notification e-mails are written to the log instead of being sent');
    await eventually(() => Promise.resolve(output.includes('e-mail (logged, not sent)')), 30_000, 250);

    const dea = await ApiClient.login(base, 'liaison.dea@demo.test', 'ventanilla-demo');
    const list = await dea.get('/api/requests');
    expect(list.body.items.length).toBeGreaterThan(0);
    const hub = await ApiClient.login(base, 'hub@demo.test', 'ventanilla-demo');
    const all = await hub.get('/api/requests?limit=200');
    const statuses = new Set(all.body.items.map((r: { status: string }) => r.status));
    for (const s of ['registered', 'in_analysis', 'clarification_requested', 'rejected', 'withdrawn'])
      expect(statuses).toContain(s);
    // Search works on the embedded server too: its unaccent and pg_trgm, the Spanish and English configurations.
    const found = await hub.get('/api/requests?q=culiacan%20extraditions');
    expect(found.status).toBe(200);
    const summaries = found.body.items.map((r: { summary: string }) => r.summary) as string[];
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.every((s) => s.includes('Culiacán') && s.includes('extradition'))).toBe(true);
  }, 90_000);
});

/** The same start opened to the network (HOST=0.0.0.0, still not production): the demo password must go. */
describe('zero-setup start reachable from other machines', () => {
  let child: ChildProcess;
  let dataDir: string;
  let output = '';
  let base = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'ventanilla-shared-'));
    chmodSync(dataDir, 0o755);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '0.0.0.0',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.NODE_ENV;
    child = spawn(process.execPath, ['dist/apps/all/src/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says so at start, and makes every demo account set its own password at first sign-in', async () => {
    const ready = await eventually(
      async () => (await fetch(`${base}/health/ready`).catch(() => null))?.status === 200,
      60_000,
      250,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- process output ---\n${output.slice(-3000)}`);
    });
    expect(ready).toBe(true);
    expect(output).toContain('Listening on 0.0.0.0 (HOST): other machines can reach it.');
    expect(output).toContain('each demo account must set its own password at first sign-in');
    for (const email of ['admin@demo.test', 'hub@demo.test', 'liaison.dea@demo.test']) {
      const client = await ApiClient.login(base, email, 'ventanilla-demo');
      expect((await client.get('/api/auth/me')).body.user.mustChangePassword).toBe(true);
      const refused = await client.get('/api/requests');
      expect([email, refused.status, refused.body.code]).toEqual([email, 403, 'AUTH.PASSWORD_CHANGE_REQUIRED']);
    }
    const admin = await ApiClient.login(base, 'admin@demo.test', 'ventanilla-demo');
    const set = await admin.post('/api/auth/password', {
      currentPassword: 'ventanilla-demo',
      newPassword: 'the-admin-chose-this',
    });
    expect(set.status).toBe(200);
    expect((await admin.get('/api/admin/users')).status).toBe(200);
  }, 90_000);
});
