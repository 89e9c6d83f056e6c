import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { startDrillSystem } from '@ventanilla/testing/processes.js';
import { DEMO_PASSWORD, TEST_QUEUE_BACKEND, TEST_REDIS_URL } from '@ventanilla/testing/test-system.js';
import { BENCH_PROCESS_ENV, pct, processWork, quietAutovacuum, waitFor, WorkMeter } from './bench-support.js';

/**
 * Routing as a deployment runs it: ONE API process and ONE worker process, the queue on Redis
 * (`TEST_QUEUE_BACKEND=redis`) or on BullMQ's PostgreSQL backend. N registered, claimed requests are routed over
 * HTTP by C concurrent coordinators (lead + two supports each). Reports the work per route (transactions and
 * statements: the API's, the worker's, and all processes' from pg_stat_database), routed requests/s and, from
 * the database's own clocks, the time from each `route` to the last of its three assignments and of every
 * notice they caused delivered (p50/p99; target p99 < 1 s). A bare-`pg` baseline does the same writes per
 * routing (status CAS, decision, audit event, outbox rows, three assignment rows) for the ratio.
 * Writes bench/results/routing.{json,md}.
 */
const REQUESTS = Number(process.env.BENCH_ROUTE_REQUESTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PLAN = { lead: 'FGR-INT', support: ['SSPC-SIIP', 'DEFENSA'], reason: 'Plan agreed with the agencies.' };

async function main(): Promise<void> {
  const queue = TEST_QUEUE_BACKEND;
  const sys = await startDrillSystem({ redisUrl: queue === 'redis' ? TEST_REDIS_URL : null, env: BENCH_PROCESS_ENV });
  const [api] = sys.apis;
  const [worker] = sys.workers;
  const q = <T>(sql: string, params: unknown[] = []) => sys.db.dataSource.query<T>(sql, params);
  await quietAutovacuum(q);
  const meter = await WorkMeter.open(sys.db.url, processWork([api, worker]));
  try {
    const dea = await ApiClient.login(api.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    // Two coordinators' sessions, shared by the lanes: sign-in throttling refuses a burst of logins.
    const sessions = [
      await ApiClient.login(api.baseUrl, 'hub2@demo.test', DEMO_PASSWORD),
      await ApiClient.login(api.baseUrl, 'hub@demo.test', DEMO_PASSWORD),
    ];
    const hubs = Array.from({ length: CONCURRENCY }, (_, i) => sessions[i % 2]);
    const ids: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      ids.push((await dea.post('/api/requests', newRequestBody({ title: `Routing bench ${i}` }))).body.id as string);
    }
    await waitFor(
      async () =>
        (
          await q<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM requests WHERE id = ANY($1) AND status = 'registered'`,
            [ids],
          )
        )[0].n === REQUESTS,
      300_000,
      'registration',
    );
    let next = 0;
    await Promise.all(
      hubs.map(async (hub) => {
        while (next < ids.length) {
          const id = ids[next++];
          const c = await hub.post(`/api/requests/${id}/actions/claim`, { version: 2 });
          if (c.status !== 200) console.warn(`claim ${id}: ${c.status} ${JSON.stringify(c.body).slice(0, 300)}`);
        }
      }),
    );

    // Every claim's notices delivered before the routes, then the idle background, then the routes.
    const busy = async () =>
      (
        await meter.query<{ busy: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM outbox WHERE relayed_at IS NULL)
               OR EXISTS (SELECT 1 FROM notification_deliveries WHERE status IN ('pending', 'failed')) AS busy`,
        )
      )[0].busy;
    await waitFor(async () => !(await busy()), 300_000, 'claims announced');
    const idle = await meter.measureIdle(5_000);
    const before = await meter.read();

    // Route them all, C at a time.
    next = 0;
    let failures = 0;
    const routed: string[] = [];
    const failureCodes: Record<string, number> = {};
    const callMs: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      hubs.map(async (hub) => {
        while (next < ids.length) {
          const id = ids[next++];
          const c0 = performance.now();
          const r = await hub.post(`/api/requests/${id}/actions/route`, { version: 3, ...PLAN });
          callMs.push(performance.now() - c0);
          if (r.status === 200) routed.push(id);
          else {
            failures++;
            const code = `${r.status} ${String((r.body as { code?: string }).code)}`;
            failureCodes[code] = (failureCodes[code] ?? 0) + 1;
          }
        }
      }),
    );
    const routeSeconds = (performance.now() - t0) / 1000;
    await waitFor(
      async () =>
        (
          await meter.query<{ n: number }>(`SELECT count(*)::int AS n FROM assignments WHERE request_id = ANY($1)`, [
            routed,
          ])
        )[0].n ===
        routed.length * 3,
      900_000,
      'fan-out',
    );
    // Every notice the routing caused (the route's own, each assignment's) delivered on every channel.
    await waitFor(
      async () =>
        (
          await meter.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
              WHERE n.request_id = ANY($1) AND d.status IN ('pending', 'failed')`,
            [routed],
          )
        )[0].n === 0,
      900_000,
      'notices',
    );
    const deliveredSeconds = (performance.now() - t0) / 1000;
    await waitFor(async () => !(await busy()), 300_000, 'outbox relayed');
    const after = await meter.read();
    const work = {
      apiPerRoute: meter.perProcess(0, before, after, routed.length, idle),
      workerPerRoute: meter.perProcess(1, before, after, routed.length, idle),
      allPerRoute: WorkMeter.perOp(before, after, routed.length, idle),
    };
    // From the route's audit event to the last of: its assignments delivered, the notices of the route and of
    // the assignments in-app, and each of their e-mails and webhooks (database clocks throughout).
    const rows = await q<Array<{ ms: number; assigned_ms: number }>>(
      `SELECT extract(epoch FROM (SELECT max(a.delivered_at) FROM assignments a WHERE a.request_id = e.request_id)
                - e.occurred_at) * 1000 AS assigned_ms,
              extract(epoch FROM (GREATEST(
                (SELECT max(a.delivered_at) FROM assignments a WHERE a.request_id = e.request_id),
                (SELECT max(n.created_at) FROM notifications n JOIN audit_events s ON s.id = n.source_event_id
                  WHERE n.request_id = e.request_id AND s.occurred_at >= e.occurred_at),
                (SELECT max(d.updated_at) FROM notification_deliveries d
                   JOIN notifications n ON n.id = d.notification_id JOIN audit_events s ON s.id = n.source_event_id
                  WHERE n.request_id = e.request_id AND s.occurred_at >= e.occurred_at)
              ) - e.occurred_at)) * 1000 AS ms
         FROM audit_events e WHERE e.action = 'request.route' AND e.request_id = ANY($1)`,
      [routed],
    );
    const toDelivered = rows.map((r) => Number(r.ms));
    const toAssigned = rows.map((r) => Number(r.assigned_ms));

    // Baseline: the same writes per routing with bare pg, on fresh rows.
    const pool = new pg.Pool({ connectionString: sys.db.url, max: CONCURRENCY });
    const [{ id: userId }] = await q<Array<{ id: string }>>(`SELECT id FROM users WHERE email = 'hub@demo.test'`);
    const baseIds = (
      await q<Array<{ id: string }>>(
        `INSERT INTO requests (status, type, topics, priority, title, summary, language, classification, handling_code, requesting_agency, created_by)
         SELECT 'in_analysis', 'information', '{firearms}', 'P3', 'Baseline', 'Baseline', 'en', 'SBU', 'H1', 'DEA', $1
           FROM generate_series(1, $2) RETURNING id`,
        [userId, REQUESTS],
      )
    ).map((r) => r.id);
    next = 0;
    const b0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < baseIds.length) {
          const id = baseIds[next++];
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            await c.query(
              `UPDATE requests SET status = 'routed', version = version + 1, routing_round = 1 WHERE id = $1 AND status = 'in_analysis'`,
              [id],
            );
            await c.query(
              `INSERT INTO routing_decisions (request_id, round, lead, supports, follows_proposal, decided_by) VALUES ($1, 1, $2, $3, false, $4)`,
              [id, PLAN.lead, PLAN.support, userId],
            );
            await c.query(
              `INSERT INTO audit_events (occurred_at, actor_role, action, object_type, object_id, request_id, outcome) VALUES (clock_timestamp(), 'hub_coordinator', 'baseline', 'request', $1::text, $1::uuid, 'success')`,
              [id],
            );
            await c.query(
              `INSERT INTO outbox (queue, job_name, payload, relayed_at) SELECT 'baseline', 'baseline', '{}', now() FROM generate_series(1, 5)`,
            );
            await c.query(
              `INSERT INTO assignments (request_id, agency, role, round, status, delivered_at)
               VALUES ($1, 'FGR-INT', 'lead', 1, 'pending', now()), ($1, 'SSPC-SIIP', 'support', 1, 'pending', now()), ($1, 'DEFENSA', 'support', 1, 'pending', now())`,
              [id],
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
      when: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version, loadavg: loadavg().map((x) => +x.toFixed(2)) },
      queue,
      processes: { api: 1, worker: 1 },
      work,
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      routeCallsPerSecond: REQUESTS / routeSeconds,
      routedAndDeliveredPerSecond: routed.length / deliveredSeconds,
      failures,
      failureCodes,
      routeToAllDeliveredMs: { p50: pct(toDelivered, 50), p99: pct(toDelivered, 99), max: Math.max(...toDelivered) },
      // Where that time goes: the route call as the coordinator saw it, and the worker's fan-out.
      routeCallMs: { p50: pct(callMs, 50), p99: pct(callMs, 99) },
      routeToAssignmentsMs: { p50: pct(toAssigned, 50), p99: pct(toAssigned, 99) },
      baselineBarePg: {
        routingsPerSecond: REQUESTS / baselineSeconds,
        ratio: routed.length / deliveredSeconds / (REQUESTS / baselineSeconds),
      },
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/routing.json', JSON.stringify(result, null, 2));
    const w = (x: { transactions: number; statements: number }) => `${x.transactions} | ${x.statements}`;
    const md = [
      `# Routing benchmark (one API process, one worker process, ${queue} queue)`,
      '',
      `${result.when}, ${result.machine.cpus} cores, Node ${result.machine.node}, load average ${result.machine.loadavg.join(' ')} at the end.`,
      '',
      '| work per route → every assignment and notice delivered | transactions | statements |',
      '|---|---|---|',
      `| the API's own (route call) | ${w(work.apiPerRoute)} |`,
      `| the worker's own (fan-out, notices, deliveries) | ${w(work.workerPerRoute)} |`,
      `| all processes (pg_stat_database, idle background taken out) | ${w(work.allPerRoute)} |`,
      '',
      '| measure | value |',
      '|---|---|',
      `| route over HTTP, ${CONCURRENCY} coordinators, ${REQUESTS} requests × 3 agencies | ${result.routeCallsPerSecond.toFixed(0)} routes/s accepted, ${result.routedAndDeliveredPerSecond.toFixed(0)} requests/s routed and fully delivered, ${failures} failures ${JSON.stringify(failureCodes)} |`,
      `| route → all three assignments and every notice delivered (in-app, e-mail, webhook) | p50 ${result.routeToAllDeliveredMs.p50.toFixed(0)} ms, p99 **${result.routeToAllDeliveredMs.p99.toFixed(0)} ms** (target < 1,000 ms) |`,
      `| of which: the route call (HTTP, as the coordinator saw it) | p50 ${result.routeCallMs.p50.toFixed(0)} ms, p99 ${result.routeCallMs.p99.toFixed(0)} ms |`,
      `| of which: route → the three assignments created and delivered (the worker's fan-out) | p50 ${result.routeToAssignmentsMs.p50.toFixed(0)} ms, p99 ${result.routeToAssignmentsMs.p99.toFixed(0)} ms |`,
      `| bare pg, same writes | ${result.baselineBarePg.routingsPerSecond.toFixed(0)} routings/s (delivered/baseline = ${result.baselineBarePg.ratio.toFixed(2)}) |`,
    ].join('\n');
    writeFileSync('bench/results/routing.md', md + '\n');
    console.log(md);
  } catch (err) {
    console.error('routing benchmark failed:', err);
    console.error(`--- api ---\n${api.tail()}\n--- worker ---\n${worker.tail()}`);
    process.exitCode = 1;
  } finally {
    await meter.close();
    await sys.close();
  }
}

await main();
