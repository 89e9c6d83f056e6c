import { ASSIGNMENT_STATUSES } from '@ventanilla/domain/assignment-status.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem, type TestSystem } from '@ventanilla/testing/test-system.js';

jest.setTimeout(120_000);

/**
 * GET /api/assignments/counts: the counts on the inbox's tabs equal what each tab lists, within the caller's
 * need-to-know (an agency counts its own assignments only; the hub and auditors every one; no other role any).
 */
describe('the inbox tab counts (GET /api/assignments/counts)', () => {
  let sys: TestSystem;
  const login = (email: string) => ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD);

  beforeAll(async () => {
    sys = await startTestSystem({ worker: false });
  });

  afterAll(async () => {
    await sys?.close();
  });

  async function listed(client: ApiClient, status: string): Promise<number> {
    let n = 0;
    let cursor: string | null = null;
    do {
      const page = await client.get(
        `/api/assignments?status=${status}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      n += (page.body.items as unknown[]).length;
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    return n;
  }

  it('counts, per status, exactly what each reader’s list shows', async () => {
    const totals: Record<string, number> = {};
    for (const email of ['fgr@demo.test', 'sspc@demo.test', 'uif@demo.test', 'hub@demo.test', 'auditor@demo.test']) {
      const client = await login(email);
      const res = await client.get('/api/assignments/counts');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.byStatus).sort()).toEqual([...ASSIGNMENT_STATUSES].sort());
      for (const status of ASSIGNMENT_STATUSES)
        expect([email, status, res.body.byStatus[status]]).toEqual([email, status, await listed(client, status)]);
      totals[email] = res.body.total;
    }
    // The demo has work at FGR-INT and SSPC-SIIP; the hub sees at least both, and as much as an auditor.
    expect(totals['fgr@demo.test']).toBeGreaterThan(0);
    expect(totals['hub@demo.test']).toBeGreaterThanOrEqual(totals['fgr@demo.test'] + totals['sspc@demo.test']);
    expect(totals['auditor@demo.test']).toBe(totals['hub@demo.test']);
  });

  it('refuses roles without an inbox, and answers 401 without a session', async () => {
    for (const email of ['liaison.dea@demo.test', 'gans@demo.test', 'admin@demo.test']) {
      const res = await (await login(email)).get('/api/assignments/counts');
      expect([email, res.status]).toEqual([email, 403]);
    }
    expect((await fetch(`${sys.baseUrl}/api/assignments/counts`)).status).toBe(401);
  });
});
