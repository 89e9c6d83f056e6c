import { verifyWebhookSignature } from '@ventanilla/notifications/webhook-signature.js';
import { JobName } from '@ventanilla/queue/jobs.js';
import { OutboxWriter } from '@ventanilla/queue/outbox.writer.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import { startSmtpSink, type SmtpSink } from '@ventanilla/testing/smtp-sink.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { startWebhookReceiver, type WebhookReceiver } from '@ventanilla/testing/webhook-receiver.js';
import { expectProblem } from './support/problem.js';

jest.setTimeout(60_000);

interface Notice {
  id: string;
  event: string;
  requestId: string;
  subject: string;
  ackRequired: boolean;
  readAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

interface TrailStep {
  at: string;
  kind: string;
  channel: string | null;
  attempt: number | null;
  detail: Record<string, unknown>;
}

describe(`notification channels: in-app, e-mail, webhooks, dead letters and evidence (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let sink: SmtpSink;
  let receiver: WebhookReceiver;
  let dea: ApiClient;
  let atf: ApiClient;
  let hub: ApiClient;
  let admin: ApiClient;
  let auditor: ApiClient;

  beforeAll(async () => {
    [sink, receiver] = await Promise.all([startSmtpSink(), startWebhookReceiver()]);
    sys = await startTestSystem({
      env: { SMTP_URL: sink.url, DELIVERY_ATTEMPTS: '3', DELIVERY_BACKOFF_MS: '50', WEBHOOK_TIMEOUT_MS: '3000' },
    });
    [dea, atf, hub, admin, auditor] = await Promise.all(
      ['liaison.dea', 'liaison.atf', 'hub', 'admin', 'auditor'].map((u) =>
        ApiClient.login(sys.baseUrl, `${u}@demo.test`, DEMO_PASSWORD),
      ),
    );
  });

  afterAll(async () => {
    await sys?.close();
    await Promise.all([sink?.close(), receiver?.close()]);
  });

  const submit = async (client: ApiClient, title: string): Promise<string> => {
    const res = await client.post('/api/requests', newRequestBody({ title }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  /** The caller's notices about one request, once `count` of them have arrived. */
  const noticesFor = (client: ApiClient, requestId: string, count: number): Promise<Notice[]> =>
    eventually(async () => {
      const res = await client.get(`/api/notifications?requestId=${requestId}`);
      return res.body.items?.length === count ? (res.body.items as Notice[]) : null;
    });

  const trailOf = async (client: ApiClient, id: string): Promise<TrailStep[]> =>
    (await client.get(`/api/notifications/${id}`)).body.trail as TrailStep[];

  /** `eventually` for a condition on what the local servers recorded (no I/O of its own). */
  const waitFor = <T>(probe: () => T | null | undefined | false): Promise<T> =>
    eventually(() => Promise.resolve(probe()));

  const count = async (sql: string, params: unknown[]): Promise<number> => {
    const [{ n }] = (await sys.db.dataSource.query(sql, params)) as Array<{ n: number }>;
    return n;
  };

  it("e-mails every notice over SMTP, each in its recipient's language (Spanish for the hub)", async () => {
    const contact = await admin.post('/api/admin/email-contacts', {
      agency: 'DEA',
      email: 'Oficina.DEA@demo.test',
      language: 'es',
    });
    expect(contact.status).toBe(201);
    expect(contact.body).toMatchObject({ email: 'oficina.dea@demo.test', language: 'es', active: true });

    const id = await submit(dea, 'Serial numbers of seized rifles');
    const mailTo = (address: string, subject: string) =>
      waitFor(() => sink.messages.find((m) => m.to.includes(address) && m.subject === subject));

    // hub@demo.test is a Spanish-speaking user; liaison.dea@demo.test an English-speaking one.
    const toHub = await mailTo('hub@demo.test', 'Solicitud recibida: «Serial numbers of seized rifles»');
    expect(toHub.text).toContain(
      'La solicitud «Serial numbers of seized rifles» se presentó en la ventanilla y está pendiente de registro.',
    );
    expect(toHub.text).toContain('Folio: aún sin asignar');
    expect(toHub.headers['content-language']).toBe('es');
    expect(toHub.from).toBe('no-reply@ventanilla.invalid');

    const toLiaison = await mailTo('liaison.dea@demo.test', 'Request submitted: "Serial numbers of seized rifles"');
    expect(toLiaison.text).toContain('Folio: not assigned yet');
    expect(toLiaison.headers['content-language']).toBe('en');

    // The address configured in Spanish gets Spanish, though DEA is a US agency.
    await mailTo('oficina.dea@demo.test', 'Solicitud recibida: «Serial numbers of seized rifles»');
    const registered = await waitFor(() =>
      sink.messages.find(
        (m) => m.to.includes('hub@demo.test') && /^Solicitud registrada: SSAN-\d{4}-\d{6}$/.test(m.subject),
      ),
    );
    expect(registered.text).toContain('Estado: Registrada');

    const [submitted] = (await noticesFor(dea, id, 2)).filter((n) => n.event === 'request.submit');
    const trail = await eventually(async () => {
      const steps = await trailOf(dea, submitted.id);
      return steps.filter((s) => s.kind === 'sent').length === 2 ? steps : null;
    });
    const sent = trail.filter((s) => s.kind === 'sent');
    expect(sent.map((s) => s.detail.to).sort()).toEqual(['liaison.dea@demo.test', 'oficina.dea@demo.test']);
    expect(sent.every((s) => s.channel === 'email' && s.detail.transport === 'smtp' && s.attempt === 1)).toBe(true);
  });

  it('POSTs notices to the agency webhook with a valid HMAC-SHA256 signature over "<timestamp>.<body>"', async () => {
    const created = await admin.post('/api/admin/webhooks', {
      agency: 'DEA',
      url: receiver.url('/dea'),
      description: 'DEA case system',
    });
    expect(created.status).toBe(201);
    const { id: endpointId, secret } = created.body as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const listed = await admin.get('/api/admin/webhooks?agency=DEA');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: endpointId, secretHint: `…${secret.slice(-4)}` }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const requestId = await submit(dea, 'Hooked');
    const call = await waitFor(() =>
      receiver.calls.find(
        (c) => c.path === '/dea' && c.json.requestId === requestId && c.json.event === 'request.submit',
      ),
    );
    const timestamp = call.headers['x-ventanilla-timestamp'] as string;
    const signature = call.headers['x-ventanilla-signature'] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, timestamp, call.raw, signature)).toBe(true);
    expect(verifyWebhookSignature('not-the-secret-at-all', timestamp, call.raw, signature)).toBe(false);
    expect(call.headers['x-ventanilla-event']).toBe('request.submit');
    expect(call.json).toMatchObject({
      event: 'request.submit',
      agency: 'DEA',
      requestId,
      ackRequired: false,
      message: { language: 'en', subject: 'Request submitted: "Hooked"' },
    });

    const log = await eventually(async () => {
      const res = await admin.get(`/api/admin/webhooks/${endpointId}/deliveries`);
      const items = res.body.items as Array<{ kind: string; notificationId: string; status: number }>;
      return items.some((i) => i.notificationId === call.json.id && i.kind === 'delivered') ? items : null;
    });
    expect(log.find((i) => i.notificationId === call.json.id)).toMatchObject({ kind: 'delivered', status: 204 });

    // Rotating the secret signs later deliveries with the new one; switching the endpoint off stops them.
    const rotated = await admin.patch(`/api/admin/webhooks/${endpointId}`, { version: 1, rotateSecret: true });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(secret);
    const second = await submit(dea, 'Hooked again');
    const call2 = await waitFor(() =>
      receiver.calls.find((c) => c.path === '/dea' && c.json.requestId === second && c.json.event === 'request.submit'),
    );
    const ts2 = call2.headers['x-ventanilla-timestamp'] as string;
    const sig2 = call2.headers['x-ventanilla-signature'] as string;
    expect(verifyWebhookSignature(rotated.body.secret as string, ts2, call2.raw, sig2)).toBe(true);
    expectProblem(
      await admin.patch(`/api/admin/webhooks/${endpointId}`, { version: 1, active: false }),
      409,
      'WEBHOOK.VERSION_CONFLICT',
    );
    const off = await admin.patch(`/api/admin/webhooks/${endpointId}`, { version: 2, active: false });
    expect(off.body).toMatchObject({ active: false, version: 3 });
    const third = await submit(dea, 'Not hooked');
    await noticesFor(dea, third, 2);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE n.request_id = $1 AND d.channel = 'webhook'`,
        [third],
      ),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM audit_events WHERE object_id = $1 AND action LIKE 'webhook.%'`, [
        endpointId,
      ]),
    ).toBe(3);
  });

  it('refuses bad webhook registrations with field errors, and non-administrators outright', async () => {
    const bad = await admin.post('/api/admin/webhooks', { agency: 'NOPE', url: 'ftp://example.test/hook' });
    expectProblem(bad, 400, 'VALIDATION.FAILED');
    expect(
      Object.fromEntries((bad.body.errors as Array<{ field: string; code: string }>).map((e) => [e.field, e.code])),
    ).toEqual({
      url: 'http_url',
      agency: 'unknown_agency',
    });
    expectProblem(
      await hub.post('/api/admin/webhooks', { agency: 'DEA', url: receiver.url('/x') }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(await dea.get('/api/admin/dead-letters'), 403, 'AUTH.FORBIDDEN');
    expectProblem(await admin.get('/api/admin/webhooks/not-a-uuid'), 404, 'WEBHOOK.NOT_FOUND');
  });

  it('retries a failing endpoint with backoff, dead-letters it after the last attempt, and a replay delivers it', async () => {
    receiver.answer('/atf', 500);
    const endpoint = await admin.post('/api/admin/webhooks', { agency: 'ATF', url: receiver.url('/atf') });
    expect(endpoint.status).toBe(201);
    const requestId = await submit(atf, 'Failing endpoint');
    const [notice] = (await noticesFor(atf, requestId, 2)).filter((n) => n.event === 'request.submit');

    const dead = await eventually(async () => {
      const res = await admin.get('/api/admin/dead-letters?agency=ATF&channel=webhook');
      return (res.body.items as Array<Record<string, any>>).find((d) => d.notificationId === notice.id);
    });
    expect(dead).toMatchObject({
      channel: 'webhook',
      agency: 'ATF',
      target: endpoint.body.id,
      event: 'request.submit',
      attempts: 3,
      lastError: 'HTTP 500',
      replayedAt: null,
      deliveryStatus: 'dead',
    });
    const tries = () => receiver.calls.filter((c) => c.path === '/atf' && c.json.id === notice.id);
    expect(tries().map((c) => c.status)).toEqual([500, 500, 500]);
    expect(new Set(tries().map((c) => c.headers['x-ventanilla-delivery'])).size).toBe(1);

    receiver.answer('/atf', 200);
    const replayed = await admin.post(`/api/admin/dead-letters/${dead.id}/replay`);
    expect(replayed.status).toBe(202);
    expect(replayed.body.replayedAt).toEqual(expect.any(String));
    await waitFor(() => tries().length === 4);
    expect(tries().map((c) => c.status)).toEqual([500, 500, 500, 200]);
    const after = await eventually(async () => {
      const res = await admin.get('/api/admin/dead-letters?state=replayed&agency=ATF');
      const found = (res.body.items as Array<Record<string, any>>).find((d) => d.id === dead.id);
      return found?.deliveryStatus === 'delivered' ? found : null;
    });
    expect(after.replayedBy).toEqual(expect.any(String));
    expect(
      (await admin.get('/api/admin/dead-letters?agency=ATF')).body.items.map((d: { id: string }) => d.id),
    ).not.toContain(dead.id);

    expectProblem(await admin.post(`/api/admin/dead-letters/${dead.id}/replay`), 409, 'DEAD_LETTER.ALREADY_REPLAYED');
    expectProblem(
      await admin.post('/api/admin/dead-letters/3f2b8c1e-6a7d-4e2f-9b1a-0c4d5e6f7a8b/replay'),
      404,
      'DEAD_LETTER.NOT_FOUND',
    );
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'dead_letter.replay' AND object_id = $1`,
        [dead.id],
      ),
    ).toBe(1);

    const webhookSteps = (await trailOf(atf, notice.id))
      .filter((s) => s.channel === 'webhook')
      .map((s) => `${s.kind}${s.attempt ? `#${s.attempt}` : ''}`);
    expect(webhookSteps).toEqual([
      'queued',
      'failed#1',
      'failed#2',
      'failed#3',
      'dead_lettered',
      'replayed',
      'delivered#1',
    ]);
  });

  it("lists the agency's notices newest first with counts and filters; read and ack are idempotent; other agencies get 404", async () => {
    const requestId = await submit(dea, 'Inbox');
    const notices = await noticesFor(dea, requestId, 2);
    expect(notices.map((n) => n.event)).toEqual(['request.register', 'request.submit']);
    expect(notices[1].subject).toBe('Request submitted: "Inbox"');
    const es = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD, 'es');
    expect((await es.get(`/api/notifications?requestId=${requestId}`)).body.items[1].subject).toBe(
      'Solicitud recibida: «Inbox»',
    );

    // A notice that requires an acknowledgement, through the real delivery path (the policy decides this later).
    await sys.db.dataSource.transaction((m) =>
      new OutboxWriter().write(m, [
        {
          job: JobName.DeliverNotification,
          payload: {
            sourceEventId: '6c1f1b7e-1d2a-4b8c-9e3f-2a4b6c8d0e1f',
            requestId,
            recipientAgency: 'DEA',
            event: 'request.route',
            ackRequired: true,
            params: { folio: null, title: 'Inbox', status: 'routed' },
          },
        },
      ]),
    );
    const all = await noticesFor(dea, requestId, 3);
    const needsAck = all.find((n) => n.ackRequired)!;

    const page1 = await dea.get(`/api/notifications?requestId=${requestId}&limit=2`);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await dea.get(`/api/notifications?requestId=${requestId}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.nextCursor).toBeNull();
    expect([...page1.body.items, ...page2.body.items].map((n: Notice) => n.id)).toEqual(all.map((n) => n.id));

    const before = (await dea.get('/api/notifications/summary')).body as Record<string, number>;
    expect(before.unacknowledgedCount).toBeGreaterThanOrEqual(1);
    const pending = await dea.get(`/api/notifications?requestId=${requestId}&ackRequired=true&acknowledged=false`);
    expect(pending.body.items.map((n: Notice) => n.id)).toEqual([needsAck.id]);
    expect(pending.body).toMatchObject({
      unreadCount: before.unreadCount,
      unacknowledgedCount: before.unacknowledgedCount,
    });
    expectProblem(await dea.get('/api/notifications?unread=maybe'), 400, 'VALIDATION.FAILED');

    // Another agency, an auditor or an administrator cannot act on DEA's notice; the attempt is audited.
    expectProblem(await atf.post(`/api/notifications/${needsAck.id}/ack`), 404, 'NOTIFICATION.NOT_FOUND');
    expectProblem(await atf.get(`/api/notifications/${needsAck.id}`), 404, 'NOTIFICATION.NOT_FOUND');
    expectProblem(await auditor.post(`/api/notifications/${needsAck.id}/ack`), 404, 'NOTIFICATION.NOT_FOUND');
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'access.denied' AND object_type = 'notification' AND object_id = $1`,
        [needsAck.id],
      ),
    ).toBe(3);
    for (const none of [auditor, admin]) {
      expect((await none.get('/api/notifications')).body).toEqual({
        items: [],
        nextCursor: null,
        unreadCount: 0,
        unacknowledgedCount: 0,
      });
    }

    const read = await dea.post(`/api/notifications/${notices[1].id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await dea.post(`/api/notifications/${notices[1].id}/read`)).body.readAt).toBe(read.body.readAt);
    expect(
      (await dea.get(`/api/notifications?requestId=${requestId}&unread=true`)).body.items.map((n: Notice) => n.id),
    ).not.toContain(notices[1].id);

    const { user: me } = (await dea.get('/api/auth/me')).body as { user: { id: string } };
    const acked = await dea.post(`/api/notifications/${needsAck.id}/ack`);
    expect(acked.body).toMatchObject({ acknowledgedBy: me.id, readAt: expect.any(String) });
    const again = await dea.post(`/api/notifications/${needsAck.id}/ack`);
    expect(again.body.acknowledgedAt).toBe(acked.body.acknowledgedAt);
    expect((await dea.get('/api/notifications/summary')).body.unacknowledgedCount).toBe(before.unacknowledgedCount - 1);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_events WHERE object_id = $1 AND action IN ('notification.read', 'notification.acknowledge')`,
        [needsAck.id],
      ),
    ).toBe(1);
    expect(
      await count(`SELECT count(*)::int AS n FROM audit_events WHERE object_id = $1 AND action = 'notification.read'`, [
        notices[1].id,
      ]),
    ).toBe(1);
  });

  it("keeps each notice's trail, and shows it on the request timeline to the parties concerned and to auditors", async () => {
    const requestId = await submit(dea, 'Evidence');
    const [submitted] = (await noticesFor(dea, requestId, 2)).filter((n) => n.event === 'request.submit');
    await dea.post(`/api/notifications/${submitted.id}/ack`);
    const trail = await eventually(async () => {
      const steps = await trailOf(dea, submitted.id);
      // Both of DEA's addresses (its liaison, and the Spanish mailbox added above) have been written to.
      return steps.filter((s) => s.kind === 'sent').length === 2 ? steps : null;
    });
    const kinds = trail.map((s) => `${s.kind}:${s.channel ?? '-'}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'created:-',
        'delivered:in_app',
        'queued:email',
        'sent:email',
        'read:in_app',
        'acknowledged:in_app',
      ]),
    );
    const at = (k: string) => trail.find((s) => `${s.kind}:${s.channel ?? '-'}` === k)!.at;
    expect(at('created:-') <= at('delivered:in_app')).toBe(true);
    expect(at('delivered:in_app') <= at('acknowledged:in_app')).toBe(true);
    expect(trail.map((s) => s.at)).toEqual([...trail.map((s) => s.at)].sort());

    // The auditor opens the notice too (read-only); DEA's own view shows where each delivery stands.
    expect((await auditor.get(`/api/notifications/${submitted.id}`)).body.trail).toHaveLength(trail.length);
    const detail = (await dea.get(`/api/notifications/${submitted.id}`)).body;
    expect(detail.deliveries).toEqual([
      expect.objectContaining({ channel: 'email', target: 'liaison.dea@demo.test', status: 'sent', attempts: 1 }),
      expect.objectContaining({ channel: 'email', target: 'oficina.dea@demo.test', status: 'sent', attempts: 1 }),
    ]);

    type Entry = { action: string; actor: Record<string, unknown>; notification?: { recipientAgency: string } };
    const timeline = async (client: ApiClient) =>
      (await client.get(`/api/requests/${requestId}/timeline`)).body.items as Entry[];
    const forDea = await eventually(async () => {
      const items = await timeline(dea);
      return items.some((e) => e.action === 'notification.sent') ? items : null;
    });
    const evidence = forDea.filter((e) => e.action.startsWith('notification.'));
    expect(new Set(evidence.map((e) => e.notification!.recipientAgency))).toEqual(new Set(['DEA']));
    expect(evidence.map((e) => e.action)).toEqual(
      expect.arrayContaining(['notification.delivered', 'notification.acknowledged']),
    );
    const ack = evidence.find((e) => e.action === 'notification.acknowledged')!;
    expect(ack.actor).toEqual({ role: 'liaison', agency: 'DEA' });
    expect(forDea.map((e) => e.action)).not.toContain('notification.queued');

    for (const insider of [hub, auditor]) {
      const items = await timeline(insider);
      const agencies = new Set(items.filter((e) => e.notification).map((e) => e.notification!.recipientAgency));
      expect(agencies).toEqual(new Set(['DEA', 'SRE-SSAN']));
      expect(items.find((e) => e.action === 'notification.acknowledged')!.actor.userId).toEqual(expect.any(String));
    }
    expectProblem(await atf.get(`/api/requests/${requestId}/timeline`), 404, 'REQUEST.NOT_FOUND');
  });
});
