import { ApiClient, type ApiResponse } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { expectProblem } from './support/problem.js';

/** Attributes of each Set-Cookie header, by cookie name (`{ vt_session: { value, httponly, samesite… } }`). */
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

// jest.config.cjs sets testTimeout per project, which Jest ignores (it is a global option): set it here.
jest.setTimeout(60_000);

describe(`sessions, CSRF, throttling and roles (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let nextClient = 0;

  /** Each caller its own client address (the API trusts X-Forwarded-For from loopback), so throttles stay apart. */
  const clientAddress = () => `198.51.100.${++nextClient}`;

  const attemptLogin = (email: string, password: string, opts: { ip?: string; lang?: 'en' | 'es' } = {}) =>
    new ApiClient(sys.baseUrl, opts.lang ?? 'en').post(
      '/api/auth/login',
      { email, password },
      { 'x-forwarded-for': opts.ip ?? clientAddress() },
    );

  /** Raw HTTP with exactly the cookies and headers given: no help from ApiClient. */
  const raw = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    fetch(sys.baseUrl + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    sys = await startTestSystem({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_CLIENT_MAX_FAILURES: '3' } });
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('signs in with an httpOnly, SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const client = new ApiClient(sys.baseUrl);
    const res = await client.post('/api/auth/login', { email: 'liaison.dea@demo.test', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'liaison.dea@demo.test', role: 'liaison', agency: 'DEA' });
    expect(res.body.user).not.toHaveProperty('passwordHash');

    const cookies = setCookies(res);
    expect(cookies.vt_session).toMatchObject({ httponly: true, samesite: 'Strict', path: '/' });
    expect(cookies.vt_session.value).toEqual(expect.stringMatching(/^[\w-]{32,}$/));
    expect(cookies.csrf_token).toMatchObject({ samesite: 'Strict', path: '/' });
    expect(cookies.csrf_token).not.toHaveProperty('httponly');
    expect(cookies.csrf_token.value).toEqual(expect.stringMatching(/^[\w-]{16,}$/));
    expect(cookies.csrf_token.value).not.toBe(cookies.vt_session.value);

    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: 'liaison.dea@demo.test', role: 'liaison', agency: 'DEA' });
  });

  it('refuses a wrong password with 401 AUTH.INVALID_CREDENTIALS, in Spanish when asked', async () => {
    const en = await attemptLogin('liaison.atf@demo.test', 'not-the-password');
    expectProblem(en, 401, 'AUTH.INVALID_CREDENTIALS');
    expect(en.body.title).toBe('Wrong e-mail or password.');
    expect(en.headers.getSetCookie()).toEqual([]);

    const es = await attemptLogin('liaison.atf@demo.test', 'not-the-password', { lang: 'es' });
    expectProblem(es, 401, 'AUTH.INVALID_CREDENTIALS');
    expect(es.body.title).toBe('Correo o contraseña incorrectos.');

    const incomplete = await new ApiClient(sys.baseUrl).post('/api/auth/login', { email: 'not-an-email' });
    expectProblem(incomplete, 400, 'VALIDATION.FAILED');
    expect(incomplete.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'email:isEmail',
      'password:required',
    ]);

    // An unknown account answers exactly like a wrong password.
    const unknown = await attemptLogin('nobody@demo.test', 'not-the-password');
    expectProblem(unknown, 401, 'AUTH.INVALID_CREDENTIALS');
  });

  it('answers 401 to calls without a session, or with a made-up one', async () => {
    const none = await new ApiClient(sys.baseUrl).get('/api/requests');
    expectProblem(none, 401, 'AUTH.UNAUTHENTICATED');
    const forged = await raw('GET', '/api/requests', { cookie: 'vt_session=forged-token-value' });
    expect(forged.status).toBe(401);
    const me = await new ApiClient(sys.baseUrl).get('/api/auth/me');
    expectProblem(me, 401, 'AUTH.UNAUTHENTICATED');
  });

  it('refuses a state-changing call without, or with a wrong, X-CSRF-Token (403 AUTH.CSRF) and creates nothing', async () => {
    const client = new ApiClient(sys.baseUrl);
    const login = await client.post('/api/auth/login', { email: 'liaison.dea@demo.test', password: DEMO_PASSWORD });
    const { vt_session, csrf_token } = setCookies(login);
    const cookie = `vt_session=${String(vt_session.value)}; csrf_token=${String(csrf_token.value)}`;
    const body = newRequestBody({ title: 'CSRF probe' });

    const missing = await raw('POST', '/api/requests', { cookie }, body);
    expect(missing.status).toBe(403);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await missing.json()) as { code: string }).code).toBe('AUTH.CSRF');

    const wrong = await client.post('/api/requests', body, { 'x-csrf-token': 'x'.repeat(32) });
    expectProblem(wrong, 403, 'AUTH.CSRF');

    // Another session's token does not fit this session either.
    const other = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const crossed = await client.post('/api/requests', body, { 'x-csrf-token': other.csrf! });
    expectProblem(crossed, 403, 'AUTH.CSRF');

    const logoutWithoutToken = await raw('POST', '/api/auth/logout', { cookie });
    expect(logoutWithoutToken.status).toBe(403);

    const [{ n }] = (await sys.db.dataSource.query(
      `SELECT count(*)::int AS n FROM requests WHERE title = 'CSRF probe'`,
    )) as Array<{ n: number }>;
    expect(n).toBe(0);

    const ok = await client.post('/api/requests', body);
    expect(ok.status).toBe(201);
  });

  it('logs out with 204; the old session cookie stops working at once', async () => {
    const client = new ApiClient(sys.baseUrl);
    const login = await client.post('/api/auth/login', { email: 'hub@demo.test', password: DEMO_PASSWORD });
    const { vt_session, csrf_token } = setCookies(login);
    const oldCookie = `vt_session=${String(vt_session.value)}; csrf_token=${String(csrf_token.value)}`;
    expect((await client.get('/api/requests')).status).toBe(200);

    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    const cleared = setCookies(out);
    expect(cleared.vt_session?.value).toBe('');
    expect(cleared.csrf_token?.value).toBe('');

    const replayed = await raw('GET', '/api/requests', { cookie: oldCookie });
    expect(replayed.status).toBe(401);
    const replayedPost = await raw(
      'POST',
      '/api/auth/logout',
      { cookie: oldCookie, 'x-csrf-token': String(csrf_token.value) },
      {},
    );
    expect(replayedPost.status).toBe(401);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('delays an account after LOGIN_MAX_FAILURES failures from one client: even the right password then gets 429', async () => {
    const ip = clientAddress();
    for (let i = 0; i < 3; i++) {
      const failed = await attemptLogin('liaison.oia@demo.test', `wrong-${i}`, { ip });
      expectProblem(failed, 401, 'AUTH.INVALID_CREDENTIALS');
    }
    const right = await attemptLogin('liaison.oia@demo.test', DEMO_PASSWORD, { ip });
    expectProblem(right, 429, 'AUTH.THROTTLED');
    expect(right.body.title).toMatch(/Try again in \d+ s\./);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(right.headers.getSetCookie()).toEqual([]);
    const es = await attemptLogin('liaison.oia@demo.test', DEMO_PASSWORD, { ip, lang: 'es' });
    expectProblem(es, 429, 'AUTH.THROTTLED');
    expect(es.body.title).toMatch(/^Demasiados intentos de inicio de sesión/);

    // Other accounts, and the same account from elsewhere, are unaffected.
    expect((await attemptLogin('liaison.atf@demo.test', DEMO_PASSWORD)).status).toBe(200);
    expect((await attemptLogin('liaison.oia@demo.test', DEMO_PASSWORD)).status).toBe(200);

    const [{ n }] = (await sys.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events
        WHERE action = 'session.login' AND outcome = 'denied' AND reason = 'throttled' AND details->>'email' = $1`,
      ['liaison.oia@demo.test'],
    )) as Array<{ n: number }>;
    expect(n).toBe(2);
  });

  it('delays a client address that fails on many accounts', async () => {
    const ip = clientAddress();
    for (const email of ['a@demo.test', 'b@demo.test', 'c@demo.test']) {
      expect((await attemptLogin(email, 'guess', { ip })).status).toBe(401);
    }
    expectProblem(await attemptLogin('liaison.fbi@demo.test', DEMO_PASSWORD, { ip }), 429, 'AUTH.THROTTLED');
    expect((await attemptLogin('liaison.fbi@demo.test', DEMO_PASSWORD)).status).toBe(200);
  });

  it('ends the sessions of a user disabled in the database on their very next call', async () => {
    const hsi = await ApiClient.login(sys.baseUrl, 'liaison.hsi@demo.test', DEMO_PASSWORD);
    expect((await hsi.get('/api/requests')).status).toBe(200);
    await sys.db.dataSource.query(`UPDATE users SET disabled_at = now() WHERE email = 'liaison.hsi@demo.test'`);

    expectProblem(await hsi.get('/api/requests'), 401, 'AUTH.UNAUTHENTICATED');
    expectProblem(await hsi.get('/api/auth/me'), 401, 'AUTH.UNAUTHENTICATED');
    expectProblem(await hsi.post('/api/requests', newRequestBody()), 401, 'AUTH.UNAUTHENTICATED');
    // …and cannot sign in again, with the same answer as a wrong password.
    expectProblem(await attemptLogin('liaison.hsi@demo.test', DEMO_PASSWORD), 401, 'AUTH.INVALID_CREDENTIALS');
  });

  it('keeps administrators out of request content (403) but lets them read reference data', async () => {
    const admin = await ApiClient.login(sys.baseUrl, 'admin@demo.test', DEMO_PASSWORD);
    expect((await admin.get('/api/auth/me')).body.user).toMatchObject({ role: 'admin', agency: null });

    expectProblem(await admin.get('/api/requests'), 403, 'AUTH.FORBIDDEN');
    const [{ id }] = (await sys.db.dataSource.query(`SELECT id FROM requests LIMIT 1`)) as Array<{ id: string }>;
    expectProblem(await admin.get(`/api/requests/${id}`), 403, 'AUTH.FORBIDDEN');
    expectProblem(await admin.get(`/api/requests/${id}/timeline`), 403, 'AUTH.FORBIDDEN');
    expectProblem(await admin.post('/api/requests', newRequestBody()), 403, 'AUTH.FORBIDDEN');

    const agencies = await admin.get('/api/reference/agencies');
    expect(agencies.status).toBe(200);
    expect(agencies.body.items.map((a: { code: string }) => a.code)).toEqual(
      expect.arrayContaining(['DEA', 'SRE-SSAN', 'FGR-INT']),
    );
    expect((await admin.get('/api/reference/request-types')).status).toBe(200);
    expect((await admin.get('/api/reference/topics')).status).toBe(200);
    expect((await new ApiClient(sys.baseUrl).get('/api/reference/agencies')).status).toBe(401);
  });

  it('serves /health/live and /health/ready without a session', async () => {
    const live = await raw('GET', '/health/live');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await raw('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'up', queue: 'up' } });
  });

  it('serves the OpenAPI document, which lists the requests API', async () => {
    const res = await raw('GET', '/api/docs/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/requests', '/api/requests/{id}', '/api/auth/login']),
    );
    expect(doc.paths['/api/requests']).toHaveProperty('post');
    expect(doc.paths['/api/requests']).toHaveProperty('get');
  });
});
