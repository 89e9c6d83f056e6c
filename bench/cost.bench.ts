import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { WorkerHost } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';
import { databaseWork, traceStatements } from '@ventanilla/database/statement-counter.js';
import { ALL_QUEUES } from '@ventanilla/queue/jobs.js';
import { queueConnection } from '@ventanilla/queue/queue-connection.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem, type TestSystem } from '@ventanilla/testing/test-system.js';
import { startWebhookReceiver } from '@ventanilla/testing/webhook-receiver.js';
import { pct, WorkMeter, type IdleRate, type WorkPerOp, type WorkReading } from './bench-support.js';

/**
 * The work each operation costs, in figures that do not depend on the machine: database transactions
 * (`pg_stat_database.xact_commit` deltas for the benchmark's own database, every process included) and
 * statements sent on the application's pools, per operation, each operation carried through to its last
 * effect (every job done, every notice delivered in-app, by e-mail to the log and to a webhook of each agency).
 *
 * - intake: POST /api/requests with the API alone (no worker), one at a time;
 * - submit → registered: one request at a time, from POST to registered with every delivery done;
 * - the same for a burst of requests sent 16 at a time (the relay and the jobs take them in batches);
 * - claim, route (lead + two supports, every assignment and notice delivered), the lead's accept, the lead's
 *   answer (respond), each one at a time to its last effect.
 *
 * Background pollers are slowed down (the relay is woken by NOTIFY anyway) and what the idle system still does
 * is measured and subtracted. Writes bench/results/cost.{json,md}.
 */
const N_INTAKE = Number(process.env.BENCH_COST_INTAKE ?? 40);
const N = Number(process.env.BENCH_COST_REQUESTS ?? 20);
const N_BURST = Number(process.env.BENCH_COST_BURST ?? 200);
const BURST_CONNECTIONS = 16;
const PLAN = { lead: 'FGR-INT', support: ['SSPC-SIIP', 'DEFENSA'] };
const AGENCIES = ['DEA', 'SRE-SSAN', 'FGR-INT', 'SSPC-SIIP', 'DEFENSA'];
const DEADLINE_MS = 120_000;
/** Writes bench/results/cost-trace.md: every statement of one operation of each phase, transactions indented. */
const TRACE = process.env.BENCH_COST_TRACE === '1';

/** Jobs this process's workers are running, and how many ended: the worker side of "nothing left to do". */
function trackJobs(worker: INestApplicationContext): { running: number; ended: number } {
  const state = { running: 0, ended: 0 };
  const hosts = worker
    .get(DiscoveryService, { strict: false })
    .getProviders()
    .map((w) => w.instance as unknown)
    .filter((i): i is WorkerHost => i instanceof WorkerHost);
  for (const { worker: w } of hosts) {
    w.on('active', () => (state.running += 1));
    const end = () => {
      state.running -= 1;
      state.ended += 1;
    };
    w.on('completed', end);
    w.on('failed', end);
  }
  return state;
}

async function main(): Promise<void> {
  const receiver = await startWebhookReceiver();
  const sys: TestSystem = await startTestSystem({
    queue: 'redis',
    worker: false,
    env: {
      QUEUE_PG_POOL_MAX: '4',
      // The relay wakes on NOTIFY; the pollers' own work is background, not the operations'.
      OUTBOX_POLL_MS: '60000',
      AUDIT_SEAL_INTERVAL_MS: '60000',
      CLOCK_SWEEP_MS: '3600000',
    },
  });
  // Autovacuum's transactions count in pg_stat_database too: off for this short run, so that the figures are ours.
  for (const { name } of await sys.db.dataSource.query<Array<{ name: string }>>(
    `SELECT quote_ident(relname) AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
  ))
    await sys.db.dataSource.query(
      `ALTER TABLE ${name} SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)`,
    );
  const meter = await WorkMeter.open(sys.db.url, databaseWork);
  const queues = ALL_QUEUES.map((name) => new Queue(name, queueConnection(sys.config, sys.db.url).options));
  try {
    const login = (email: string) => ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD);
    const [dea, hub, fgr, admin] = await Promise.all(
      ['liaison.dea@demo.test', 'hub@demo.test', 'fgr@demo.test', 'admin@demo.test'].map(login),
    );
    // Every agency in the flow also has a webhook: each notice goes in-app, by e-mail (to the log) and by webhook.
    for (const agency of AGENCIES) {
      const r = await admin.post('/api/admin/webhooks', { agency, url: receiver.url(`/${agency}`) });
      if (r.status !== 201) throw new Error(`webhook for ${agency}: ${r.status} ${JSON.stringify(r.body)}`);
    }

    let jobs = { running: 0, ended: 0 };
    const queueIdle = async () =>
      (await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized')))).every((c) =>
        Object.values(c).every((n) => n === 0),
      );
    /** Nothing left to do: no job running or waiting, the outbox relayed, no delivery open. */
    const quiet = async (): Promise<boolean> => {
      const ended = jobs.ended;
      if (jobs.running > 0 || !(await queueIdle())) return false;
      const [row] = await meter.query<{ busy: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM outbox WHERE relayed_at IS NULL)
             OR EXISTS (SELECT 1 FROM notification_deliveries WHERE status IN ('pending', 'failed')) AS busy`,
      );
      return !row.busy && jobs.running === 0 && jobs.ended === ended && (await queueIdle());
    };
    const until = async (what: string, check: () => Promise<boolean>) => {
      const deadline = Date.now() + DEADLINE_MS;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`${what}: not done within ${DEADLINE_MS} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const statusOf = async (id: string) =>
      (await meter.query<{ status: string }>(`SELECT status FROM requests WHERE id = $1`, [id]))[0]?.status;
    const ok = (res: { status: number; body: unknown }, what: string) => {
      if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; version: number };
    };

    const readings: Record<string, WorkReading> = {};
    const times: Record<string, number[]> = {};
    /** Runs `op` on each item one at a time, each to its last effect, between two readings. */
    const traces: Record<string, string[]> = {};
    const phase = async <T>(name: string, items: T[], op: (item: T, i: number) => Promise<void>) => {
      readings[`${name}.before`] = await meter.read();
      times[name] = [];
      for (let i = 0; i < items.length; i++) {
        const t0 = performance.now();
        // The statements of the last operation of each phase, in order, for BENCH_COST_TRACE.
        if (TRACE && i === items.length - 1) traceStatements((traces[name] = []));
        await op(items[i], i);
        traceStatements(null);
        times[name].push(performance.now() - t0);
      }
      readings[`${name}.after`] = await meter.read();
    };

    // The API alone: the idle background, then intake.
    const idleApi = await meter.measureIdle(5_000);
    const intakeIds: string[] = [];
    await phase('intake', Array.from({ length: N_INTAKE }), async (_, i) => {
      intakeIds.push(ok(await dea.post('/api/requests', newRequestBody({ title: `Cost intake ${i}` })), 'intake').id);
    });

    // The worker starts and works off that backlog (its start-up work is not counted).
    const worker = await sys.startWorker();
    jobs = trackJobs(worker);
    await until('backlog', async () => {
      const [{ n }] = await meter.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM requests WHERE id = ANY($1) AND status = 'registered'`,
        [intakeIds],
      );
      return n === intakeIds.length && (await quiet());
    });

    // A burst: BURST_CONNECTIONS liaisons' calls at once, registered and announced while more arrive (the relay
    // and the workers take them in batches).
    readings['burst.before'] = await meter.read();
    const t0 = performance.now();
    const burstIds: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: BURST_CONNECTIONS }, async () => {
        while (next < N_BURST) {
          const i = next++;
          burstIds.push(ok(await dea.post('/api/requests', newRequestBody({ title: `Cost burst ${i}` })), 'burst').id);
        }
      }),
    );
    await until('burst', async () => {
      const [{ n }] = await meter.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM requests WHERE id = ANY($1) AND status = 'registered'`,
        [burstIds],
      );
      return n === burstIds.length && (await quiet());
    });
    const burstSeconds = (performance.now() - t0) / 1000;
    readings['burst.after'] = await meter.read();

    const ids: string[] = [];
    await phase('pipeline', Array.from({ length: N }), async (_, i) => {
      const id = ok(await dea.post('/api/requests', newRequestBody({ title: `Cost pipeline ${i}` })), 'submit').id;
      ids.push(id);
      await until('registration', async () => (await statusOf(id)) === 'registered' && (await quiet()));
    });
    await phase('claim', ids, async (id) => {
      ok(await hub.post(`/api/requests/${id}/actions/claim`, { version: 2 }), 'claim');
      await until('claim', quiet);
    });
    await phase('route', ids, async (id) => {
      ok(
        await hub.post(`/api/requests/${id}/actions/route`, { version: 3, reason: 'Benchmark plan.', ...PLAN }),
        'route',
      );
      await until('fan-out', async () => {
        const [{ n }] = await meter.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM assignments WHERE request_id = $1`,
          [id],
        );
        return n === 3 && (await quiet());
      });
    });
    const leads = await meter.query<{ id: string; version: number }>(
      `SELECT id, version FROM assignments WHERE request_id = ANY($1) AND role = 'lead' ORDER BY created_at`,
      [ids],
    );
    await phase('accept', leads, async (a) => {
      a.version = ok(
        await fgr.post(`/api/assignments/${a.id}/actions/accept`, { version: a.version }),
        'accept',
      ).version;
      await until('accept', quiet);
    });
    await phase('answer', leads, async (a) => {
      ok(
        await fgr.post(`/api/assignments/${a.id}/actions/respond`, {
          version: a.version,
          reason: 'FGR answers in full.',
        }),
        'respond',
      );
      await until('answer', quiet);
    });
    const idleWorker = await meter.measureIdle(10_000);

    const per = (name: string, n: number, idle: IdleRate): WorkPerOp =>
      WorkMeter.perOp(readings[`${name}.before`], readings[`${name}.after`], n, idle);
    const ms = (name: string) => ({ p50: Math.round(pct(times[name], 50)), p99: Math.round(pct(times[name], 99)) });
    const intake = per('intake', N_INTAKE, idleApi);
    const burst = per('burst', N_BURST, idleWorker);
    const ops = {
      intake: { ...intake, ms: ms('intake') },
      burst: { ...burst, requestsPerSecond: +(N_BURST / burstSeconds).toFixed(1) },
      submitToRegistered: { ...per('pipeline', N, idleWorker), ms: ms('pipeline') },
      claim: { ...per('claim', N, idleWorker), ms: ms('claim') },
      routeToAllDelivered: { ...per('route', N, idleWorker), ms: ms('route') },
      accept: { ...per('accept', N, idleWorker), ms: ms('accept') },
      answer: { ...per('answer', N, idleWorker), ms: ms('answer') },
    };
    const [{ n: notices }] = await meter.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE n.request_id = $1`,
      [ids[0]],
    );
    const result = {
      machine: { cpus: cpus().length, node: process.version },
      queue: 'redis',
      requests: { intake: N_INTAKE, oneAtATime: N, burst: N_BURST },
      idle: { api: idleApi, worker: idleWorker },
      outboundDeliveriesPerRequest: notices,
      ops,
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/cost.json', JSON.stringify(result, null, 2));
    const row = (label: string, w: WorkPerOp, time: string) =>
      `| ${label} | ${w.transactions} | ${w.statements} | ${time} |`;
    const t = (x: { p50: number; p99: number }) => `p50 ${x.p50} ms, p99 ${x.p99} ms`;
    const md = [
      `# Work per operation (${result.queue} queue, ${result.machine.cpus} cores, Node ${result.machine.node})`,
      '',
      `Each operation carried to its last effect; every agency has an e-mail contact and a webhook (a request's notices`,
      `made ${notices} outbound deliveries by the time it was answered). Transactions: pg_stat_database.xact_commit`,
      `deltas of the benchmark database; statements: the application's pools.`,
      '',
      '| operation | transactions | statements | time (one at a time, to the last effect) |',
      '|---|---|---|---|',
      row('intake: POST /api/requests (API alone)', ops.intake, t(ops.intake.ms)),
      row('submit → registered, every notice delivered', ops.submitToRegistered, t(ops.submitToRegistered.ms)),
      row(
        `the same for a burst of ${N_BURST} (${BURST_CONNECTIONS} at once), per request`,
        ops.burst,
        `${ops.burst.requestsPerSecond} requests/s registered and announced`,
      ),
      row('claim → notices delivered', ops.claim, t(ops.claim.ms)),
      row('route → every assignment and notice delivered', ops.routeToAllDelivered, t(ops.routeToAllDelivered.ms)),
      row("the lead's accept → notices delivered", ops.accept, t(ops.accept.ms)),
      row("an assignment answer (the lead's respond) → notices delivered", ops.answer, t(ops.answer.ms)),
      '',
      `Idle background subtracted: API alone ${idleApi.transactionsPerSecond.toFixed(2)} tx/s, with the worker ${idleWorker.transactionsPerSecond.toFixed(2)} tx/s and ${idleWorker.statementsPerSecond.toFixed(2)} statements/s.`,
    ].join('\n');
    writeFileSync('bench/results/cost.md', md + '\n');
    if (TRACE)
      writeFileSync(
        'bench/results/cost-trace.md',
        Object.entries(traces)
          .map(([name, lines]) => [`## ${name}`, '', '```', ...lines, '```', ''].join('\n'))
          .join('\n'),
      );
    console.log(md);
    console.log(JSON.stringify(ops));
  } catch (err) {
    console.error('cost benchmark failed:', err);
    process.exitCode = 1;
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    await meter.close();
    await sys.close();
    await receiver.close();
  }
}

await main();
