import pg from 'pg';

/** The p-th percentile of `xs` (nearest rank); 0 for no samples. */
export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : 0;
}

/** Polls `check` every 50 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * PostgreSQL flushes a backend's counters to pg_stat_database within 10 s of it going idle (PGSTAT_IDLE_INTERVAL
 * in PostgreSQL 15+): reading sooner misses commits still pending in some backend.
 */
const STATS_SETTLE_MS = Number(process.env.BENCH_STATS_SETTLE_MS ?? 11_000);

/** Statements and client-side commits sent by the application's pools (libs/database/src/statement-counter.ts). */
export interface PoolWork {
  statements: number;
  commits: number;
}

/**
 * Where the meter reads the pools' counts: this process's own counter (the application runs in the benchmark's
 * process), or a read of the `ventanilla_database_*_sent` gauges of separate processes (`processWork`).
 */
export type PoolCounter = PoolWork | { read(): Promise<PoolWork & { each: PoolWork[] }> };

/** The pools' counts summed over separate processes, each read from its own `/metrics` (`each`: in turn). */
export function processWork(processes: Array<{ databaseWork(): Promise<PoolWork> }>): {
  read(): Promise<PoolWork & { each: PoolWork[] }>;
} {
  return {
    async read() {
      const each = await Promise.all(processes.map((p) => p.databaseWork()));
      const sum = each.reduce((a, b) => ({ statements: a.statements + b.statements, commits: a.commits + b.commits }));
      return { ...sum, each };
    },
  };
}

/** A reading of the work counters: the database's commits, and what the application's pools sent. */
export interface WorkReading {
  /** pg_stat_database.xact_commit of the benchmark's database. */
  xactCommit: number;
  /** Statements and client-side commits of the application's pools (libs/database/src/statement-counter.ts). */
  statements: number;
  clientCommits: number;
  /**
   * Transactions the benchmark itself caused before this reading: its own queries, and the queries a `/metrics`
   * scrape of the processes runs (table sizes, outbox backlog, sealing lag), which commit too.
   */
  own: number;
  /** Statements and commits the readings' scrapes caused on the application's pools. */
  ownStatements: number;
  ownCommits: number;
  /** Separate processes: each one's counts, as read (`WorkMeter.perProcess` takes the scrapes out). */
  each: PoolWork[];
  at: number;
}

/** Work per operation between two readings, with the benchmark's own queries and the idle background taken out. */
export interface WorkPerOp {
  transactions: number;
  statements: number;
  /** Commits the pools counted on their side: a cross-check of `transactions`. */
  clientCommits: number;
}

/** What an idle system does on its own per second (pollers, timers). */
export interface IdleRate {
  transactionsPerSecond: number;
  statementsPerSecond: number;
  clientCommitsPerSecond: number;
  /** Separate processes: each one's statements and commits per second, in `processWork`'s order. */
  each?: PoolWork[];
}

/**
 * Counts the database work of an operation: `pg_stat_database.xact_commit` deltas for the benchmark's own
 * database (every transaction of every process, read-only ones included), and the statement counter on the
 * application's pools. The meter's own queries (polling for completion, reading the counters) go through a
 * connection of its own and are subtracted exactly; what the system does while idle (pollers) is measured
 * per phase and subtracted pro rata.
 */
export class WorkMeter {
  private own = 0;
  private ownStatements = 0;
  private ownCommits = 0;
  /** What one read of the pools' counts costs them (non-zero when it scrapes `/metrics`). */
  private readCost: PoolWork = { statements: 0, commits: 0 };
  private readCostEach: PoolWork[] = [];

  private constructor(
    private readonly client: pg.Client,
    private readonly pools: PoolCounter,
  ) {}

  static async open(url: string, pools: PoolCounter): Promise<WorkMeter> {
    const client = new pg.Client({ connectionString: url, application_name: 'ventanilla-bench-meter' });
    await client.connect();
    const meter = new WorkMeter(client, pools);
    if ('read' in pools) await meter.calibrate();
    return meter;
  }

  private async poolWork(): Promise<PoolWork & { each: PoolWork[] }> {
    return 'read' in this.pools ? await this.pools.read() : { ...this.pools, each: [] };
  }

  /**
   * A scrape of `/metrics` runs a few queries of its own: read the counts 21 times back to back on the idle
   * system and charge each later reading with the average, so that reading costs the operations nothing.
   */
  private async calibrate(reads = 20): Promise<void> {
    const first = await this.poolWork();
    let last = first;
    for (let i = 0; i < reads; i++) last = await this.poolWork();
    const cost = (a: PoolWork, b: PoolWork) => ({
      statements: (b.statements - a.statements) / reads,
      commits: (b.commits - a.commits) / reads,
    });
    this.readCost = cost(first, last);
    this.readCostEach = first.each.map((a, i) => cost(a, last.each[i]));
  }

  /** Statements and commits one reading of the pools' counts causes (0 for this process's own counter). */
  get costOfReading(): PoolWork {
    return { ...this.readCost };
  }

  /** A query of the benchmark's own (e.g. polling for completion), counted so that it can be subtracted. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.own += 1;
    return (await this.client.query(sql, params)).rows as T[];
  }

  /** Waits until every backend has flushed its counters, then reads them. */
  async read(): Promise<WorkReading> {
    await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
    const { statements, commits: clientCommits, each } = await this.poolWork();
    // Each interval between two readings holds one scrape's queries (this one's or the last one's).
    this.own += this.readCost.commits;
    this.ownCommits += this.readCost.commits;
    this.ownStatements += this.readCost.statements;
    const { own, ownStatements, ownCommits } = this;
    const [row] = await this.query<{ n: string }>(
      `SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`,
    );
    return {
      xactCommit: Number(row.n),
      statements,
      clientCommits,
      own,
      ownStatements,
      ownCommits,
      each,
      at: Date.now(),
    };
  }

  /** Measures the background (pollers, timers) over `ms` of an otherwise idle system. */
  async measureIdle(ms: number): Promise<IdleRate> {
    const a = await this.read();
    await new Promise((r) => setTimeout(r, ms));
    const b = await this.read();
    const seconds = (b.at - a.at) / 1000;
    const rate = (x: PoolWork, y: PoolWork, cost: PoolWork) => ({
      statements: (y.statements - x.statements - cost.statements) / seconds,
      commits: (y.commits - x.commits - cost.commits) / seconds,
    });
    return {
      each: a.each.map((x, i) => rate(x, b.each[i], this.readCostEach[i])),
      transactionsPerSecond: (b.xactCommit - a.xactCommit - (b.own - a.own)) / seconds,
      statementsPerSecond: (b.statements - a.statements - (b.ownStatements - a.ownStatements)) / seconds,
      clientCommitsPerSecond: (b.clientCommits - a.clientCommits - (b.ownCommits - a.ownCommits)) / seconds,
    };
  }

  /** The work per operation of `n` operations done between readings `a` and `b`, less the idle background. */
  static perOp(a: WorkReading, b: WorkReading, n: number, idle: IdleRate): WorkPerOp {
    const seconds = (b.at - a.at) / 1000;
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      transactions: round((b.xactCommit - a.xactCommit - (b.own - a.own) - idle.transactionsPerSecond * seconds) / n),
      statements: round(
        (b.statements - a.statements - (b.ownStatements - a.ownStatements) - idle.statementsPerSecond * seconds) / n,
      ),
      clientCommits: round(
        (b.clientCommits - a.clientCommits - (b.ownCommits - a.ownCommits) - idle.clientCommitsPerSecond * seconds) / n,
      ),
    };
  }

  /**
   * One separate process's own work per operation between readings `a` and `b` (`i`: its place in
   * `processWork`): its statements, and its transactions as its pools count them (client-side commits), less
   * what it does when idle (`idle`, from `measureIdle`).
   */
  perProcess(
    i: number,
    a: WorkReading,
    b: WorkReading,
    n: number,
    idle: IdleRate,
  ): { transactions: number; statements: number } {
    const cost = this.readCostEach[i] ?? { statements: 0, commits: 0 };
    const background = idle.each?.[i] ?? { statements: 0, commits: 0 };
    const seconds = (b.at - a.at) / 1000;
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      transactions: round((b.each[i].commits - a.each[i].commits - cost.commits - background.commits * seconds) / n),
      statements: round(
        (b.each[i].statements - a.each[i].statements - cost.statements - background.statements * seconds) / n,
      ),
    };
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/**
 * The environment of the API and worker processes the throughput benchmarks start: the pollers at their
 * production defaults (the fault drills run them every 100 ms to go faster).
 */
export const BENCH_PROCESS_ENV: Record<string, string> = { OUTBOX_POLL_MS: '500', AUDIT_SEAL_INTERVAL_MS: '500' };

/** Autovacuum's transactions count in pg_stat_database too: off for a benchmark's short run, so the figures are ours. */
export async function quietAutovacuum(query: (sql: string) => Promise<unknown>): Promise<void> {
  const tables = (await query(
    `SELECT quote_ident(relname) AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
  )) as Array<{ name: string }>;
  for (const { name } of tables)
    await query(`ALTER TABLE ${name} SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)`);
}
