import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { databaseWork } from '@ventanilla/database/statement-counter.js';
import { fold } from '@ventanilla/domain/search-query.js';
import type { Role } from '@ventanilla/domain/roles.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem } from '@ventanilla/testing/test-system.js';
import type { ListRequestsQuery } from '../apps/api/src/requests/requests.dto.js';
import { SearchEngine } from '../apps/api/src/search/search-engine.js';
import { pct } from './bench-support.js';
import { seedMillionRequests } from './million-requests.js';
import { FIRST_NAMES, PLACES, RARE_WORD, SURNAMES } from './searchable-text.js';

/**
 * Search at a million requests (bench/million-requests.ts with text: Spanish and English titles and summaries,
 * one to three subjects each, places, and the lead agency's answer on every answered assignment — about 1.7
 * million searchable entries). For a name, a mistyped name, a rare word, a common word, a place, a phrase and a
 * folio prefix, as the hub and as two agencies (FGR-INT, the lead on most requests, and SSPC-SIIP, which sees a
 * few thousand): p50/p99 over HTTP from a signed-in user, next to a bare-`pg` baseline running the same
 * statements (search-engine.ts) and reading the same rows without HTTP, session or view mapping. Then the index
 * sizes, the statements and transactions per search, and the write overhead on intake: POST /api/requests with
 * the search trigger on and off, alternately, and the same for a bare INSERT. Writes bench/results/search.{json,md}.
 */
const TOTAL = Number(process.env.BENCH_SEARCH_REQUESTS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const INTAKE_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const INTAKE_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const INSERTS = Number(process.env.BENCH_SEARCH_INSERTS ?? 2000);
/** Runs with the search trigger on and off, in pairs: on/off, off/on, on/off… so that a drift of the machine cancels out. */
/** BENCH_SEARCH_QUERIES=0 measures only the sizes and the intake overhead (on a data set left by BENCH_SEARCH_DATABASE). */
const QUERIES = process.env.BENCH_SEARCH_QUERIES !== '0';
const PAIRS = Number(process.env.BENCH_SEARCH_PAIRS ?? 3);

/** The trigger's states for `pairs` pairs, each pair in the other order than the one before (ABBA). */
const abba = (pairs: number): boolean[] =>
  Array.from({ length: pairs }, (_, k) => (k % 2 === 0 ? [true, false] : [false, true])).flat();

/** The median over pairs of (cost with the trigger / cost without − 1): runs taken in pairs from abba(). */
function pairedOverhead(runs: Array<{ on: boolean; cost: number }>): number {
  const ratios: number[] = [];
  for (let i = 0; i + 1 < runs.length; i += 2) {
    const [a, b] = [runs[i], runs[i + 1]];
    const [on, off] = a.on ? [a, b] : [b, a];
    ratios.push(on.cost / off.cost - 1);
  }
  return pct(ratios, 50);
}

interface Case {
  name: string;
  /** One query per sample, taken in turn (different names, different folio prefixes…). */
  queries: string[];
  sort?: 'newest';
}

/** A full name of the data set, as a user types it (no accents), and the same with one letter wrong. */
const nameAt = (k: number) => fold(`${FIRST_NAMES[k % 40]} ${SURNAMES[(k * 7) % 60]} ${SURNAMES[(k * 13 + 5) % 60]}`);
const mistype = (name: string) => {
  const words = name.split(' ');
  const w = words[1];
  words[1] = w.slice(0, 2) + w[3] + w[2] + w.slice(4); // two neighbouring letters swapped
  return words.join(' ');
};

const CASES: Case[] = [
  { name: 'name (first and two surnames)', queries: Array.from({ length: 20 }, (_, k) => nameAt(k * 3 + 1)) },
  {
    name: 'mistyped name (two letters swapped)',
    queries: Array.from({ length: 20 }, (_, k) => mistype(nameAt(k * 3 + 1))),
  },
  { name: `rare word (${fold(RARE_WORD)}, 1 request in 20,000)`, queries: [fold(RARE_WORD)] },
  { name: 'common word (informacion, ~30 % of requests)', queries: ['informacion'] },
  {
    name: 'common word, newest first',
    queries: ['informacion'],
    sort: 'newest',
  },
  { name: 'place (1 in 30)', queries: PLACES.slice(0, 20).map(fold) },
  { name: 'phrase ("lavado de dinero", ~15 %)', queries: ['"lavado de dinero"'] },
  {
    name: 'folio prefix (100 requests each)',
    queries: Array.from({ length: 20 }, (_, k) => `SRE-BENCH-00${120 + k}`),
  },
];

interface Measure {
  p50: number;
  p99: number;
  max: number;
}

async function sample(queries: string[], fn: (q: string) => Promise<void>): Promise<Measure> {
  for (let i = 0; i < 5; i++) await fn(queries[i % queries.length]);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await fn(queries[i % queries.length]);
    times.push(performance.now() - t0);
  }
  return { p50: pct(times, 50), p99: pct(times, 99), max: Math.max(...times) };
}

async function main(): Promise<void> {
  // BENCH_SEARCH_DATABASE names the database an interrupted run left (printed below) to measure it again unseeded.
  const existing = process.env.BENCH_SEARCH_DATABASE;
  const sys = await startTestSystem({
    existingDatabase: existing,
    worker: false,
    env: { QUEUE_PG_POOL_MAX: process.env.QUEUE_PG_POOL_MAX ?? '4' },
  });
  const pool = new pg.Pool({ connectionString: sys.db.url, max: INTAKE_CONNECTIONS, options: '-c jit=off' });
  try {
    const users = await sys.db.dataSource.query<
      Array<{ email: string; id: string; role: Role; agency: string | null }>
    >(
      `SELECT email, id, role, agency FROM users
        WHERE email IN ('liaison.dea@demo.test', 'hub@demo.test', 'hub2@demo.test', 'fgr@demo.test', 'sspc@demo.test')`,
    );
    const user = (email: string) => users.find((u) => u.email === email)!;
    const seedClient = await pool.connect();
    let seedSeconds = 0;
    try {
      if (!existing)
        seedSeconds = await seedMillionRequests(seedClient, {
          total: TOTAL,
          creatorId: user('liaison.dea@demo.test').id,
          claimers: [user('hub@demo.test').id, user('hub2@demo.test').id],
          text: true,
        });
      if (!existing) console.log(`data set in database ${sys.db.name}`);
      await seedClient.query('VACUUM ANALYZE search_entries');
      await seedClient.query('VACUUM ANALYZE search_name_words');
    } finally {
      seedClient.release();
    }
    const [counts] = await sys.db.dataSource.query<Array<{ requests: number; entries: number; words: number }>>(
      `SELECT (SELECT count(*) FROM requests)::int AS requests, (SELECT count(*) FROM search_entries)::int AS entries,
              (SELECT count(*) FROM search_name_words)::int AS words`,
    );
    console.log(
      `${counts.requests} requests, ${counts.entries} searchable entries, ${counts.words} name words (seeded in ${seedSeconds.toFixed(0)} s)`,
    );

    const roles = [
      { label: 'hub', email: 'hub@demo.test' },
      { label: 'FGR-INT', email: 'fgr@demo.test' },
      { label: 'SSPC-SIIP', email: 'sspc@demo.test' },
    ];
    const engine = new SearchEngine(async (sql, values) => (await pool.query(sql, values)).rows as unknown[]);
    const rows: Array<{
      case: string;
      role: string;
      items: number;
      api: Measure;
      barePg: Measure;
      statementsPerSearch: number;
      transactionsPerSearch: number;
    }> = [];
    for (const role of QUERIES ? roles : []) {
      const client = await ApiClient.login(sys.baseUrl, role.email, DEMO_PASSWORD);
      const viewer = user(role.email);
      for (const c of CASES) {
        const path = (q: string) => `/api/requests?q=${encodeURIComponent(q)}${c.sort ? `&sort=${c.sort}` : ''}`;
        const probe = await client.get(path(c.queries[0]));
        if (probe.status !== 200)
          throw new Error(`${path(c.queries[0])}: ${probe.status} ${JSON.stringify(probe.body)}`);
        const before = { ...databaseWork };
        const api = await sample(c.queries, async (q) => {
          const r = await client.get(path(q));
          if (r.status !== 200) throw new Error(`${path(q)}: ${r.status}`);
        });
        const calls = SAMPLES + 5;
        const statementsPerSearch = (databaseWork.statements - before.statements) / calls;
        const transactionsPerSearch = (databaseWork.commits - before.commits) / calls;
        const barePg = await sample(c.queries, async (q) => {
          const query = { q, ...(c.sort ? { sort: c.sort } : {}) } as ListRequestsQuery;
          // The page's rows of `requests` come with it, in the same statement.
          await engine.search(viewer, query);
        });
        rows.push({
          case: c.name,
          role: role.label,
          items: (probe.body.items as unknown[]).length,
          api,
          barePg,
          statementsPerSearch,
          transactionsPerSearch,
        });
        console.log(
          `${role.label} · ${c.name}: ${(probe.body.items as unknown[]).length} items; API p50 ${api.p50.toFixed(1)} p99 ${api.p99.toFixed(1)} ms; ` +
            `bare pg p50 ${barePg.p50.toFixed(1)} p99 ${barePg.p99.toFixed(1)} ms; ${statementsPerSearch.toFixed(1)} statements`,
        );
      }
    }

    const sizes = await sys.db.dataSource.query<Array<{ name: string; bytes: string }>>(
      `SELECT c.relname AS name, pg_relation_size(c.oid)::bigint AS bytes FROM pg_class c
        WHERE c.relname IN ('search_entries', 'search_entries_tsv_idx', 'search_entries_newest_idx', 'PK_search_entries',
                            'search_name_words', 'search_name_words_trgm_idx', 'PK_search_name_words',
                            'requests_folio_prefix_idx', 'attachment_texts', 'requests')
        ORDER BY c.relname`,
    );

    // Write overhead on intake: the same POST with the search trigger on and off, in turns, on this database.
    const [{ now: intakeStart }] = await sys.db.dataSource.query<Array<{ now: Date }>>('SELECT now()');
    const dea = await ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD);
    const body = JSON.stringify(
      newRequestBody({
        language: 'es',
        title: 'Envíos de fentanilo — Joaquín Beltrán Ochoa',
        summary:
          'Se presume que Joaquín Beltrán Ochoa coordina envíos de fentanilo y precursores químicos desde Culiacán. ' +
          'Favor de proporcionar información sobre domicilio actual, antecedentes penales y personas asociadas.',
        subjects: [
          { kind: 'person', name: 'Joaquín Beltrán Ochoa', nationality: 'MX' },
          { kind: 'organization', name: 'Transportes Zúñiga S.A. de C.V.' },
        ],
        locations: ['Culiacán, Sinaloa'],
      }),
    );
    const trigger = (on: boolean) =>
      sys.db.dataSource.query(`ALTER TABLE requests ${on ? 'ENABLE' : 'DISABLE'} TRIGGER search_index_request_ins`);
    const post = async (seconds: number) =>
      autocannon({
        url: `${sys.baseUrl}/api/requests`,
        method: 'POST',
        connections: INTAKE_CONNECTIONS,
        duration: seconds,
        headers: { 'content-type': 'application/json', cookie: dea.cookieHeader(), 'x-csrf-token': dea.csrf ?? '' },
        body,
      });
    // A first run warms the API, the pools and PostgreSQL's caches; it is not counted (it ran 30 % slower).
    await trigger(true);
    const warm = await post(Math.max(2, INTAKE_SECONDS / 2));
    console.log(`intake warm-up: ${warm.requests.average.toFixed(0)} req/s (not counted)`);
    const intake: Array<{ trigger: boolean; requestsPerSecond: number; p50: number; p99: number; errors: number }> = [];
    for (const on of abba(PAIRS)) {
      await trigger(on);
      const r = await post(INTAKE_SECONDS);
      intake.push({
        trigger: on,
        requestsPerSecond: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.non2xx + r.errors,
      });
      console.log(
        `intake, trigger ${on ? 'on' : 'off'}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms`,
      );
    }
    const intakeOverhead = pairedOverhead(intake.map((i) => ({ on: i.trigger, cost: 1 / i.requestsPerSecond })));

    // The same at the database alone: one INSERT at a time, trigger on and off, in turns.
    const insert = async (n: number): Promise<number> => {
      const c = await pool.connect();
      try {
        const t0 = performance.now();
        for (let i = 0; i < n; i++) {
          await c.query(
            `INSERT INTO requests (status, type, topics, priority, title, summary, language, classification, handling_code,
                                   requesting_agency, created_by, submitted_at, subjects, locations)
             VALUES ('submitted', 'information', '{firearms}', 'P3', $2, $3, 'es', 'SBU', 'H1', 'DEA', $1, now(), $4, $5)`,
            [
              user('liaison.dea@demo.test').id,
              `Envíos de fentanilo — ${nameAt(i)}`,
              `Se presume que ${nameAt(i)} coordina envíos de fentanilo desde Culiacán; referencia ${i}.`,
              JSON.stringify([{ kind: 'person', name: nameAt(i), nationality: 'MX' }]),
              ['Culiacán, Sinaloa'],
            ],
          );
        }
        return ((performance.now() - t0) * 1000) / n;
      } finally {
        c.release();
      }
    };
    await insert(Math.ceil(INSERTS / 10)); // warm-up, not counted
    const inserts: Array<{ trigger: boolean; microsecondsPerInsert: number }> = [];
    for (const on of abba(PAIRS)) {
      await trigger(on);
      inserts.push({ trigger: on, microsecondsPerInsert: await insert(INSERTS) });
    }
    await trigger(true);
    // The requests written here are newest of all and alike: left in place, they would sit on top of every
    // newest-first search of a later run on this data set (BENCH_SEARCH_DATABASE). Unregistered (no worker, no
    // folio), they are told apart from the data set's by that; nothing references a request by foreign key.
    await sys.db.dataSource.query(
      `WITH gone AS (DELETE FROM requests WHERE created_at >= $1 AND folio IS NULL RETURNING id)
       DELETE FROM search_entries WHERE request_id IN (SELECT id FROM gone)`,
      [intakeStart],
    );
    const insertMean = (on: boolean) => {
      const xs = inserts.filter((i) => i.trigger === on).map((i) => i.microsecondsPerInsert);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };

    const result = {
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      requestsInDatabase: counts.requests,
      searchEntries: counts.entries,
      nameWords: counts.words,
      seedSeconds,
      samplesPerCase: SAMPLES,
      cases: rows,
      sizes: sizes.map((s) => ({ name: s.name, megabytes: Number(s.bytes) / 1024 / 1024 })),
      intake: { runs: intake, overhead: intakeOverhead, warmUpRequestsPerSecond: warm.requests.average },
      inserts: {
        runs: inserts,
        microsecondsWithTrigger: insertMean(true),
        microsecondsWithout: insertMean(false),
      },
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/search.json', JSON.stringify(result, null, 2));
    const ms = (x: number) => x.toFixed(1);
    const md = [
      `# Search, ${counts.requests.toLocaleString('en-US')} requests, ${counts.entries.toLocaleString('en-US')} searchable entries (${result.machine.cpus} cores, Node ${result.machine.node})`,
      '',
      `Each case ${SAMPLES} times in turn after 5 warm-up calls, first page (50) in relevance order unless said; bare pg runs the same statements and reads the same rows.`,
      '',
      '| case | as | items | API p50 / p99 (ms) | bare pg p50 / p99 (ms) | statements / transactions per search (API) |',
      '|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.case} | ${r.role} | ${r.items} | ${ms(r.api.p50)} / ${ms(r.api.p99)} | ${ms(r.barePg.p50)} / ${ms(r.barePg.p99)} | ${r.statementsPerSearch.toFixed(1)} / ${r.transactionsPerSearch.toFixed(1)} |`,
      ),
      '',
      '| relation | MB |',
      '|---|---|',
      ...result.sizes.map((s) => `| ${s.name} | ${s.megabytes.toFixed(1)} |`),
      '',
      `Intake (POST /api/requests, ${INTAKE_CONNECTIONS} connections, ${INTAKE_SECONDS} s per run after a warm-up run, ` +
        `trigger on and off in ${PAIRS} pairs, each pair in the other order than the one before): ` +
        intake.map((i) => `${i.trigger ? 'on' : 'off'} ${i.requestsPerSecond.toFixed(0)} req/s`).join(', ') +
        `; overhead (median of the pairs' ratios) ${(intakeOverhead * 100).toFixed(1)} %.`,
      `Bare INSERT of a request, one at a time: ${ms(insertMean(true))} µs with the trigger, ${ms(insertMean(false))} µs without ` +
        `(+${ms(insertMean(true) - insertMean(false))} µs). The trigger adds no statement and no transaction: it runs inside the INSERT.`,
    ].join('\n');
    writeFileSync('bench/results/search.md', md + '\n');
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
