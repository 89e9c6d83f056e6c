import { randomUUID } from 'node:crypto';
import { ApiClient, type ApiResponse } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { createUser, newRequestBody } from '@ventanilla/testing/factories.js';
import { expectProblem } from './support/problem.js';

jest.setTimeout(120_000);

/** Attributes of each Set-Cookie header, by cookie name, lower-cased (`{ vt_session: { secure: true… } }`). */
function setCookies(res: ApiResponse): Record<string, Record<string, string | true>> {
  const out: Record<string, Record<string, string | true>> = {};
  for (const header of res.headers.getSetCookie()) {
    const [pair, ...attrs] = header.split(';').map((s) => s.trim());
    const i = pair.indexOf('=');
    const cookie: Record<string, string | true> = { value: pair.slice(i + 1) };
    for (const a of attrs) {
      const j = a.indexOf('=');
      if (j < 0) cookie[a.toLowerCase()] = true;
      else cookie[a.slice(0, j).toLowerCase()] = a.slice(j + 1);
    }
    out[pair.slice(0, i)] = cookie;
  }
  return out;
}

/**
 * Security basics (issue 7) beyond what test/auth.e2e-spec.ts already proves: headers on every kind of answer,
 * the Secure flag under COOKIE_SECURE, CSRF on every state-changing operation of the OpenAPI document, what the
 * sign-in throttle does not reveal, which events end a session, and how passwords are kept. The system runs
 * with COOKIE_SECURE=true (the client here keeps cookies itself, so plain HTTP still works).
 */
describe(`security basics: headers, cookies, CSRF everywhere, throttling, revocation, passwords (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let admin: ApiClient;
  let nextAddress = 0;
  const address = () => `203.0.113.${++nextAddress}`;

  const raw = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    fetch(sys.baseUrl + path, { method, headers, body });

  const signIn = (email: string, password: string, ip = address()) =>
    new ApiClient(sys.baseUrl).post('/api/auth/login', { email, password }, { 'x-forwarded-for': ip });

  beforeAll(async () => {
    sys = await startTestSystem({
      worker: false,
      env: {
        COOKIE_SECURE: 'true',
        LOGIN_MAX_FAILURES: '3',
        // A first delay longer than any burst takes on a loaded machine: N attempts at once are judged by the
        // count alone, never by a delay that ran out while the burst was still arriving.
        LOGIN_FIRST_DELAY_SECONDS: '60',
        LOGIN_ACCOUNT_MAX_FAILURES: '10',
        LOGIN_CLIENT_MAX_FAILURES: '6',
      },
    });
    admin = await ApiClient.login(sys.baseUrl, 'admin@demo.test', DEMO_PASSWORD);
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('sends the security headers on every kind of answer: JSON, problems, health, metrics, early refusals', async () => {
    const liaison = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const answers: Array<[string, Response | ApiResponse]> = [
      ['JSON', await liaison.get('/api/requests')],
      ['401', await raw('GET', '/api/requests')],
      ['403', await liaison.get('/api/audit/events')],
      ['404', await liaison.get('/api/nowhere')],
      ['health', await raw('GET', '/health/live')],
      ['metrics', await raw('GET', '/metrics')],
      ['docs', await raw('GET', '/api/docs/openapi.json')],
      ['malformed JSON', await liaison.sendRaw('POST', '/api/requests', '{"title":')],
      ['413', await liaison.sendRaw('POST', '/api/requests', JSON.stringify({ title: 'x'.repeat(300_000) }))],
    ];
    for (const [what, res] of answers) {
      const h = res.headers;
      const csp = h.get('content-security-policy') ?? '';
      expect([what, csp]).toEqual([what, expect.stringContaining("default-src 'self'")]);
      expect([what, csp]).toEqual([what, expect.stringMatching(/frame-ancestors '(self|none)'/)]);
      expect([what, csp]).toEqual([what, expect.stringContaining("object-src 'none'")]);
      expect([what, h.get('x-content-type-options')]).toEqual([what, 'nosniff']);
      expect([what, h.get('x-frame-options')]).toEqual([what, expect.stringMatching(/^(DENY|SAMEORIGIN)$/)]);
      expect([what, h.get('referrer-policy')]).toEqual([what, expect.stringMatching(/^(no-referrer|same-origin)$/)]);
      expect([what, h.get('x-powered-by')]).toEqual([what, null]);
      expect([what, h.get('server')]).toEqual([what, null]);
    }
  });

  it('marks both cookies Secure under COOKIE_SECURE, at sign-in and when sign-out clears them', async () => {
    const client = new ApiClient(sys.baseUrl);
    const login = await client.post('/api/auth/login', { email: 'hub@demo.test', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const set = setCookies(login);
    expect(set.vt_session).toMatchObject({ secure: true, httponly: true, samesite: 'Strict' });
    expect(set.csrf_token).toMatchObject({ secure: true, samesite: 'Strict' });
    expect(set.csrf_token).not.toHaveProperty('httponly');

    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    const cleared = setCookies(out);
    expect(cleared.vt_session).toMatchObject({ value: '', secure: true, httponly: true });
    expect(cleared.csrf_token).toMatchObject({ value: '', secure: true });
  });

  it('refuses every state-changing operation of the OpenAPI document without the CSRF token, or with a wrong one', async () => {
    const doc = (await (await raw('GET', '/api/docs/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), path })),
    );
    const mutating = ops.filter((o) => o.path !== '/api/auth/login');
    expect(mutating.length).toBeGreaterThan(20);

    const since = new Date();
    // Every role, so that CSRF is seen to come before the role check for all of them.
    const callers = await Promise.all(
      ['liaison.dea@demo.test', 'hub@demo.test', 'fgr@demo.test', 'auditor@demo.test', 'admin@demo.test'].map((e) =>
        ApiClient.login(sys.baseUrl, e, DEMO_PASSWORD),
      ),
    );
    const [{ id: anyRequest }] = await sys.db.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM requests LIMIT 1`,
    );
    for (const caller of callers) {
      for (const { method, path } of mutating) {
        const url = path.replace(/\{\w+\}/g, anyRequest);
        const label = `${method} ${path}`;
        const without = await raw(
          method,
          url,
          { cookie: caller.cookieHeader(), 'content-type': 'application/json' },
          '{}',
        );
        expect([label, without.status]).toEqual([label, 403]);
        expect([label, ((await without.json()) as { code: string }).code]).toEqual([label, 'AUTH.CSRF']);
        const wrong = await caller.send(method, url, {}, { 'x-csrf-token': 'not-the-token-of-this-session' });
        expectProblem(wrong, 403, 'AUTH.CSRF');
        // The header alone is not enough either when the cookie says otherwise (a planted csrf_token cookie).
        const planted = await raw(
          method,
          url,
          {
            cookie: `${caller.cookieHeader().replace(/csrf_token=[^;]*/, 'csrf_token=planted')}`,
            'x-csrf-token': caller.csrf!,
            'content-type': 'application/json',
          },
          '{}',
        );
        expect([label, planted.status]).toEqual([label, 403]);
      }
    }
    // Nothing happened: not one successful audited action by these sessions since the probes began.
    const done = await sys.db.dataSource.query<Array<{ action: string }>>(
      `SELECT action FROM audit_events WHERE occurred_at >= $1 AND outcome = 'success' AND action <> 'session.login'`,
      [since],
    );
    expect(done).toEqual([]);
  });

  describe('sign-in throttling', () => {
    const throttleRows = (pattern: string) =>
      sys.db.dataSource.query<Array<{ key: string; failures: number }>>(
        `SELECT key, failures FROM login_throttle WHERE key LIKE $1`,
        [pattern],
      );
    /** As if the current delay of these keys had run out (the test does not wait for the clock). */
    const letDelaysRunOut = (pattern: string) =>
      sys.db.dataSource.query(
        `UPDATE login_throttle SET blocked_until = now() - interval '1 ms', last_attempt_at = now() - interval '1 s'
          WHERE key LIKE $1`,
        [pattern],
      );
    const statuses = (answers: ApiResponse[]) =>
      answers.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

    it('counts and decides in one step: 40 wrong passwords at once get exactly LOGIN_MAX_FAILURES checks', async () => {
      const ip = address();
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => signIn('liaison.hsi@demo.test', `wrong-at-once-${i}`, ip)),
      );
      expect(statuses(answers)).toEqual({ 401: 3, 429: 37 });
      for (const r of answers.filter((a) => a.status === 429)) {
        expectProblem(r, 429, 'AUTH.THROTTLED');
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(r.headers.getSetCookie()).toEqual([]);
      }
      // Only the three admitted attempts reached the password check.
      const checked = await sys.db.dataSource.query<unknown[]>(
        `SELECT 1 FROM audit_events WHERE action = 'session.login' AND reason = 'invalid_credentials'
            AND details->>'email' = 'liaison.hsi@demo.test' AND ip = $1`,
        [ip],
      );
      expect(checked).toHaveLength(3);
    });

    it('answers a throttled attempt alike for known and unknown e-mails, with a Spanish message when asked', async () => {
      const ip = address();
      for (const email of ['nobody.at.all@demo.test', 'liaison.fbi@demo.test']) {
        for (let i = 0; i < 3; i++)
          expectProblem(await signIn(email, `wrong-${i}`, ip), 401, 'AUTH.INVALID_CREDENTIALS');
        const locked = await signIn(email, email === 'liaison.fbi@demo.test' ? DEMO_PASSWORD : 'wrong', ip);
        expectProblem(locked, 429, 'AUTH.THROTTLED');
        expect(locked.body.detail).toMatch(/^Too many sign-in attempts from here\. Try again in \d+ s\.$/);
      }
      const es = await new ApiClient(sys.baseUrl, 'es').post(
        '/api/auth/login',
        { email: 'nobody.at.all@demo.test', password: 'wrong' },
        { 'x-forwarded-for': ip },
      );
      expectProblem(es, 429, 'AUTH.THROTTLED');
      expect(es.body.detail).toMatch(/^Demasiados intentos de inicio de sesión desde aquí\./);
    });

    it('makes each delay longer than the last, and a success gives its attempt back', async () => {
      const ip = address();
      const pair = `pair:liaison.cdc@demo.test|${ip}`;
      for (let i = 0; i < 3; i++) await signIn('liaison.cdc@demo.test', `bad-${i}`, ip);
      const waits: number[] = [];
      for (let round = 0; round < 3; round++) {
        const refused = await signIn('liaison.cdc@demo.test', 'bad', ip);
        expect(refused.status).toBe(429);
        waits.push(Number(refused.headers.get('retry-after')));
        await letDelaysRunOut(`%${ip}`);
        expectProblem(await signIn('liaison.cdc@demo.test', 'bad', ip), 401, 'AUTH.INVALID_CREDENTIALS');
      }
      expect(waits).toEqual([60, 120, 240]);
      await letDelaysRunOut(`%${ip}`);
      expect((await signIn('liaison.cdc@demo.test', DEMO_PASSWORD, ip)).status).toBe(200);
      expect(await throttleRows(pair)).toEqual([]);
      // Two failures, a success, two failures: no delay.
      const ip2 = address();
      for (const password of ['bad-1', 'bad-2', DEMO_PASSWORD, 'bad-3', 'bad-4'])
        await signIn('liaison.doj@demo.test', password, ip2);
      expect((await signIn('liaison.doj@demo.test', DEMO_PASSWORD, ip2)).status).toBe(200);
    });

    it('does not let strangers lock the owner out where the owner signs in, even the admin', async () => {
      const home = address();
      expect((await signIn('admin@demo.test', DEMO_PASSWORD, home)).status).toBe(200);
      // Forty strangers, each from an address of their own, at once.
      const strangers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => signIn('admin@demo.test', `guess-${i}`, address())),
      );
      // The account, seen from clients it never used, lets LOGIN_ACCOUNT_MAX_FAILURES (10) through, then waits.
      expect(statuses(strangers)).toEqual({ 401: 10, 429: 30 });
      expect((await signIn('admin@demo.test', DEMO_PASSWORD, address())).status).toBe(429);
      // The owner, from home, is not slowed down at all.
      expect((await signIn('admin@demo.test', DEMO_PASSWORD, home)).status).toBe(200);
    });

    it('slows down one client trying many accounts (LOGIN_CLIENT_MAX_FAILURES)', async () => {
      const ip = address();
      const tries = [];
      for (let i = 0; i < 10; i++) tries.push(await signIn(`spray.${i}@demo.test`, 'Winter2026!', ip));
      expect(tries.map((t) => t.status)).toEqual([401, 401, 401, 401, 401, 401, 429, 429, 429, 429]);
      // Even a right password waits its turn from there.
      expect((await signIn('liaison.dea@demo.test', DEMO_PASSWORD, ip)).status).toBe(429);
    });

    it('audits throttled and failed attempts without the password', async () => {
      const rows = await sys.db.dataSource.query<Array<{ details: unknown; reason: string }>>(
        `SELECT details, reason FROM audit_events WHERE action = 'session.login' AND outcome = 'denied'`,
      );
      expect(rows.filter((r) => r.reason === 'throttled').length).toBeGreaterThan(30);
      expect(JSON.stringify(rows)).not.toMatch(/wrong-|bad-\d|guess-|Winter|test-password/);
    });
  });

  describe('TRUST_PROXY', () => {
    const twoClients = async (trustProxy: string) => {
      const other = await startTestSystem({ worker: false, env: { TRUST_PROXY: trustProxy, LOGIN_MAX_FAILURES: '2' } });
      try {
        const from = (ip: string, password: string) =>
          new ApiClient(other.baseUrl).post(
            '/api/auth/login',
            { email: 'hub@demo.test', password },
            { 'x-forwarded-for': ip },
          );
        await from('198.51.100.1', 'wrong-1');
        await from('198.51.100.1', 'wrong-2');
        // A different client, as the proxy tells it, with the right password.
        const res = await from('198.51.100.2', DEMO_PASSWORD);
        const [event] = await other.db.dataSource.query<Array<{ ip: string }>>(
          `SELECT ip FROM audit_events WHERE action = 'session.login' ORDER BY occurred_at DESC LIMIT 1`,
        );
        return { status: res.status, ip: event.ip };
      } finally {
        await other.close();
      }
    };

    it('tells clients apart by X-Forwarded-For only from trusted proxies', async () => {
      // The calls come from 127.0.0.1: trusted as a proxy by a hop count or by address, not with false.
      expect(await twoClients('1')).toEqual({ status: 200, ip: '198.51.100.2' });
      expect(await twoClients('127.0.0.1/32')).toEqual({ status: 200, ip: '198.51.100.2' });
      // Trusting no one, every caller is the proxy's own address: one client, and its delay applies to all.
      expect(await twoClients('false')).toEqual({ status: 429, ip: expect.stringMatching(/127\.0\.0\.1$/) });
    });
  });

  it('ends sessions on logout (that one only), on disabling, on a change of role and on a password reset, via the admin API', async () => {
    let { user } = await createUser(admin, {
      email: 'revocation@demo.test',
      displayName: 'Revocation probe',
      role: 'auditor',
      password: 'a-long-enough-secret',
    });
    const session = () => ApiClient.login(sys.baseUrl, 'revocation@demo.test', 'a-long-enough-secret');
    const alive = async (c: ApiClient) => (await c.get('/api/auth/me')).status === 200;

    // Logout ends that session; another session of the same user lives on.
    const [a, b] = [await session(), await session()];
    expect((await a.post('/api/auth/logout')).status).toBe(204);
    expect([await alive(a), await alive(b)]).toEqual([false, true]);

    const edit = async (changes: Record<string, unknown>) => {
      const res = await admin.patch(`/api/admin/users/${user.id}`, { version: user.version, ...changes });
      expect(res.status).toBe(200);
      user = res.body as { id: string; version: number };
    };
    await edit({ role: 'admin' });
    expect(await alive(b)).toBe(false);

    const c = await session();
    await edit({ disabled: true });
    expect(await alive(c)).toBe(false);
    expectProblem(await signIn('revocation@demo.test', 'a-long-enough-secret'), 401, 'AUTH.INVALID_CREDENTIALS');
    await edit({ disabled: false });

    const d = await session();
    const reset = await admin.post(`/api/admin/users/${user.id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(await alive(d)).toBe(false);
    // A session whose time is up is over too.
    const e = await ApiClient.login(sys.baseUrl, 'revocation@demo.test', reset.body.oneTimePassword as string);
    await sys.db.dataSource.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL AND user_id = $1`,
      [user.id],
    );
    expectProblem(await e.get('/api/auth/me'), 401, 'AUTH.UNAUTHENTICATED');
  });

  it('keeps passwords to the policy and stores only argon2id hashes and session token digests', async () => {
    const base = { displayName: 'Policy probe', role: 'auditor' };
    for (const password of ['', 'x'.repeat(11), 'x'.repeat(1001)]) {
      const res = await admin.post('/api/admin/users', { ...base, email: 'policy@demo.test', password });
      expectProblem(res, 400, 'VALIDATION.FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
    }
    const generated = await admin.post('/api/admin/users', { ...base, email: 'policy@demo.test' });
    expect(generated.status).toBe(201);
    const oneTime = generated.body.oneTimePassword as string;
    expect(oneTime.length).toBeGreaterThanOrEqual(12);
    const client = await ApiClient.login(sys.baseUrl, 'policy@demo.test', oneTime);

    // An over-long password at sign-in is refused before any hashing.
    expectProblem(await signIn('policy@demo.test', 'x'.repeat(5_000)), 400, 'VALIDATION.FAILED');

    const hashes = await sys.db.dataSource.query<Array<{ password_hash: string }>>(`SELECT password_hash FROM users`);
    expect(hashes.every((h) => h.password_hash.startsWith('$argon2id$'))).toBe(true);
    const token = client.cookieHeader().match(/vt_session=([^;]+)/)![1];
    const stored = await sys.db.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM sessions WHERE token_hash = $1 OR token_hash = encode(sha256($1::bytea), 'hex')`,
      [token],
    );
    const [{ plain }] = await sys.db.dataSource.query<Array<{ plain: number }>>(
      `SELECT count(*)::int AS plain FROM sessions WHERE token_hash = $1`,
      [token],
    );
    expect({ stored: stored[0].n, plain }).toEqual({ stored: 1, plain: 0 });
    // Nothing about the password comes back from the API.
    const listed = await admin.get('/api/admin/users?q=policy');
    expect(JSON.stringify(listed.body)).not.toMatch(/argon2|password_?hash/i);
    expect((await client.post('/api/requests', newRequestBody())).status).toBe(403);
  });

  describe('passwords someone else chose', () => {
    const operations = async () => {
      const doc = (await (await fetch(`${sys.baseUrl}/api/docs/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      return Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => ({ method: m.toUpperCase(), path })),
      );
    };
    const ALLOWED_FIRST = [
      'GET /api/auth/me',
      'PATCH /api/auth/me',
      'POST /api/auth/logout',
      'POST /api/auth/password',
    ];

    it('must be replaced at first sign-in: until then every operation but those four answers 403', async () => {
      const { user: created, oneTimePassword } = await createUser(admin, {
        email: 'first.sign.in@demo.test',
        displayName: 'First sign-in',
        role: 'admin',
      });
      const oneTime = oneTimePassword!;
      const client = await ApiClient.login(sys.baseUrl, 'first.sign.in@demo.test', oneTime);
      expect((await client.get('/api/auth/me')).body.user.mustChangePassword).toBe(true);

      const open: string[] = [];
      for (const { method, path } of await operations()) {
        const cell = `${method} ${path}`;
        // Public operations (sign-in, health, metrics, the audit public key) need no session at all.
        const isPublic = !path.startsWith('/api/') || ['/api/auth/login', '/api/audit/public-key'].includes(path);
        if (ALLOWED_FIRST.includes(cell) || isPublic) continue;
        const res = await client.send(
          method,
          path.replace(/\{(\w+)\}/g, () => randomUUID()),
          method === 'GET' ? undefined : {},
        );
        const code = (res.body as { code?: string } | null)?.code;
        if (!(res.status === 403 && code === 'AUTH.PASSWORD_CHANGE_REQUIRED'))
          open.push(`${cell} → ${res.status} ${code}`);
      }
      expect(open).toEqual([]);
      // The queue dashboard, outside the API, too.
      expect((await client.get('/admin/queues/api/queues')).status).toBe(403);

      // Wrong, unchanged and too short are refused, each at its field.
      const wrong = await client.post('/api/auth/password', {
        currentPassword: 'not-it-at-all',
        newPassword: 'a-new-long-password',
      });
      expectProblem(wrong, 400, 'AUTH.WRONG_PASSWORD');
      expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(['currentPassword']);
      const same = await client.post('/api/auth/password', { currentPassword: oneTime, newPassword: oneTime });
      expectProblem(same, 400, 'VALIDATION.FAILED');
      expect(same.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
        ['newPassword', 'same_password'],
      ]);
      const short = await client.post('/api/auth/password', { currentPassword: oneTime, newPassword: 'short' });
      expectProblem(short, 400, 'VALIDATION.FAILED');

      const other = await ApiClient.login(sys.baseUrl, 'first.sign.in@demo.test', oneTime);
      const changed = await client.post('/api/auth/password', {
        currentPassword: oneTime,
        newPassword: 'my-own-password-now',
      });
      expect(changed.status).toBe(200);
      expect(changed.body.user.mustChangePassword).toBe(false);
      // This session goes on; the other one ended; the old password is gone, the new one works.
      expect((await client.get('/api/admin/users')).status).toBe(200);
      expectProblem(await other.get('/api/auth/me'), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await signIn('first.sign.in@demo.test', oneTime), 401, 'AUTH.INVALID_CREDENTIALS');
      expect((await signIn('first.sign.in@demo.test', 'my-own-password-now')).status).toBe(200);

      // Audited, with the refusals, never with a password.
      const events = await sys.db.dataSource.query<Array<{ outcome: string; reason: string | null; details: unknown }>>(
        `SELECT outcome, reason, details FROM audit_events WHERE action = 'user.change_password' ORDER BY occurred_at`,
      );
      expect(events.map((e) => [e.outcome, e.reason])).toEqual([
        ['denied', 'wrong_password'],
        ['denied', 'unchanged'],
        ['success', null],
      ]);
      expect(JSON.stringify(events)).not.toContain('my-own-password-now');

      // An administrator's reset makes it someone else's again.
      const reset = await admin.post(`/api/admin/users/${created.id}/reset-password`);
      const again = await ApiClient.login(sys.baseUrl, 'first.sign.in@demo.test', reset.body.oneTimePassword as string);
      expect((await again.get('/api/auth/me')).body.user.mustChangePassword).toBe(true);
      expectProblem(await again.get('/api/admin/users'), 403, 'AUTH.PASSWORD_CHANGE_REQUIRED');
    });

    it('lets every user change their own password, the current one required and throttled like a sign-in', async () => {
      const dea = await ApiClient.login(sys.baseUrl, 'liaison.atf@demo.test', DEMO_PASSWORD);
      expect((await dea.get('/api/auth/me')).body.user.mustChangePassword).toBe(false);
      const answers = [];
      for (let i = 0; i < 5; i++)
        answers.push(
          (await dea.post('/api/auth/password', { currentPassword: `guess-${i}`, newPassword: 'whatever-long-enough' }))
            .status,
        );
      expect(answers).toEqual([400, 400, 400, 429, 429]);
    });

    it('on a start reachable from other machines, demo accounts must set their own password', async () => {
      const { requireDemoPasswordChange } = await import('../seeds/demo-seed.js');
      await sys.db.dataSource.query(
        `UPDATE users SET password_changed_at = now() WHERE email = 'liaison.fbi@demo.test'`,
      );
      const marked = await requireDemoPasswordChange(sys.db.dataSource);
      expect(marked).toBeGreaterThan(10);
      const hub = await ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD);
      expectProblem(await hub.get('/api/requests'), 403, 'AUTH.PASSWORD_CHANGE_REQUIRED');
      // One who already chose their own password is left alone; a second start marks nobody twice.
      const fbi = await ApiClient.login(sys.baseUrl, 'liaison.fbi@demo.test', DEMO_PASSWORD);
      expect((await fbi.get('/api/requests')).status).toBe(200);
      expect(await requireDemoPasswordChange(sys.db.dataSource)).toBe(0);
      await sys.db.dataSource.query(`UPDATE users SET password_change_required = false`);
    });
  });
});
