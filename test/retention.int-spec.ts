import { randomUUID } from 'node:crypto';
import { ApiClient, eventually } from '@ventanilla/testing/http-client.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { RetentionService } from '../apps/worker/src/retention/retention.service.js';

jest.setTimeout(90_000);

/**
 * The retention job (issue 12): what is past its retention goes, in batches that skip rows someone holds;
 * what is not stays; the audit trail and the record are never touched; the table sizes are a metric.
 */
describe(`retention (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let userId: string;
  const q = <T>(sql: string, params: unknown[] = []) => sys.db.dataSource.query<T>(sql, params);
  const count = async (table: string, where = 'true') =>
    (await q<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`))[0].n;

  beforeAll(async () => {
    // A small batch, so that draining a table takes several.
    sys = await startTestSystem({ env: { RETENTION_BATCH_ROWS: '7', RETENTION_OUTBOX_DAYS: '7' } });
    [{ id: userId }] = await q<Array<{ id: string }>>(`SELECT id FROM users WHERE email = 'liaison.dea@demo.test'`);
    // Real traffic first: a submission, its outbox rows, sessions, audit events.
    const dea = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const created = await dea.post('/api/requests', newRequestBody(), { 'idempotency-key': randomUUID() });
    expect(created.status).toBe(201);
    await eventually(async () => (await count('outbox', 'relayed_at IS NULL')) === 0);
  });

  afterAll(async () => {
    await sys?.close();
  });

  /** `n` rows as they would be after `age` (an SQL interval) has passed. */
  const plant = async (age: string, n: number) => {
    for (let i = 0; i < n; i++) {
      await q(
        `INSERT INTO outbox (queue, job_name, payload, created_at, relayed_at)
         VALUES ('registration', 'request.register', '{"probe": true}', now() - $1::interval, now() - $1::interval)`,
        [age],
      );
      await q(
        `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
         VALUES ($1, $2, 'probe', now() - $3::interval, now() - $3::interval)`,
        [randomUUID(), userId, age],
      );
      await q(
        `INSERT INTO idempotency_keys (user_id, key, body_hash, state, created_at)
         VALUES ($1, $2, 'probe', 'done', now() - $3::interval)`,
        [userId, randomUUID(), age],
      );
      await q(`INSERT INTO login_throttle (key, failures, last_attempt_at) VALUES ($1, 3, now() - $2::interval)`, [
        `probe:${randomUUID()}`,
        age,
      ]);
      await q(
        `INSERT INTO rate_limits (key, points, expire)
         VALUES ($1, 1, (extract(epoch FROM now() - $2::interval) * 1000)::bigint)`,
        [`probe:${randomUUID()}`, age],
      );
      await q(
        `INSERT INTO login_known_clients (email, client, last_success_at) VALUES ($1, 'c', now() - $2::interval)`,
        [`${randomUUID()}@probe.test`, age],
      );
    }
  };

  it('removes what is past its retention in batches, keeps the rest, and never touches the audit trail', async () => {
    await plant('400 days', 20);
    await plant('1 minute', 3);
    const planted = async () => ({
      outbox: await count('outbox', `payload ? 'probe'`),
      sessions: await count('sessions', `csrf_token = 'probe'`),
      idempotency_keys: await count('idempotency_keys', `body_hash = 'probe'`),
      login_throttle: await count('login_throttle', `key LIKE 'probe:%'`),
      rate_limits: await count('rate_limits', `key LIKE 'probe:%'`),
      login_known_clients: await count('login_known_clients', `email LIKE '%@probe.test'`),
    });
    const all = {
      outbox: 23,
      sessions: 23,
      idempotency_keys: 23,
      login_throttle: 23,
      rate_limits: 23,
      login_known_clients: 23,
    };
    expect(await planted()).toEqual(all);
    const before = { audit: await count('audit_events'), requests: await count('requests') };
    const removed = await sys.worker!.get(RetentionService).runOnce();
    // Exactly the old ones (the demo data and the submission above are all recent).
    expect(removed).toEqual({
      outbox: 20,
      sessions: 20,
      idempotency_keys: 20,
      login_throttle: 20,
      rate_limits: 20,
      login_known_clients: 20,
      attachment_orphans: 0,
    });
    expect(await planted()).toEqual({
      outbox: 3,
      sessions: 3,
      idempotency_keys: 3,
      login_throttle: 3,
      rate_limits: 3,
      login_known_clients: 3,
    });
    // The record and the audit trail: nothing removed (the trail only grows meanwhile).
    expect(await count('requests')).toBe(before.requests);
    expect(await count('audit_events')).toBeGreaterThanOrEqual(before.audit);
    // A second run finds nothing more.
    expect(Object.values(await sys.worker!.get(RetentionService).runOnce())).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('never waits on a writer: a row someone holds is skipped, and taken at a later run', async () => {
    await plant('400 days', 5);
    const runner = sys.db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const [held] = (await runner.query(
      `SELECT token_hash FROM sessions WHERE expires_at < now() - interval '300 days' LIMIT 1 FOR UPDATE`,
    )) as Array<{ token_hash: string }>;
    try {
      // Were it to wait for the open transaction, this would never return (the lock is released below).
      const removed = await sys.worker!.get(RetentionService).runOnce();
      expect(removed.sessions).toBe(4);
      expect(await count('sessions', `token_hash = '${held.token_hash}'`)).toBe(1);
    } finally {
      await runner.commitTransaction();
      await runner.release();
    }
    expect((await sys.worker!.get(RetentionService).runOnce()).sessions).toBe(1);
  });

  it('reports the tables’ sizes and what it removed at /metrics', async () => {
    const text = await (await fetch(`${sys.baseUrl}/metrics`)).text();
    for (const table of ['outbox', 'sessions', 'idempotency_keys', 'audit_events'])
      expect(text).toMatch(new RegExp(`^ventanilla_table_bytes\\{table="${table}"\\} [1-9]\\d*$`, 'm'));
    expect(text).toMatch(/^ventanilla_table_rows_estimate\{table="requests"\} \d+/m);
    expect(text).toMatch(/^ventanilla_retention_deleted_rows_total\{table="outbox"\} 25$/m);
  });
});
