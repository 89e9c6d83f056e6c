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

/** A reading of the work counters: the database's commits, and what this process's pools sent. */
export interface WorkReading {
  /** pg_stat_database.xact_commit of the benchmark's database. */
  xactCommit: number;
  /** Statements and client-side commits of the application's pools (libs/database/src/statement-counter.ts). */
  statements: number;
  clientCommits: number;
  /** Queries the benchmark itself sent on its own connection before this reading (they commit too). */
  own: number;
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

  private constructor(
    private readonly client: pg.Client,
    private readonly pools: { statements: number; commits: number },
  ) {}

  static async open(url: string, pools: { statements: number; commits: number }): Promise<WorkMeter> {
    const client = new pg.Client({ connectionString: url, application_name: 'ventanilla-bench-meter' });
    await client.connect();
    return new WorkMeter(client, pools);
  }

  /** A query of the benchmark's own (e.g. polling for completion), counted so that it can be subtracted. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.own += 1;
    return (await this.client.query(sql, params)).rows as T[];
  }

  /** Waits until every backend has flushed its counters, then reads them. */
  async read(): Promise<WorkReading> {
    await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
    const own = this.own;
    const statements = this.pools.statements;
    const clientCommits = this.pools.commits;
    const [row] = await this.query<{ n: string }>(
      `SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`,
    );
    return { xactCommit: Number(row.n), statements, clientCommits, own, at: Date.now() };
  }

  /** Measures the background (pollers, timers) over `ms` of an otherwise idle system. */
  async measureIdle(ms: number): Promise<IdleRate> {
    const a = await this.read();
    await new Promise((r) => setTimeout(r, ms));
    const b = await this.read();
    const seconds = (b.at - a.at) / 1000;
    return {
      transactionsPerSecond: (b.xactCommit - a.xactCommit - (b.own - a.own)) / seconds,
      statementsPerSecond: (b.statements - a.statements) / seconds,
      clientCommitsPerSecond: (b.clientCommits - a.clientCommits) / seconds,
    };
  }

  /** The work per operation of `n` operations done between readings `a` and `b`, less the idle background. */
  static perOp(a: WorkReading, b: WorkReading, n: number, idle: IdleRate): WorkPerOp {
    const seconds = (b.at - a.at) / 1000;
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      transactions: round((b.xactCommit - a.xactCommit - (b.own - a.own) - idle.transactionsPerSecond * seconds) / n),
      statements: round((b.statements - a.statements - idle.statementsPerSecond * seconds) / n),
      clientCommits: round((b.clientCommits - a.clientCommits - idle.clientCommitsPerSecond * seconds) / n),
    };
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
