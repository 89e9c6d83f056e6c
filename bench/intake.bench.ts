import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { sealingLagSeconds } from '@ventanilla/audit/audit-store.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem } from '@ventanilla/testing/test-system.js';
import { pct } from './bench-support.js';

/**
 * Intake: autocannon against POST /api/requests with a logged-in liaison (the worker registering behind it),
 * then submit → registered latency one request at a time, then a bare-`pg` baseline doing the same insert,
 * audit and outbox writes, so the ratio can be compared across machines. Writes bench/results/intake.{json,md}.
 */
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 50);

async function main(): Promise<void> {
  const sys = await startTestSystem({ env: { QUEUE_PG_POOL_MAX: process.env.QUEUE_PG_POOL_MAX ?? '4' } });
  try {
    const dea = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const cookie = dea.cookieHeader();
    const body = JSON.stringify(newRequestBody({ title: 'Bench intake' }));
    // The audit sealer runs in the worker throughout: sample how far the chain trails the newest event.
    const lagSamples: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        lagSamples.push(await sealingLagSeconds(sys.db.dataSource));
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const intake = await autocannon({
      url: `${sys.baseUrl}/api/requests`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': dea.csrf ?? '' },
      body,
    });

    sampling = false;
    await sampler;

    // Let the worker drain the intake backlog before measuring latency on a quiet system.
    const drainStart = Date.now();
    for (;;) {
      const [{ n }] = await sys.db.dataSource.query<Array<{ n: number }>>(
        `SELECT (SELECT count(*) FROM requests WHERE status = 'submitted') + (SELECT count(*) FROM outbox WHERE relayed_at IS NULL) AS n`,
      );
      if (Number(n) === 0 || Date.now() - drainStart > 300_000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const drainMs = Date.now() - drainStart;
    // The worker registered everything the API took, during the intake and the drain after it.
    const [{ n: registered }] = await sys.db.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM requests WHERE title = 'Bench intake' AND registered_at IS NOT NULL`,
    );
    const workerRegistrationsPerSecond = registered / (DURATION_S + drainMs / 1000);

    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const t0 = performance.now();
      const created = await dea.post('/api/requests', newRequestBody({ title: `Latency ${i}` }));
      for (;;) {
        const [row] = await sys.db.dataSource.query<Array<{ status: string }>>(
          `SELECT status FROM requests WHERE id = $1`,
          [created.body.id],
        );
        if (row.status === 'registered') break;
        if (performance.now() - t0 > 30_000) throw new Error('registration took more than 30 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      latencies.push(performance.now() - t0);
    }

    // Baseline: the same three writes per request (request row, audit event, outbox rows) with bare pg.
    const pool = new pg.Pool({ connectionString: sys.db.url, max: CONNECTIONS });
    const user = await sys.db.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM users WHERE email = 'liaison.dea@demo.test'`,
    );
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
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      queue: sys.config.redisUrl ? 'redis' : 'postgres',
      intake: {
        connections: CONNECTIONS,
        seconds: DURATION_S,
        requestsPerSecond: intake.requests.average,
        latencyMs: { p50: intake.latency.p50, p99: intake.latency.p99 },
        non2xx: intake.non2xx,
        errors: intake.errors,
      },
      backlogDrainMs: drainMs,
      worker: {
        registrationsPerSecond: workerRegistrationsPerSecond,
        ratioToIntake: workerRegistrationsPerSecond / intake.requests.average,
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
      baselineBarePg: { requestsPerSecond: baselineRps, ratioApiToBaseline: intake.requests.average / baselineRps },
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/intake.json', JSON.stringify(result, null, 2));
    const md = [
      `# Intake benchmark (${result.queue} queue, ${result.machine.cpus} cores, Node ${result.machine.node})`,
      '',
      `| measure | value |`,
      `|---|---|`,
      `| POST /api/requests, ${CONNECTIONS} connections, ${DURATION_S} s | ${result.intake.requestsPerSecond.toFixed(0)} req/s, p50 ${result.intake.latencyMs.p50} ms, p99 ${result.intake.latencyMs.p99} ms, non-2xx ${result.intake.non2xx} |`,
      `| bare pg, same writes | ${baselineRps.toFixed(0)} req/s (API/baseline = ${result.baselineBarePg.ratioApiToBaseline.toFixed(2)}) |`,
      `| submit → registered (quiet system, ${latencies.length} samples) | p50 ${result.submitToRegisteredMs.p50.toFixed(0)} ms, p99 ${result.submitToRegisteredMs.p99.toFixed(0)} ms |`,
      `| bare pg, the submission's and the registration's writes in turn | p50 ${result.submitToRegisteredMs.baselineBarePg.p50.toFixed(1)} ms, p99 ${result.submitToRegisteredMs.baselineBarePg.p99.toFixed(1)} ms (baseline p50 ÷ API p50 = ${result.submitToRegisteredMs.baselineBarePg.ratio.toFixed(3)}) |`,
      `| worker drained the intake backlog in | ${(drainMs / 1000).toFixed(1)} s |`,
      `| worker registrations during intake and drain | ${workerRegistrationsPerSecond.toFixed(1)} requests/s (worker/API intake = ${result.worker.ratioToIntake.toFixed(2)}) |`,
      `| audit sealing lag during intake (${lagSamples.length} samples) | p50 ${result.auditSealingLagSeconds.p50.toFixed(2)} s, p99 ${result.auditSealingLagSeconds.p99.toFixed(2)} s, max ${result.auditSealingLagSeconds.max.toFixed(2)} s |`,
    ].join('\n');
    writeFileSync('bench/results/intake.md', md + '\n');
    console.log(md);
  } catch (err) {
    console.error('benchmark failed:', err);
    process.exitCode = 1;
  } finally {
    await sys.close();
  }
}

await main();
