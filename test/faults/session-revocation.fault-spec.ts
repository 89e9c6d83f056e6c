import { createUser } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD } from '@ventanilla/testing/test-system.js';
import { startDrillSystem, type DrillSystem } from '@ventanilla/testing/processes.js';

jest.setTimeout(120_000);

/**
 * Well inside the sessions' cache time to live (5 s): a session refused by then was refused through the
 * notification, not because its cached copy aged out.
 */
const NOTIFIED_WITHIN_MS = 2_000;

/**
 * Each API process keeps the sessions it resolved for a few seconds. A session ended (logout, password change,
 * disabled user, new role) through one API process stops working on its next call there, and on the other
 * process as soon as PostgreSQL's notification reaches it, well before its copy would expire.
 */
describe('fault drill: sessions ended on one API process end on the other too', () => {
  let sys: DrillSystem;

  beforeAll(async () => {
    sys = await startDrillSystem({ apis: 2, workers: 0 });
  });

  afterAll(async () => {
    await sys?.close();
  });

  /** What GET /api/auth/me answers to `client`'s session on the API process `api` (0 or 1). */
  const me = async (client: ApiClient, api: number) => {
    const res = await fetch(`${sys.apis[api].baseUrl}/api/auth/me`, { headers: { cookie: client.cookieHeader() } });
    const body = (await res.json()) as { user?: { role: string } };
    return { status: res.status, role: body.user?.role };
  };
  /** Both processes have the session in memory: each answered it once. */
  const warm = async (client: ApiClient) => {
    for (const api of [0, 1]) expect((await me(client, api)).status).toBe(200);
    for (const api of [0, 1]) expect((await me(client, api)).status).toBe(200);
  };
  const refusedOn = (client: ApiClient, api: number) =>
    eventually(async () => (await me(client, api)).status === 401, NOTIFIED_WITHIN_MS, 10);

  it('refuses, on both processes, a session logged out, a user disabled, re-roled or whose password changed', async () => {
    const [a, b] = sys.apis;
    const adminB = await ApiClient.login(b.baseUrl, 'admin@demo.test', DEMO_PASSWORD);
    let { user } = await createUser(adminB, {
      email: 'two.processes@demo.test',
      displayName: 'Two processes',
      role: 'auditor',
      password: 'a-long-enough-secret',
    });
    let password = 'a-long-enough-secret';
    const session = () => ApiClient.login(a.baseUrl, 'two.processes@demo.test', password);
    const edit = async (changes: Record<string, unknown>) => {
      const res = await adminB.patch(`/api/admin/users/${user.id}`, { version: user.version, ...changes });
      expect(res.status).toBe(200);
      user = res.body as { id: string; version: number };
    };

    // Logout through A: A refuses the session on its next call, B once notified; another session lives on.
    const [s1, s2] = [await session(), await session()];
    await warm(s1);
    await warm(s2);
    expect((await s1.post('/api/auth/logout')).status).toBe(204);
    expect((await me(s1, 0)).status).toBe(401);
    await refusedOn(s1, 1);
    expect([(await me(s2, 0)).status, (await me(s2, 1)).status]).toEqual([200, 200]);

    // Disabled through B: B refuses at once, A once notified.
    await edit({ disabled: true });
    expect((await me(s2, 1)).status).toBe(401);
    await refusedOn(s2, 0);
    await edit({ disabled: false });

    // A new role through B ends the sessions on both.
    const s3 = await session();
    await warm(s3);
    await edit({ role: 'admin' });
    expect((await me(s3, 1)).status).toBe(401);
    await refusedOn(s3, 0);

    // A password change through A ends the user's other sessions on B too; the one that made it carries on.
    const [s4, s5] = [await session(), await session()];
    await warm(s4);
    await warm(s5);
    const changed = await s4.post('/api/auth/password', {
      currentPassword: password,
      newPassword: 'another-long-enough-secret',
    });
    expect(changed.status).toBe(200);
    password = 'another-long-enough-secret';
    expect((await me(s5, 0)).status).toBe(401);
    await refusedOn(s5, 1);
    expect([await me(s4, 0), await me(s4, 1)]).toEqual([
      { status: 200, role: 'admin' },
      { status: 200, role: 'admin' },
    ]);
  });
});
