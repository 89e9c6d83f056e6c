import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { ALL_QUEUES, JobName, QueueName } from '@ventanilla/queue/jobs.js';
import { OutboxWriter } from '@ventanilla/queue/outbox.writer.js';
import { REPORTED_STATES } from '@ventanilla/queue/queue-metrics.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { RegistrationProcessor } from '../apps/worker/src/processors.js';
import { WORKER_LOGGER } from '../apps/worker/src/worker-logger.js';
import { expectProblem } from './support/problem.js';

/** One sample of a Prometheus text exposition: the first series of `name` carrying all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

// jest.config.cjs sets testTimeout per project, which Jest ignores (it is a global option): set it here.
jest.setTimeout(90_000);

describe(`queue operations: metrics, dashboard, failed jobs (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let admin: ApiClient;
  let dea: ApiClient;
  let hub: ApiClient;

  beforeAll(async () => {
    sys = await startTestSystem();
    [admin, dea, hub] = await Promise.all([
      ApiClient.login(sys.baseUrl, 'admin@demo.test', DEMO_PASSWORD),
      ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD),
      ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD),
    ]);
  });

  afterAll(async () => {
    await sys?.close();
  });

  const queue = (name: QueueName) => sys.api.get<Queue>(getQueueToken(name), { strict: false });

  const scrape = async (headers: Record<string, string> = {}) => {
    const res = await fetch(`${sys.baseUrl}/metrics`, { headers });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  const registered = (id: string) =>
    eventually(async () => {
      const r = await dea.get(`/api/requests/${id}`);
      return r.body.folio ? r.body : null;
    });

  const auditEvents = (action: string) =>
    sys.db.dataSource.query(
      `SELECT actor_role, object_type, object_id, outcome, details FROM audit_events WHERE action = $1 ORDER BY occurred_at`,
      [action],
    ) as Promise<Array<{ actor_role: string; object_type: string; object_id: string; outcome: string; details: any }>>;

  describe('GET /metrics', () => {
    it('reports job counts per queue and state that move when a submission is registered, read at scrape time', async () => {
      // Start from a quiet system (the demo data's own registrations done), so the count moves by exactly one.
      await eventually(async () => {
        const counts = await queue(QueueName.Registration).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        const { text } = await scrape();
        return Object.values(counts).every((n) => n === 0) && sample(text, 'ventanilla_outbox_unrelayed_rows') === 0;
      });
      const before = await scrape();
      expect(before.status).toBe(200);
      expect(before.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      for (const q of ALL_QUEUES) {
        for (const state of REPORTED_STATES) {
          expect({ q, state, value: sample(before.text, 'ventanilla_queue_jobs', { queue: q, state }) }).toEqual({
            q,
            state,
            value: expect.any(Number),
          });
        }
        expect(sample(before.text, 'ventanilla_queue_paused', { queue: q })).toBe(0);
      }
      expect(sample(before.text, 'ventanilla_queue_store_up')).toBe(1);
      const labels = { queue: QueueName.Registration, state: 'completed' };
      const completedBefore = sample(before.text, 'ventanilla_queue_jobs', labels)!;

      const created = await dea.post('/api/requests', newRequestBody({ title: 'Counted by the metrics' }));
      expect(created.status).toBe(201);
      await registered(created.body.id);

      const after = await eventually(async () => {
        const s = await scrape();
        return sample(s.text, 'ventanilla_queue_jobs', labels)! > completedBefore ? s.text : null;
      });
      expect(sample(after, 'ventanilla_queue_jobs', labels)).toBe(completedBefore + 1);
      // The worker shares the registry with the API here, as in the zero-setup process.
      const job = { queue: QueueName.Registration, job: JobName.RegisterRequest };
      expect(sample(after, 'ventanilla_jobs_processed_total', job)).toBeGreaterThanOrEqual(1);
      expect(
        sample(after, 'ventanilla_job_duration_seconds_count', { ...job, outcome: 'completed' }),
      ).toBeGreaterThanOrEqual(1);
    });

    it('reports the outbox backlog, HTTP timings by route template and status class, and Node process metrics', async () => {
      const created = await dea.post('/api/requests', newRequestBody({ title: 'Timed' }));
      await dea.get(`/api/requests/${created.body.id}`);
      await dea.get(`/api/requests/${randomUUID()}`);
      const { text } = await scrape();
      expect(sample(text, 'ventanilla_outbox_unrelayed_rows')).toEqual(expect.any(Number));
      expect(sample(text, 'ventanilla_outbox_oldest_unrelayed_age_seconds')).toBeGreaterThanOrEqual(0);
      const count = 'ventanilla_http_request_duration_seconds_count';
      expect(
        sample(text, count, { method: 'POST', route: '/api/requests', status_class: '2xx' }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sample(text, count, { method: 'GET', route: '/api/requests/:id', status_class: '2xx' }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sample(text, count, { method: 'GET', route: '/api/requests/:id', status_class: '4xx' }),
      ).toBeGreaterThanOrEqual(1);
      // Concrete paths never become labels.
      expect(text).not.toContain(created.body.id);
      expect(sample(text, 'ventanilla_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    });

    it('reports the jobs a paused queue holds as paused, on either backend', async () => {
      const registration = queue(QueueName.Registration);
      await registration.pause();
      try {
        const created = await dea.post('/api/requests', newRequestBody({ title: 'Held by a pause' }));
        const held = await eventually(async () => {
          const { text } = await scrape();
          const paused = sample(text, 'ventanilla_queue_jobs', { queue: QueueName.Registration, state: 'paused' })!;
          return paused >= 1 ? text : null;
        });
        expect(sample(held, 'ventanilla_queue_paused', { queue: QueueName.Registration })).toBe(1);
        expect(sample(held, 'ventanilla_queue_jobs', { queue: QueueName.Registration, state: 'waiting' })).toBe(0);
        expect((await dea.get(`/api/requests/${created.body.id}`)).body.status).toBe('submitted');
        await registration.resume();
        await registered(created.body.id);
      } finally {
        await registration.resume();
      }
    });

    it('answers 401 without the bearer token when METRICS_TOKEN is configured', async () => {
      // The controller reads the injected configuration object on every call; set the token on it for this test.
      const token = 'scrape-token-for-this-test-0123456789';
      sys.config.metricsToken = token;
      try {
        const refused = await fetch(`${sys.baseUrl}/metrics`);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        expect(((await refused.json()) as { code: string }).code).toBe('AUTH.UNAUTHENTICATED');
        expect((await scrape({ authorization: 'Bearer not-the-token-at-all-000000' })).status).toBe(401);
        // A session is not a scrape credential.
        expect((await fetch(`${sys.baseUrl}/metrics`, { headers: { cookie: admin.cookieHeader() } })).status).toBe(401);
        expect((await scrape({ authorization: `Bearer ${token}` })).status).toBe(200);
      } finally {
        sys.config.metricsToken = null;
      }
    });
  });

  describe('the worker', () => {
    it('logs BullMQ worker errors through pino, not the console, and counts them', async () => {
      const worker = sys.worker!.get(RegistrationProcessor).worker;
      const logger = sys.worker!.get<symbol, Logger>(WORKER_LOGGER);
      const logged = jest.spyOn(logger, 'error');
      const printed = jest.spyOn(console, 'error');
      try {
        const injected = new Error('injected: connection reset');
        worker.emit('error', injected);
        expect(logged).toHaveBeenCalledWith({ err: injected, queue: QueueName.Registration }, 'queue worker error');
        expect(printed).not.toHaveBeenCalled();
      } finally {
        logged.mockRestore();
        printed.mockRestore();
      }
      const { text } = await scrape();
      expect(sample(text, 'ventanilla_worker_errors_total', { queue: QueueName.Registration })).toBe(1);
    });
  });

  describe('the queue dashboard at /admin/queues', () => {
    /** What any unknown path answers: the dashboard must look exactly like one to everyone but admins. */
    const notFound = async (client: ApiClient, path: string) => {
      const res = await client.get(path);
      expectProblem(res, 404, 'ROUTE.NOT_FOUND');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.getSetCookie()).toEqual([]);
      const { instance: _i, correlationId: _c, ...rest } = res.body;
      return rest;
    };

    it('answers 404, like any unknown path, to anonymous callers and to signed-in users who are not admins', async () => {
      const anonymous = new ApiClient(sys.baseUrl);
      const unknown = await notFound(anonymous, '/admin/nothing-here');
      for (const client of [anonymous, dea, hub]) {
        for (const path of [
          '/admin/queues',
          '/admin/queues/',
          '/admin/queues/api/queues',
          '/admin/queues/static/favicon-32x32.png',
        ]) {
          expect(await notFound(client, path)).toEqual(unknown);
        }
      }
      // Even with a valid CSRF token, a liaison cannot act through it.
      const pause = await dea.send('PUT', '/admin/queues/api/queues/registration/pause', {});
      expectProblem(pause, 404, 'ROUTE.NOT_FOUND');
      expect(await queue(QueueName.Registration).isPaused()).toBe(false);

      const denied = await auditEvents('access.denied');
      expect(denied.filter((e) => e.object_type === 'queue')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ actor_role: 'liaison', object_id: 'dashboard', outcome: 'denied' }),
          expect.objectContaining({ actor_role: 'hub_coordinator', object_id: 'dashboard', outcome: 'denied' }),
        ]),
      );
    });

    it('serves the dashboard and its read API to an admin, every queue in read-only mode', async () => {
      const page = await admin.get('/admin/queues');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.body as unknown as string).toContain('<title>Ventanilla queues</title>');
      // Nothing to protect with a token any more: the dashboard sets no cookie of its own.
      expect(page.headers.getSetCookie()).toEqual([]);

      const api = await admin.get('/admin/queues/api/queues');
      expect(api.status).toBe(200);
      expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([...ALL_QUEUES].sort());
      expect(api.body.queues.map((q: { readOnlyMode: boolean }) => q.readOnlyMode)).toEqual(ALL_QUEUES.map(() => true));
      const stats = await admin.get('/admin/queues/api/redis/stats');
      expect(stats.status).toBe(200);
      expect(stats.body.backend).toBe(TEST_QUEUE_BACKEND);
      expect((await admin.get('/admin/queues/static/favicon-32x32.png')).status).toBe(200);
      // An open /metrics must not give the dashboard away either.
      expect((await scrape()).text).not.toContain('/admin/queues');
    });

    it('refuses every write verb on every dashboard path, however spelled, and nothing changes in the queues', async () => {
      // A delayed job to aim at (promote, retry, remove, update-data, delay and priority all name one): a clock
      // step whose deadline row does not exist, which the worker skips when it runs.
      const target = queue(QueueName.Clocks);
      const jobId = `dashboard-probe-${randomUUID()}`;
      await target.add(JobName.FireDeadline, { deadlineId: randomUUID() }, { jobId, delay: 3_600_000 });
      const snapshot = async () =>
        Promise.all(
          ALL_QUEUES.map(async (name) => {
            const q = queue(name);
            const counts = await q.getJobCounts('waiting', 'delayed', 'failed', 'prioritized');
            return { name, paused: await q.isPaused(), counts };
          }),
        );
      const probe = async () => {
        const job = await target.getJob(jobId);
        return { state: await target.getJobState(jobId), data: job?.data as unknown, opts: job?.opts.priority };
      };
      const before = { queues: await snapshot(), job: await probe() };
      expect(before.job.state).toBe('delayed');

      // Every route bull-board serves, with real names filled in, plus the paths an attacker guesses.
      const { appRoutes } = (await import('@bull-board/api/dist/routes.js')) as {
        appRoutes: { api: Array<{ method: string; route: string }> };
      };
      const paths = new Set<string>([
        ...appRoutes.api.map((r) =>
          r.route
            .replace(':queueName', QueueName.Clocks)
            .replace(':jobId', jobId)
            .replace(':queueStatus', 'delayed')
            .replace(':schedulerId', 'probe'),
        ),
        `/api/queues/${QueueName.Clocks}/clean/wait`,
        `/api/queues/${QueueName.Clocks}/add`,
        '/',
      ]);
      const spellings = (p: string) => [
        `/admin/queues${p}`,
        `/admin/queues${p}/`,
        `/ADMIN/Queues${p.toUpperCase()}`,
        `/admin/queues${p.replace(/[a-z]/, (c) => c.toUpperCase())}/`,
        `/admin/queues${p.replace(/\//g, '%2F')}`,
        `/admin/queues${p.replace(/\//g, '//')}`,
        `/admin//queues${p}`,
        `/admin/queues/.${p}`,
      ];
      const refused: string[] = [];
      const accepted: string[] = [];
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        for (const p of paths) {
          for (const url of spellings(p)) {
            const res = await admin.send(method, url, { name: JobName.FireDeadline, data: {}, delay: 0 });
            (res.status < 400 ? accepted : refused).push(`${method} ${url} → ${res.status}`);
          }
        }
      }
      expect(accepted).toEqual([]);
      expect(refused.length).toBe(4 * paths.size * 8);
      // Where it reaches the dashboard, the refusal says why (405, Allow: GET, HEAD) and is audited.
      const direct = await admin.send('PUT', `/admin/queues/api/queues/${QueueName.Clocks}/pause`, {});
      expectProblem(direct, 405, 'QUEUE.DASHBOARD_READ_ONLY');
      expect(direct.headers.get('allow')).toBe('GET, HEAD');
      const denied = await auditEvents('queue.dashboard_action');
      expect(denied.length).toBeGreaterThan(0);
      expect(denied.every((e) => e.outcome === 'denied' && e.actor_role === 'admin')).toBe(true);

      expect({ queues: await snapshot(), job: await probe() }).toEqual(before);

      // The project's own API promotes it instead, audited.
      const promoted = await admin.post(`/api/admin/jobs/${QueueName.Clocks}/${jobId}/promote`);
      expect(promoted.status).toBe(200);
      expect(promoted.body).toMatchObject({ id: jobId, name: JobName.FireDeadline });
      expect(await target.getJobState(jobId)).not.toBe('delayed');
      const [event] = await auditEvents('job.promote');
      expect(event).toMatchObject({
        actor_role: 'admin',
        object_type: 'job',
        object_id: `${QueueName.Clocks}/${jobId}`,
        outcome: 'success',
      });
      expectProblem(await admin.post(`/api/admin/jobs/${QueueName.Clocks}/${jobId}/promote`), 409, 'JOB.NOT_DELAYED');
      expectProblem(await hub.post(`/api/admin/jobs/${QueueName.Clocks}/${jobId}/promote`), 403, 'AUTH.FORBIDDEN');
    });

    it('shows job payloads without the request content nested in them', async () => {
      const created = await dea.post('/api/requests', newRequestBody({ title: 'A title admins must not read' }));
      await registered(created.body.id);
      // Changes deliver their notices in their own transaction now; a notice queued as a job (as before that, or
      // by hand) still carries the request's words in its payload.
      await sys.db.dataSource.transaction((m) =>
        new OutboxWriter().write(m, [
          {
            job: JobName.DeliverNotification,
            payload: {
              sourceEventId: randomUUID(),
              requestId: created.body.id as string,
              recipientAgency: 'DEA',
              event: 'request.register',
              ackRequired: false,
              params: { folio: null, title: 'A title admins must not read', status: 'registered' },
            },
          },
        ]),
      );
      await eventually(async () => (await queue(QueueName.Notifications).getJobCountByTypes('completed')) > 0);
      const listing = await admin.get(
        `/admin/queues/api/queues?activeQueue=${QueueName.Notifications}&status=completed&page=1&jobsPerPage=50`,
      );
      expect(listing.status).toBe(200);
      const jobs = listing.body.queues.find((q: { name: string }) => q.name === String(QueueName.Notifications)).jobs;
      expect(jobs.length).toBeGreaterThan(0);
      expect(jobs[0].data).toMatchObject({ params: '[redacted]', event: expect.any(String) });
      expect(JSON.stringify(listing.body)).not.toContain('A title admins must not read');

      const api = await admin.get(`/api/admin/jobs?queue=${QueueName.Notifications}&state=completed&limit=200`);
      expect(api.status).toBe(200);
      expect(api.body.items[0].data).toMatchObject({ params: '[redacted]' });
      expect(JSON.stringify(api.body)).not.toContain('A title admins must not read');
    });
  });

  describe('failed jobs through the API', () => {
    it('lists a job that failed for real and, once its cause is fixed, retries it successfully (audited)', async () => {
      // A registration job naming a request that does not exist: the handler throws; one attempt only.
      const requestId = randomUUID();
      const jobId = `ops-${requestId}`;
      await queue(QueueName.Registration).add(JobName.RegisterRequest, { requestId }, { jobId, attempts: 1 });

      const failed = await eventually(async () => {
        const res = await admin.get(`/api/admin/jobs?queue=${QueueName.Registration}&state=failed`);
        return (res.body.items as Array<Record<string, unknown>> | undefined)?.find((j) => j.id === jobId);
      });
      expect(failed).toMatchObject({
        id: jobId,
        queue: QueueName.Registration,
        name: JobName.RegisterRequest,
        state: 'failed',
        attemptsMade: 1,
        maxAttempts: 1,
        failedReason: `request ${requestId} does not exist`,
        data: { requestId },
      });
      expect(failed.finishedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
      const everyQueue = await admin.get('/api/admin/jobs');
      expect(everyQueue.body.items.map((j: { id: string }) => j.id)).toContain(jobId);
      const { text } = await scrape();
      expect(
        sample(text, 'ventanilla_jobs_failed_total', {
          queue: QueueName.Registration,
          job: JobName.RegisterRequest,
          final: 'true',
        }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sample(text, 'ventanilla_queue_jobs', { queue: QueueName.Registration, state: 'failed' }),
      ).toBeGreaterThanOrEqual(1);

      // Administrators only.
      expectProblem(await hub.get('/api/admin/jobs'), 403, 'AUTH.FORBIDDEN');
      expectProblem(await hub.post(`/api/admin/jobs/${QueueName.Registration}/${jobId}/retry`), 403, 'AUTH.FORBIDDEN');
      expectProblem(await new ApiClient(sys.baseUrl).get('/api/admin/jobs'), 401, 'AUTH.UNAUTHENTICATED');

      // Fix the cause: the request now exists (a copy of a real draft, submitted, under the id the job names).
      const draft = await dea.post('/api/requests', newRequestBody({ draft: true, title: 'Named by a lost job' }));
      expect(draft.status).toBe(201);
      await sys.db.dataSource.query(
        `INSERT INTO requests
         SELECT (jsonb_populate_record(NULL::requests, to_jsonb(r) || jsonb_build_object(
                   'id', $1::uuid, 'status', 'submitted', 'submitted_at', now(), 'version', 1))).*
           FROM requests r WHERE r.id = $2`,
        [requestId, draft.body.id],
      );

      const retried = await admin.post(`/api/admin/jobs/${QueueName.Registration}/${jobId}/retry`);
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ id: jobId, name: JobName.RegisterRequest });
      expect(['waiting', 'prioritized', 'active', 'completed']).toContain(retried.body.state);

      const request = await registered(requestId);
      expect(request.folio).toMatch(/^SSAN-\d{4}-\d{6}$/);
      expect(await queue(QueueName.Registration).getJobState(jobId)).toBe('completed');
      const failedNow = await admin.get(`/api/admin/jobs?queue=${QueueName.Registration}&state=failed`);
      expect(failedNow.body.items.map((j: { id: string }) => j.id)).not.toContain(jobId);

      const [event] = await auditEvents('job.retry');
      expect(event).toMatchObject({
        actor_role: 'admin',
        object_type: 'job',
        object_id: `${QueueName.Registration}/${jobId}`,
        outcome: 'success',
        details: expect.objectContaining({
          queue: 'registration',
          jobId,
          job: JobName.RegisterRequest,
          attemptsMade: 1,
        }),
      });

      // A job that is no longer failed cannot be retried again.
      const again = await admin.post(`/api/admin/jobs/${QueueName.Registration}/${jobId}/retry`);
      expectProblem(again, 409, 'JOB.NOT_FAILED');
      expect(again.body.title).toBe('The job is completed: only failed jobs can be retried.');
      expect(await auditEvents('job.retry')).toHaveLength(1);
    });

    it('answers problem+json in English and Spanish for unknown jobs and bad queries', async () => {
      const adminEs = await ApiClient.login(sys.baseUrl, 'admin@demo.test', DEMO_PASSWORD, 'es');
      const unknownJob = await adminEs.post(`/api/admin/jobs/${QueueName.Registration}/no-such-job/retry`);
      expectProblem(unknownJob, 404, 'JOB.NOT_FOUND');
      expect(unknownJob.body.title).toBe('No existe ese trabajo en la cola «registration».');
      const unknownQueue = await admin.post('/api/admin/jobs/no-such-queue/1/retry');
      expectProblem(unknownQueue, 404, 'JOB.NOT_FOUND');
      expect(unknownQueue.body.title).toBe('No such job in queue "no-such-queue".');

      const bad = await admin.get('/api/admin/jobs?queue=nope&state=lost&limit=0&cursor=x');
      expectProblem(bad, 400, 'VALIDATION.FAILED');
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'cursor',
        'limit',
        'queue',
        'state',
      ]);
    });

    it('pages through jobs with a cursor', async () => {
      const first = await admin.get(`/api/admin/jobs?queue=${QueueName.Registration}&state=completed&limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await admin.get(
        `/api/admin/jobs?queue=${QueueName.Registration}&state=completed&limit=2&cursor=${first.body.nextCursor}`,
      );
      expect(second.status).toBe(200);
      const ids = [...first.body.items, ...second.body.items].map((j: { id: string }) => j.id);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
});
