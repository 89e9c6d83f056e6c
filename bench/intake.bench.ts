import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { sealingLagSeconds } from '@ventanilla/audit/audit-store.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { startDrillSystem } from '@ventanilla/testing/processes.js';
import { DEMO_PASSWORD, TEST_QUEUE_BACKEND, TEST_REDIS_URL } from '@ventanilla/testing/test-system.js';
import { BENCH_PROCESS_ENV, pct, processWork, quietAutovacuum, WorkMeter } from './bench-support.js';

/**
 * Intake as a deployment runs it: ONE API process and ONE worker process (`node dist/apps/{api,worker}/src/main.js`),
 * the queue on Redis (`TEST_QUEUE_BACKEND=redis`) or on BullMQ's PostgreSQL backend. autocannon sends
 * POST /api/requests from a logged-in liaison while the worker registers and announces behind it; the run ends
 * when every request taken is registered with every notice delivered. Reported, in the same run:
 *
 * - the API's intake rate, beside a bare-`pg` baseline doing the same writes (target ≥ 0.5×);
 * - the worker's registrations/s, beside the API's intake rate (target ≥ 0.5×);
 * - the work per request: the API's own statements and transactions (its `/metrics` counters), the worker's per
 *   registration, and everything together (pg_stat_database commits) from submission to every notice delivered;
 * - submit → registered one at a time on a quiet system, and the audit sealing lag during the intake.
 *
 * BENCH_CPU_PROF=<dir> writes a CPU profile of the API process and one of the worker there (`node --cpu-prof`);
 * `node dist/bench/cpu-profile.js <file>` says where its time went. Writes bench/results/intake.{json,md}.
 */
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 50);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const TITLE = 'Bench intake';

async function main(): Promise<void> {
  const queue = TEST_QUEUE_BACKEND;
  const sys = await startDrillSystem({
    redisUrl: queue === 'redis' ? TEST_REDIS_URL : null,
    env: BENCH_PROCESS_ENV,
    apiNodeArgs: CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(CPU_PROF)}`] : [],
    workerNodeArgs: CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(CPU_PROF)}`] : [],
  });
  const [api] = sys.apis;
  const [worker] = sys.workers;
  const q = <T>(sql: string, params: unknown[] = []) => sys.db.dataSource.query<T>(sql, params);
  await quietAutovacuum(q);
  const meter = await WorkMeter.open(sys.db.url, processWork([api, worker]));
  try {
    const dea = await ApiClient.login(api.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const cookie = dea.cookieHeader();
    const body = JSON.stringify(newRequestBody({ title: TITLE }));
    const idle = await meter.measureIdle(5_000);

    const before = await meter.read();
    const [{ t: startedAt }] = await meter.query<{ t: Date }>(`SELECT now() AS t`);
    // The audit sealer runs in the worker throughout: sample how far the chain trails the newest event.
    const lagSamples: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        // Through the meter's connection, so that its queries are not counted as the operations' work.
        lagSamples.push(await sealingLagSeconds({ query: <T>(sql: string) => meter.query(sql) as Promise<T> }));
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const intake = await autocannon({
      url: `${api.baseUrl}/api/requests`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': dea.csrf ?? '' },
      body,
    });
    sampling = false;
    await sampler;

    // The worker works off the backlog: every request registered, the outbox relayed, every delivery done.
    const drainStart = Date.now();
    for (;;) {
      const [row] = await meter.query<{ busy: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM requests WHERE status = 'submitted')
             OR EXISTS (SELECT 1 FROM outbox WHERE relayed_at IS NULL)
             OR EXISTS (SELECT 1 FROM notification_deliveries WHERE status IN ('pending', 'failed')) AS busy`,
      );
      if (!row.busy) break;
      if (Date.now() - drainStart > 900_000) throw new Error('the worker did not drain the intake within 15 min');
      await new Promise((r) => setTimeout(r, 200));
    }
    const drainMs = Date.now() - drainStart;
    const [done] = await meter.query<{
      n: number;
      registered: number;
      last_registered: number;
      last_delivered: number;
    }>(
      `SELECT count(*)::int AS n, count(r.registered_at)::int AS registered,
              extract(epoch FROM max(r.registered_at) - $1)::float8 AS last_registered,
              extract(epoch FROM (SELECT max(d.updated_at) FROM notification_deliveries d) - $1)::float8 AS last_delivered
         FROM requests r WHERE r.title = $2`,
      [startedAt, TITLE],
    );
    const after = await meter.read();
    const taken = done.n;
    const apiRps = taken / DURATION_S;
    // Registrations from the first call to the last registration (database clocks), all in the same run.
    const registrationsPerSecond = done.registered / done.last_registered;
    const announcedPerSecond = done.registered / Math.max(done.last_registered, done.last_delivered);
    const work = {
      apiPerRequest: meter.perProcess(0, before, after, taken, idle),
      workerPerRegistration: meter.perProcess(1, before, after, done.registered, idle),
      allPerRequest: WorkMeter.perOp(before, after, taken, idle),
    };

    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const t0 = performance.now();
      const created = await dea.post('/api/requests', newRequestBody({ title: `Latency ${i}` }));
      for (;;) {
        const [row] = await q<Array<{ status: string }>>(`SELECT status FROM requests WHERE id = $1`, [
          created.body.id,
        ]);
        if (row.status === 'registered') break;
        if (performance.now() - t0 > 30_000) throw new Error('registration took more than 30 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      latencies.push(performance.now() - t0);
    }

    // Baseline: the same three writes per request (request row, audit event, outbox rows) with bare pg.
    const pool = new pg.Pool({ connectionString: sys.db.url, max: CONNECTIONS });
    const user = await q<Array<{ id: string }>>(`SELECT id FROM users WHERE email = 'liaison.dea@demo.test'`);
    let baselineCount = 0;
    const until = Date.now() + DURATION_S * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < until) {
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            const r = await c.query<{ id: string }>(
              `INSERT INTO requests (status, type, topics, priority, title, summary, language, classification, handling_code, requesting_agency, created_by, submitted_at)
               VALUES ('submitted', 'information', '{firearms}', 'P3', 'Baseline', 'Baseline', 'en', 'SBU', 'H1', 'DEA', $1, now()) RETURNING id`,
              [user[0].id],
            );
            await c.query(
              `INSERT INTO audit_events (occurred_at, actor_role, action, object_type, object_id, request_id, outcome) VALUES (clock_timestamp(), 'liaison', 'baseline', 'request', $1::text, $1::uuid, 'success')`,
              [r.rows[0].id],
            );
            await c.query(
              `INSERT INTO outbox (queue, job_name, payload, relayed_at) VALUES ('baseline', 'baseline', '{}', now()), ('baseline', 'baseline', '{}', now()), ('baseline', 'baseline', '{}', now())`,
            );
            await c.query('COMMIT');
            baselineCount++;
          } finally {
            c.release();
          }
        }
      }),
    );
    const baselineRps = baselineCount / DURATION_S;

    // Baseline for submit → registered: the submission's writes, then the registration's (status and folio,
    // audit event, outbox rows), one request at a time on a quiet system, as the latency samples were.
    const baseLatencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const t0 = performance.now();
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const r = await c.query<{ id: string }>(
          `INSERT INTO requests (status, type, topics, priority, title, summary, language, classification, handling_code, requesting_agency, created_by, submitted_at)
           VALUES ('submitted', 'information', '{firearms}', 'P3', 'Baseline', 'Baseline', 'en', 'SBU', 'H1', 'DEA', $1, now()) RETURNING id`,
          [user[0].id],
        );
        const id = r.rows[0].id;
        await c.query(
          `INSERT INTO audit_events (occurred_at, actor_role, action, object_type, object_id, request_id, outcome) VALUES (clock_timestamp(), 'liaison', 'baseline', 'request', $1::text, $1::uuid, 'success')`,
          [id],
        );
        await c.query(
          `INSERT INTO outbox (queue, job_name, payload, relayed_at) VALUES ('baseline', 'baseline', '{}', now())`,
        );
        await c.query('COMMIT');
        await c.query('BEGIN');
        await c.query(
          `UPDATE requests SET status = 'registered', folio = 'BASE-' || $2::text, registered_at = now(), version = version + 1
            WHERE id = $1 AND status = 'submitted'`,
          [id, `${i}-${Date.now()}`],
        );
        await c.query(
          `INSERT INTO audit_events (occurred_at, actor_role, action, object_type, object_id, request_id, outcome) VALUES (clock_timestamp(), 'system', 'baseline', 'request', $1::text, $1::uuid, 'success')`,
          [id],
        );
        await c.query(
          `INSERT INTO outbox (queue, job_name, payload, relayed_at) VALUES ('baseline', 'baseline', '{}', now()), ('baseline', 'baseline', '{}', now())`,
        );
        await c.query('COMMIT');
      } finally {
        c.release();
      }
      baseLatencies.push(performance.now() - t0);
    }
    await pool.end();

    const result = {
      when: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version, loadavg: loadavg().map((x) => +x.toFixed(2)) },
      queue,
      processes: { api: 1, worker: 1 },
      work,
      intake: {
        connections: CONNECTIONS,
        seconds: DURATION_S,
        requestsTaken: taken,
        requestsPerSecond: apiRps,
        latencyMs: { p50: intake.latency.p50, p99: intake.latency.p99 },
        non2xx: intake.non2xx,
        errors: intake.errors,
      },
      backlogDrainMs: drainMs,
      worker: {
        registrationsPerSecond,
        registeredAndAnnouncedPerSecond: announcedPerSecond,
        ratioToIntake: registrationsPerSecond / apiRps,
      },
      auditSealingLagSeconds: {
        samples: lagSamples.length,
        p50: pct(lagSamples, 50),
        p99: pct(lagSamples, 99),
        max: Math.max(...lagSamples),
      },
      submitToRegisteredMs: {
        samples: latencies.length,
        p50: pct(latencies, 50),
        p99: pct(latencies, 99),
        max: Math.max(...latencies),
        baselineBarePg: {
          p50: pct(baseLatencies, 50),
          p99: pct(baseLatencies, 99),
          ratio: pct(baseLatencies, 50) / pct(latencies, 50),
        },
      },
      baselineBarePg: { requestsPerSecond: baselineRps, ratioApiToBaseline: apiRps / baselineRps },
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/intake.json', JSON.stringify(result, null, 2));
    const w = (x: { transactions: number; statements: number }) => `${x.transactions} | ${x.statements}`;
    const md = [
      `# Intake benchmark (one API process, one worker process, ${queue} queue)`,
      '',
      `${result.when}, ${result.machine.cpus} cores, Node ${result.machine.node}, load average ${result.machine.loadavg.join(' ')} at the end.`,
      '',
      '| work per operation | transactions | statements |',
      '|---|---|---|',
      `| intake: the API's own work per POST /api/requests | ${w(work.apiPerRequest)} |`,
      `| registration: the worker's own work per request registered and announced | ${w(work.workerPerRegistration)} |`,
      `| submit → registered, every notice delivered: all processes (pg_stat_database) | ${w(work.allPerRequest)} |`,
      '',
      `(The API's and the worker's transactions are their pools' commits, the last row's the database's; the idle background taken out of each.)`,
      '',
      `| measure | value | target |`,
      `|---|---|---|`,
      `| POST /api/requests, ${CONNECTIONS} connections, ${DURATION_S} s | ${apiRps.toFixed(0)} req/s (${taken} taken), p50 ${result.intake.latencyMs.p50} ms, p99 ${result.intake.latencyMs.p99} ms, non-2xx ${result.intake.non2xx} | |`,
      `| bare pg, same writes | ${baselineRps.toFixed(0)} req/s: API/baseline = **${result.baselineBarePg.ratioApiToBaseline.toFixed(2)}** | ≥ 0.5 |`,
      `| worker registrations, same run (first call → last registered) | ${registrationsPerSecond.toFixed(1)} requests/s: worker/API intake = **${result.worker.ratioToIntake.toFixed(2)}** | ≥ 0.5 |`,
      `| registered and every notice delivered | ${announcedPerSecond.toFixed(1)} requests/s; backlog drained ${(drainMs / 1000).toFixed(1)} s after the intake | |`,
      `| submit → registered (quiet system, ${latencies.length} samples) | p50 ${result.submitToRegisteredMs.p50.toFixed(0)} ms, p99 ${result.submitToRegisteredMs.p99.toFixed(0)} ms | |`,
      `| bare pg, the submission's and the registration's writes in turn | p50 ${result.submitToRegisteredMs.baselineBarePg.p50.toFixed(1)} ms, p99 ${result.submitToRegisteredMs.baselineBarePg.p99.toFixed(1)} ms | |`,
      `| audit sealing lag during intake (${lagSamples.length} samples) | p50 ${result.auditSealingLagSeconds.p50.toFixed(2)} s, p99 ${result.auditSealingLagSeconds.p99.toFixed(2)} s, max ${result.auditSealingLagSeconds.max.toFixed(2)} s | |`,
    ].join('\n');
    writeFileSync('bench/results/intake.md', md + '\n');
    console.log(md);
  } catch (err) {
    console.error('benchmark failed:', err);
    console.error(`--- api ---\n${api.tail()}\n--- worker ---\n${worker.tail()}`);
    process.exitCode = 1;
  } finally {
    await meter.close();
    await sys.close();
  }
}

await main();
