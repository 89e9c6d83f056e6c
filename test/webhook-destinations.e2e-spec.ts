import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { startWebhookReceiver, type WebhookReceiver } from '@ventanilla/testing/webhook-receiver.js';
import { expectProblem, fieldErrors } from './support/problem.js';

jest.setTimeout(90_000);

/**
 * Webhooks may not be aimed inward (issue 12): a system with no WEBHOOK_ALLOWED_NETWORKS refuses, when an
 * endpoint is saved, every URL whose host is or resolves to a loopback, private, link-local, metadata or other
 * non-public address, however it is spelled; and it checks again at every delivery, after resolving the name,
 * so an endpoint that turned inward afterwards is never called.
 */
describe(`webhook destinations (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let admin: ApiClient;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sys = await startTestSystem({
      env: { WEBHOOK_ALLOWED_NETWORKS: '', DELIVERY_ATTEMPTS: '1', DELIVERY_BACKOFF_MS: '50' },
    });
    admin = await ApiClient.login(sys.baseUrl, 'admin@demo.test', DEMO_PASSWORD);
  });

  afterAll(async () => {
    await sys?.close();
    await receiver?.close();
  });

  const inward = [
    'http://127.0.0.1:9/hook',
    'http://127.1/hook',
    'http://2130706433/hook',
    'http://0x7f000001/hook',
    'http://0177.0.0.1/hook',
    'http://localhost:9/hook',
    'http://LOCALHOST./hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:7f00:1]/hook',
    'http://0.0.0.0/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://10.0.0.5/hook',
    'http://172.16.9.9/hook',
    'http://192.168.0.10/hook',
    'http://100.64.1.1/hook',
    'http://[fc00::1]/hook',
    'http://[fe80::1]/hook',
    'http://224.0.0.1/hook',
    'https://user:pass@127.0.0.1:8443/hook',
  ];

  it('refuses, when saving, every URL that is or resolves to an inward address, naming the field', async () => {
    const accepted: string[] = [];
    for (const url of inward) {
      const res = await admin.post('/api/admin/webhooks', { agency: 'DEA', url });
      if (res.status !== 400) accepted.push(`${url} → ${res.status}`);
      // A name this machine's resolver does not know (`localhost.` on some) is refused as unresolvable instead.
      else
        expect([url, fieldErrors(res).url]).toEqual([
          url,
          url.includes('LOCALHOST.')
            ? expect.stringMatching(/^(forbidden_address|unresolvable_host)$/)
            : 'forbidden_address',
        ]);
    }
    expect(accepted).toEqual([]);
    const [{ n }] = await sys.db.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM webhook_endpoints`,
    );
    expect(n).toBe(0);

    const es = await ApiClient.login(sys.baseUrl, 'admin@demo.test', DEMO_PASSWORD, 'es');
    const res = await es.post('/api/admin/webhooks', { agency: 'DEA', url: 'http://169.254.169.254/' });
    expect(res.body.errors[0].message).toBe(
      'apunta a 169.254.169.254, una dirección metadata que los webhooks no pueden alcanzar (WEBHOOK_ALLOWED_NETWORKS)',
    );
    const unknown = await admin.post('/api/admin/webhooks', { agency: 'DEA', url: 'https://no-such-host.invalid/h' });
    expectProblem(unknown, 400, 'VALIDATION.FAILED');
    expect(fieldErrors(unknown)).toEqual({ url: 'unresolvable_host' });
  });

  it('refuses an edit that turns an endpoint inward', async () => {
    // Saved as public (a documentation-free public address: nothing is called until a notice is due).
    const created = await admin.post('/api/admin/webhooks', {
      agency: 'ATF',
      url: 'https://8.8.8.8/hook',
      active: false,
    });
    expect(created.status).toBe(201);
    for (const url of ['http://127.0.0.1/x', 'http://[::1]/x', 'http://169.254.169.254/']) {
      const res = await admin.patch(`/api/admin/webhooks/${created.body.id}`, { version: created.body.version, url });
      expectProblem(res, 400, 'VALIDATION.FAILED');
      expect(fieldErrors(res)).toEqual({ url: 'forbidden_address' });
    }
  });

  it('checks again at delivery: an endpoint that turned inward after it was saved is never called', async () => {
    // As if its DNS name now pointed at this machine: written behind the API's back.
    await sys.db.dataSource.query(
      `INSERT INTO webhook_endpoints (agency, url, secret, active) VALUES ('DEA', $1, 'whsec_test', true)`,
      [receiver.url('/turned-inward')],
    );
    const dea = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const created = await dea.post('/api/requests', newRequestBody({ title: 'A notice for an inward webhook' }));
    expect(created.status).toBe(201);
    const failed = await eventually(async () => {
      const rows = await sys.db.dataSource.query<Array<{ status: string; last_error: string | null }>>(
        `SELECT d.status, d.last_error FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
          WHERE n.request_id = $1 AND d.channel = 'webhook'`,
        [created.body.id],
      );
      return rows.length > 0 && rows.every((r) => r.status === 'dead') ? rows : null;
    });
    expect(failed[0].last_error).toMatch(/^address not allowed: 127\.0\.0\.1 \(loopback/);
    expect(receiver.calls).toEqual([]);
  });
});
