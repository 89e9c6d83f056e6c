import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem } from '@ventanilla/testing/test-system.js';
import { DUE_KEY, QUEUE_COUNTS_SQL, QUEUE_SQL } from '../apps/api/src/requests/request-queues.sql.js';
import { REQUEST_QUEUES, type RequestQueue } from '../apps/api/src/requests/requests.dto.js';
import { pct } from './bench-support.js';
import { seedMillionRequests } from './million-requests.js';

/**
 * Hub queue listing with a million requests in the database: the hub's first page of every queue, the
 * counts the queue screen shows, the unfiltered newest-first list and a second page by cursor, each called
 * in turn over HTTP from a logged-in coordinator (p50/p99), then a few connections at once on the busiest
 * queue. The baseline runs the same SQL with the bare `pg` driver (the rows the API reads, without HTTP,
 * session, scoping in TypeORM or the view mapping). Writes bench/results/queue-listing.{json,md}.
 * The data (bench/million-requests.ts) is about three years of traffic, all but the last weeks finished.
 */
const TOTAL = Number(process.env.BENCH_LISTING_REQUESTS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 60);
const CONNECTIONS = Number(process.env.BENCH_LISTING_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface Case {
  name: string;
  path: string;
  /** The SQL the API runs for it, `$1` the caller unless `params` says otherwise. */
  sql: string;
  params?: unknown[];
}

async function sample(fn: () => Promise<void>): Promise<{ p50: number; p99: number; max: number }> {
  for (let i = 0; i < 5; i++) await fn(); // warm caches and the plan cache
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return { p50: pct(times, 50), p99: pct(times, 99), max: Math.max(...times) };
}

async function main(): Promise<void> {
  const sys = await startTestSystem({
    worker: false,
    env: { QUEUE_PG_POOL_MAX: process.env.QUEUE_PG_POOL_MAX ?? '4' },
  });
  const pool = new pg.Pool({ connectionString: sys.db.url, max: CONNECTIONS, options: '-c jit=off' });
  try {
    const users = await sys.db.dataSource.query<Array<{ email: string; id: string }>>(
      `SELECT email, id FROM users WHERE email IN ('liaison.dea@demo.test', 'hub@demo.test', 'hub2@demo.test')`,
    );
    const idOf = (email: string) => users.find((u) => u.email === email)!.id;
    const seedClient = await pool.connect();
    let seedSeconds: number;
    try {
      seedSeconds = await seedMillionRequests(seedClient, {
        total: TOTAL,
        creatorId: idOf('liaison.dea@demo.test'),
        claimers: [idOf('hub@demo.test'), idOf('hub2@demo.test')],
      });
    } finally {
      seedClient.release();
    }
    const [{ n: inDb }] = await sys.db.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM requests`,
    );
    console.log(`${inDb} requests in the database (seeded in ${seedSeconds.toFixed(0)} s)`);

    const hub = await ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD);
    const hubId = idOf('hub@demo.test');
    const page = (where: string) =>
      `SELECT r.* FROM requests r WHERE r.status <> 'draft' AND (${where.replace('$me', '$1')})
       ORDER BY ${DUE_KEY} ASC, r.id ASC LIMIT 51`;
    const cases: Case[] = [
      ...REQUEST_QUEUES.map((q: RequestQueue) => ({
        name: `queue=${q}`,
        path: `/api/requests?queue=${q}`,
        sql: page(QUEUE_SQL[q]),
      })),
      {
        name: 'queue counts',
        path: '/api/requests/queues',
        sql: QUEUE_COUNTS_SQL,
      },
      {
        name: 'all, newest first',
        path: '/api/requests',
        sql: `SELECT r.* FROM requests r WHERE r.status <> 'draft'
              ORDER BY r.created_at DESC, r.id DESC LIMIT 51`,
      },
    ];
    // The second page of the busiest queue, by its cursor.
    const first = await hub.get('/api/requests?queue=routed');
    const firstPage = first.body as { nextCursor: string; items: Array<{ id: string; nextDueAt: string | null }> };
    const cursor = firstPage.nextCursor;
    const lastOfFirst = firstPage.items[firstPage.items.length - 1];
    cases.push({
      name: 'queue=routed, page 2',
      path: `/api/requests?queue=routed&cursor=${encodeURIComponent(cursor)}`,
      sql: `SELECT r.* FROM requests r WHERE r.status <> 'draft' AND (${QUEUE_SQL.routed})
              AND (${DUE_KEY}, r.id) > ($1, $2) ORDER BY ${DUE_KEY} ASC, r.id ASC LIMIT 51`,
      params: [lastOfFirst.nextDueAt ?? '9999-12-31T00:00:00.000Z', lastOfFirst.id],
    });

    const rows: Array<{
      name: string;
      items: number;
      api: Awaited<ReturnType<typeof sample>>;
      barePg: Awaited<ReturnType<typeof sample>>;
      ratio: number;
    }> = [];
    for (const c of cases) {
      const probe = await hub.get(c.path);
      if (probe.status !== 200) throw new Error(`${c.path}: ${probe.status} ${JSON.stringify(probe.body)}`);
      const body = probe.body as { items?: unknown[]; queues?: Record<string, number> };
      const items = body.items?.length ?? Object.keys(body.queues ?? {}).length;
      const api = await sample(async () => {
        const r = await hub.get(c.path);
        if (r.status !== 200) throw new Error(`${c.path}: ${r.status}`);
      });
      const barePg = await sample(async () => {
        await pool.query(c.sql, c.params ?? (c.sql.includes('$1') ? [hubId] : []));
      });
      rows.push({ name: c.name, items, api, barePg, ratio: barePg.p50 / api.p50 });
      console.log(
        `${c.name}: ${items} items, API p50 ${api.p50.toFixed(1)} ms p99 ${api.p99.toFixed(1)} ms; bare pg p50 ${barePg.p50.toFixed(1)} ms`,
      );
    }

    // Several coordinators at once on the routed queue (the largest open one).
    const load = await autocannon({
      url: `${sys.baseUrl}/api/requests?queue=routed`,
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { cookie: hub.cookieHeader() },
    });
    let baselineCount = 0;
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < until) {
          await pool.query(page(QUEUE_SQL.routed));
          baselineCount++;
        }
      }),
    );
    const baselineRps = baselineCount / SECONDS;

    const result = {
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      requestsInDatabase: inDb,
      seedSeconds,
      samplesPerCase: SAMPLES,
      cases: rows,
      concurrent: {
        path: '/api/requests?queue=routed',
        connections: CONNECTIONS,
        seconds: SECONDS,
        requestsPerSecond: load.requests.average,
        latencyMs: { p50: load.latency.p50, p99: load.latency.p99 },
        non2xx: load.non2xx,
        errors: load.errors,
        baselineBarePg: { requestsPerSecond: baselineRps, ratioApiToBaseline: load.requests.average / baselineRps },
      },
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/queue-listing.json', JSON.stringify(result, null, 2));
    const ms = (x: number) => x.toFixed(1);
    const md = [
      `# Hub queue listing, ${inDb.toLocaleString('en-US')} requests (${result.machine.cpus} cores, Node ${result.machine.node})`,
      '',
      `Each call ${SAMPLES} times in turn from a logged-in hub coordinator after 5 warm-up calls; bare pg runs the same SQL.`,
      '',
      '| call | items | API p50 / p99 (ms) | bare pg p50 / p99 (ms) | bare pg p50 ÷ API p50 |',
      '|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.items} | ${ms(r.api.p50)} / ${ms(r.api.p99)} | ${ms(r.barePg.p50)} / ${ms(r.barePg.p99)} | ${r.ratio.toFixed(2)} |`,
      ),
      '',
      `${CONNECTIONS} connections for ${SECONDS} s on the routed queue: ${load.requests.average.toFixed(0)} req/s, p50 ${load.latency.p50} ms, ` +
        `p99 ${load.latency.p99} ms, non-2xx ${load.non2xx}; bare pg ${baselineRps.toFixed(0)} queries/s ` +
        `(API/baseline = ${result.concurrent.baselineBarePg.ratioApiToBaseline.toFixed(2)}).`,
    ].join('\n');
    writeFileSync('bench/results/queue-listing.md', md + '\n');
    console.log(md);
  } catch (err) {
    console.error('benchmark failed:', err);
    process.exitCode = 1;
  } finally {
    await pool.end();
    await sys.close();
  }
}

await main();
