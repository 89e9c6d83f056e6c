import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem, type TestSystem } from '@ventanilla/testing/test-system.js';
import { expectProblem } from './support/problem.js';

interface User {
  id: string;
  email: string;
  role: string;
  agency: string | null;
  disabled: boolean;
  version: number;
}

/** User administration over HTTP: create, edit, disable, reset a password; admin only; audited. */
describe('user administration (/api/admin/users)', () => {
  let sys: TestSystem;
  let admin: ApiClient;

  beforeAll(async () => {
    sys = await startTestSystem({ worker: false });
    admin = await ApiClient.login(sys.baseUrl, 'admin@demo.test', DEMO_PASSWORD);
  });

  afterAll(async () => {
    await sys?.close();
  });

  const auditOf = async (userId: string): Promise<Array<{ action: string; changed_fields: string[]; details: any }>> =>
    (await sys.db.dataSource.query(
      `SELECT action, changed_fields, details FROM audit_events WHERE object_type = 'user' AND object_id = $1
        ORDER BY occurred_at, id`,
      [userId],
    )) as Array<{ action: string; changed_fields: string[]; details: any }>;

  async function created(body: Record<string, unknown>): Promise<{ user: User; oneTimePassword: string | null }> {
    const res = await admin.post('/api/admin/users', body);
    expect(res.status).toBe(201);
    return res.body as { user: User; oneTimePassword: string | null };
  }

  it('is for administrators only', async () => {
    const hub = await ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD);
    expectProblem(await hub.get('/api/admin/users'), 403, 'AUTH.FORBIDDEN');
    expectProblem(await hub.post('/api/admin/users', { email: 'x@demo.test' }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await new ApiClient(sys.baseUrl).get('/api/admin/users'), 401, 'AUTH.UNAUTHENTICATED');
  });

  it('lists accounts by e-mail with filters and keyset pages, never a password hash', async () => {
    const first = await admin.get('/api/admin/users?limit=5');
    expect(first.status).toBe(200);
    const emails = (first.body.items as User[]).map((u) => u.email);
    expect(emails).toEqual([...emails].sort());
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await admin.get(`/api/admin/users?limit=5&cursor=${first.body.nextCursor}`);
    expect((second.body.items as User[])[0].email > emails[4]).toBe(true);
    expect(JSON.stringify(first.body)).not.toMatch(/argon2|password/i);

    const hubs = await admin.get('/api/admin/users?role=hub_coordinator');
    expect((hubs.body.items as User[]).map((u) => u.email).sort()).toEqual(['hub2@demo.test', 'hub@demo.test']);
    const found = await admin.get('/api/admin/users?q=fgr');
    expect((found.body.items as User[]).map((u) => u.agency)).toEqual(['FGR-INT']);
    expectProblem(await admin.get('/api/admin/users?cursor=not-a-cursor!'), 400, 'VALIDATION.FAILED');
  });

  it('creates an account with a one-time password that signs in, and audits it without the password', async () => {
    const { user, oneTimePassword } = await created({
      email: '  New.Liaison@Demo.Test ',
      displayName: 'Nora Lee (HSI)',
      role: 'liaison',
      agency: 'HSI',
    });
    expect(user).toMatchObject({ email: 'new.liaison@demo.test', role: 'liaison', agency: 'HSI', disabled: false });
    expect(oneTimePassword).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    const signedIn = await ApiClient.login(sys.baseUrl, 'new.liaison@demo.test', oneTimePassword!);
    expect((await signedIn.get('/api/auth/me')).body.user.agency).toBe('HSI');

    const events = await auditOf(user.id);
    expect(events.map((e) => e.action)).toEqual(['user.create']);
    expect(JSON.stringify(events)).not.toContain(oneTimePassword);

    const again = await admin.post('/api/admin/users', {
      email: 'new.liaison@demo.test',
      displayName: 'Someone else',
      role: 'liaison',
      agency: 'HSI',
    });
    expectProblem(again, 409, 'USER.EMAIL_TAKEN');
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'email', code: 'taken' })]);
  });

  it('keeps a chosen password to the policy and each role to its kind of agency, in both languages', async () => {
    const short = await admin.post('/api/admin/users', {
      email: 'short@demo.test',
      displayName: 'Short',
      role: 'auditor',
      password: 'elevenchars',
    });
    expectProblem(short, 400, 'VALIDATION.FAILED');
    expect(short.body.errors).toEqual([
      expect.objectContaining({ field: 'password', code: 'minLength', message: 'must be at least 12 characters' }),
    ]);

    const adminEs = await ApiClient.login(sys.baseUrl, 'admin@demo.test', DEMO_PASSWORD, 'es');
    const wrongAgency = await adminEs.post('/api/admin/users', {
      email: 'wrong@demo.test',
      displayName: 'Wrong',
      role: 'liaison',
      agency: 'FGR-INT',
    });
    expectProblem(wrongAgency, 400, 'VALIDATION.FAILED');
    expect(wrongAgency.body.errors).toEqual([
      expect.objectContaining({
        field: 'agency',
        code: 'agency_not_requesting',
        message: 'debe ser una agencia solicitante de EE. UU.',
      }),
    ]);
    const auditorWithAgency = await admin.post('/api/admin/users', {
      email: 'aud@demo.test',
      displayName: 'Aud',
      role: 'auditor',
      agency: 'DEA',
    });
    expect(auditorWithAgency.body.errors).toEqual([
      expect.objectContaining({ field: 'agency', code: 'agency_not_allowed' }),
    ]);

    const chosen = await created({
      email: 'auditor2@demo.test',
      displayName: 'Second auditor',
      role: 'auditor',
      password: 'a-long-enough-secret',
      language: 'es',
    });
    expect(chosen.oneTimePassword).toBeNull();
    await ApiClient.login(sys.baseUrl, 'auditor2@demo.test', 'a-long-enough-secret');
  });

  it('disabling ends the sessions at once and refuses sign-in; enabling lets the user back', async () => {
    const { user, oneTimePassword } = await created({
      email: 'to.disable@demo.test',
      displayName: 'To Disable',
      role: 'agency_coordinator',
      agency: 'SSPC-SIIP',
    });
    const victim = await ApiClient.login(sys.baseUrl, user.email, oneTimePassword!);
    expect((await victim.get('/api/auth/me')).status).toBe(200);

    const disabled = await admin.patch(`/api/admin/users/${user.id}`, { version: user.version, disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ disabled: true, version: user.version + 1 });
    expectProblem(await victim.get('/api/auth/me'), 401, 'AUTH.UNAUTHENTICATED');
    expectProblem(
      await new ApiClient(sys.baseUrl).post('/api/auth/login', { email: user.email, password: oneTimePassword }),
      401,
      'AUTH.INVALID_CREDENTIALS',
    );

    const stale = await admin.patch(`/api/admin/users/${user.id}`, { version: user.version, disabled: false });
    expectProblem(stale, 409, 'USER.VERSION_CONFLICT');
    expect(stale.body.current).toMatchObject({ id: user.id, disabled: true, version: user.version + 1 });

    const enabled = await admin.patch(`/api/admin/users/${user.id}`, { version: user.version + 1, disabled: false });
    expect(enabled.body.disabled).toBe(false);
    await ApiClient.login(sys.baseUrl, user.email, oneTimePassword!);

    const events = await auditOf(user.id);
    expect(events.map((e) => e.action)).toEqual(['user.create', 'user.disable', 'user.enable']);
    expect(events[1]).toMatchObject({ changed_fields: ['disabled'], details: { sessionsEnded: true } });
  });

  it('changes name, role and agency together, checking the pair', async () => {
    const { user } = await created({
      email: 'mover@demo.test',
      displayName: 'Mover',
      role: 'agency_coordinator',
      agency: 'SHCP-UIF',
    });
    const mismatch = await admin.patch(`/api/admin/users/${user.id}`, { version: user.version, role: 'auditor' });
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ field: 'agency', code: 'agency_not_allowed' })]);
    const moved = await admin.patch(`/api/admin/users/${user.id}`, {
      version: user.version,
      role: 'auditor',
      agency: null,
      displayName: 'Mover (audit)',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ role: 'auditor', agency: null, displayName: 'Mover (audit)' });
    const [, update] = await auditOf(user.id);
    expect(update).toMatchObject({ action: 'user.update', details: { previousRole: 'agency_coordinator' } });
    expect([...update.changed_fields].sort()).toEqual(['agency', 'displayName', 'role']);
  });

  it('resets a password: a new one-time password works, the old one and the open sessions do not', async () => {
    const { user, oneTimePassword } = await created({
      email: 'forgetful@demo.test',
      displayName: 'Forgetful',
      role: 'authorizer',
      agency: 'GANS',
    });
    const session = await ApiClient.login(sys.baseUrl, user.email, oneTimePassword!);
    const reset = await admin.post(`/api/admin/users/${user.id}/reset-password`);
    expect(reset.status).toBe(200);
    const fresh = reset.body.oneTimePassword as string;
    expect(fresh).not.toBe(oneTimePassword);
    expectProblem(await session.get('/api/auth/me'), 401);
    expectProblem(
      await new ApiClient(sys.baseUrl).post('/api/auth/login', { email: user.email, password: oneTimePassword }),
      401,
    );
    await ApiClient.login(sys.baseUrl, user.email, fresh);
    const events = await auditOf(user.id);
    expect(events.map((e) => e.action)).toEqual(['user.create', 'user.reset_password']);
    expect(JSON.stringify(events)).not.toContain(fresh);
  });

  it('will not let administrators lock themselves out, and answers 404 for unknown users', async () => {
    const me = (await admin.get('/api/auth/me')).body.user as { id: string };
    const self = (await admin.get(`/api/admin/users/${me.id}`)).body as User;
    expectProblem(
      await admin.patch(`/api/admin/users/${me.id}`, { version: self.version, disabled: true }),
      422,
      'USER.SELF_CHANGE',
    );
    expectProblem(
      await admin.patch(`/api/admin/users/${me.id}`, { version: self.version, role: 'auditor', agency: null }),
      422,
      'USER.SELF_CHANGE',
    );
    const renamed = await admin.patch(`/api/admin/users/${me.id}`, {
      version: self.version,
      displayName: 'Adriana M.',
    });
    expect(renamed.status).toBe(200);
    expectProblem(await admin.get('/api/admin/users/00000000-0000-4000-8000-000000000000'), 404, 'USER.NOT_FOUND');
    expectProblem(await admin.post('/api/admin/users/nope/reset-password'), 404, 'USER.NOT_FOUND');
  });
});
