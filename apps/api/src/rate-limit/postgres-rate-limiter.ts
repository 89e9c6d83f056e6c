/** Runs one statement and answers its rows. */
export type RunStatement = (sql: string, values: unknown[]) => Promise<unknown[]>;

/** A budget of calls per window for one key (`<prefix>:rl:<name>:<who>`). */
export interface Budget {
  key: string;
  points: number;
}

/**
 * Fixed-window counters in the `rate_limits` table (`expire` in milliseconds since the epoch), every budget of
 * a call counted in ONE statement: an upsert of all its keys that starts a new window where the old one has
 * ended. The row lock of the upsert makes concurrent calls, from any process, count one after another, so
 * exactly `points` calls of a window pass. Keys are locked in sorted order, so two calls never deadlock.
 */
export class PostgresRateLimiter {
  constructor(
    private readonly run: RunStatement,
    private readonly table: string,
    private readonly windowMs = 60_000,
  ) {
    if (!/^\w+$/.test(table)) throw new Error(`not a table name: ${table}`);
  }

  /** Counts this call against every budget; null when it is within all of them, else the ms until it may retry. */
  async consume(budgets: Budget[]): Promise<number | null> {
    const byKey = new Map(budgets.map((b) => [b.key, b.points]));
    if (byKey.size === 0) return null;
    const keys = [...byKey.keys()].sort();
    const rows = (await this.run(
      `WITH clock AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms)
       INSERT INTO ${this.table} AS l (key, points, expire)
       SELECT k.key, 1, clock.ms + $2 FROM unnest($1::text[]) WITH ORDINALITY k(key, n), clock ORDER BY k.n
       ON CONFLICT (key) DO UPDATE
         SET points = CASE WHEN coalesce(l.expire, 0) <= excluded.expire - $2 THEN 1 ELSE l.points + 1 END,
             expire = CASE WHEN coalesce(l.expire, 0) <= excluded.expire - $2 THEN excluded.expire ELSE l.expire END
       RETURNING l.key, l.points, greatest(l.expire - (SELECT ms FROM clock), 0) AS ms_left`,
      [keys, this.windowMs],
    )) as Array<{ key: string; points: number; ms_left: string }>;
    let wait: number | null = null;
    for (const row of rows) {
      if (row.points > (byKey.get(row.key) ?? Infinity)) wait = Math.max(wait ?? 0, Number(row.ms_left));
    }
    return wait;
  }
}
