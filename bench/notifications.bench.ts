import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import pg from 'pg';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem } from '@ventanilla/testing/test-system.js';
import { pct, waitFor } from './bench-support.js';

/**
 * In-app notifications: N registered requests are claimed over HTTP by C concurrent coordinators, a burst of N
 * transitions each owing two notices (the requesting agency and the hub). Reports notices delivered in-app
 * per second and, from the database's own clocks, the time from each event (its audit `occurred_at`) to its
 * in-app row (`notifications.created_at`): p50/p99/max. A bare-`pg` baseline writes the same rows per notice
 * (the notification, its e-mail deliveries and their outbox rows, the evidence trail) for the ratio.
 * Writes bench/results/notifications.{json,md}.
 */
const REQUESTS = Number(process.env.BENCH_NOTIFY_REQUESTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 16);

async function main(): Promise<void> {
  const sys = await startTestSystem({ env: { QUEUE_PG_POOL_MAX: process.env.QUEUE_PG_POOL_MAX ?? '4' } });
  const q = <T>(sql: string, params: unknown[] = []) => sys.db.dataSource.query<T>(sql, params);
  const count = async (sql: string, params: unknown[]) => (await q<Array<{ n: number }>>(sql, params))[0].n;
  try {
    const dea = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    // Two coordinators' sessions, shared by the lanes: sign-in throttling refuses a burst of logins.
    const sessions = [
      await ApiClient.login(sys.baseUrl, 'hub2@demo.test', DEMO_PASSWORD),
      await ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD),
    ];
    const hubs = Array.from({ length: CONCURRENCY }, (_, i) => sessions[i % 2]);
    const ids: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      ids.push(
        (await dea.post('/api/requests', newRequestBody({ title: `Notification bench ${i}` }))).body.id as string,
      );
    }
    await waitFor(
      async () =>
        (await count(`SELECT count(*)::int AS n FROM requests WHERE id = ANY($1) AND status = 'registered'`, [ids])) ===
        REQUESTS,
      300_000,
      'registration',
    );
    // Let the submission and registration notices drain, so the burst has the queue to itself.
    await waitFor(
      async () =>
        (await count(`SELECT count(*)::int AS n FROM notifications WHERE request_id = ANY($1)`, [ids])) ===
        REQUESTS * 4,
      300_000,
      'earlier notices',
    );

    // The burst: every request claimed, C at a time.
    let next = 0;
    let failures = 0;
    const t0 = performance.now();
    await Promise.all(
      hubs.map(async (hub) => {
        while (next < ids.length) {
          const id = ids[next++];
          const r = await hub.post(`/api/requests/${id}/actions/claim`, { version: 2 });
          if (r.status !== 200) failures++;
        }
      }),
    );
    const claimSeconds = (performance.now() - t0) / 1000;
    const expected = (REQUESTS - failures) * 2;
    await waitFor(
      async () =>
        (await count(
          `SELECT count(*)::int AS n FROM notifications WHERE request_id = ANY($1) AND event = 'request.claim'`,
          [ids],
        )) === expected,
      300_000,
      'in-app delivery',
    );
    const rows = await q<Array<{ ms: number; event_at: Date; created_at: Date }>>(
      `SELECT extract(epoch FROM (n.created_at - e.occurred_at)) * 1000 AS ms, e.occurred_at AS event_at, n.created_at
         FROM notifications n JOIN audit_events e ON e.id = n.source_event_id
        WHERE n.request_id = ANY($1) AND n.event = 'request.claim'`,
      [ids],
    );
    const latency = rows.map((r) => Number(r.ms));
    const first = Math.min(...rows.map((r) => new Date(r.event_at).getTime()));
    const last = Math.max(...rows.map((r) => new Date(r.created_at).getTime()));
    const deliveredPerSecond = rows.length / ((last - first) / 1000);

    // Baseline: the same rows per notice with bare pg (notification, e-mail deliveries and their outbox rows,
    // the created/delivered/queued trail), C connections at a time.
    const pool = new pg.Pool({ connectionString: sys.db.url, max: CONCURRENCY });
    const agencies = ['DEA', 'SRE-SSAN'];
    const total = expected;
    let made = 0;
    const b0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (made < total) {
          const i = made++;
          const agency = agencies[i % 2];
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            const {
              rows: [n],
            } = await c.query<{ id: string }>(
              `INSERT INTO notifications (source_event_id, request_id, recipient_agency, event, params, ack_required)
               VALUES ($1, $2, $3, 'baseline', '{}', false) RETURNING id`,
              [randomUUID(), ids[i % ids.length], agency],
            );
            const { rows: contacts } = await c.query<{ email: string }>(
              `SELECT email FROM agency_email_contacts WHERE agency = $1 AND active`,
              [agency],
            );
            const { rows: deliveries } = await c.query<{ id: string }>(
              `INSERT INTO notification_deliveries (notification_id, channel, target, language)
               SELECT $1, 'email', x, 'en' FROM unnest($2::text[]) AS x RETURNING id`,
              [n.id, contacts.map((x) => x.email)],
            );
            await c.query(
              `INSERT INTO outbox (queue, job_name, payload, relayed_at)
               SELECT 'baseline', 'baseline', jsonb_build_object('deliveryId', x), now() FROM unnest($1::uuid[]) AS x`,
              [deliveries.map((d) => d.id)],
            );
            await c.query(
              `INSERT INTO notification_events (notification_id, request_id, recipient_agency, kind, channel)
               SELECT $1, $2, $3, k, 'in_app' FROM unnest($4::text[]) AS k`,
              [n.id, ids[i % ids.length], agency, ['created', 'delivered', ...deliveries.map(() => 'queued')]],
            );
            await c.query('COMMIT');
          } finally {
            c.release();
          }
        }
      }),
    );
    const baselineSeconds = (performance.now() - b0) / 1000;
    await pool.end();

    const result = {
      machine: { cpus: cpus().length, node: process.version },
      queue: sys.config.redisUrl ? 'redis' : 'postgres',
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      transitionsPerSecond: (REQUESTS - failures) / claimSeconds,
      failures,
      notifications: rows.length,
      deliveredInAppPerSecond: deliveredPerSecond,
      eventToInAppMs: { p50: pct(latency, 50), p99: pct(latency, 99), max: Math.max(...latency) },
      baselineBarePg: {
        notificationsPerSecond: total / baselineSeconds,
        ratio: deliveredPerSecond / (total / baselineSeconds),
      },
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/notifications.json', JSON.stringify(result, null, 2));
    const md = [
      `# Notifications benchmark (${result.queue} queue, ${result.machine.cpus} cores, Node ${result.machine.node})`,
      '',
      '| measure | value |',
      '|---|---|',
      `| burst: ${REQUESTS} claims over HTTP, ${CONCURRENCY} coordinators, 2 notices each | ${result.transitionsPerSecond.toFixed(0)} transitions/s, ${failures} failures |`,
      `| in-app notices delivered | ${result.notifications} at ${result.deliveredInAppPerSecond.toFixed(0)} notices/s (first event → last row) |`,
      `| event (audit occurred_at) → in-app row | p50 ${result.eventToInAppMs.p50.toFixed(0)} ms, p99 ${result.eventToInAppMs.p99.toFixed(0)} ms, max ${result.eventToInAppMs.max.toFixed(0)} ms |`,
      `| bare pg, same rows per notice | ${result.baselineBarePg.notificationsPerSecond.toFixed(0)} notices/s (delivered/baseline = ${result.baselineBarePg.ratio.toFixed(2)}) |`,
    ].join('\n');
    writeFileSync('bench/results/notifications.md', md + '\n');
    console.log(md);
  } catch (err) {
    console.error('notifications benchmark failed:', err);
    process.exitCode = 1;
  } finally {
    await sys.close();
  }
}

await main();
