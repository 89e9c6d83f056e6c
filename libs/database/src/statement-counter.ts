import pg from 'pg';

/**
 * What this process's database pools have sent since it started: every statement, and the commits among them
 * counted on the client side (each COMMIT, and each statement sent outside a transaction, which PostgreSQL
 * commits on its own). The benchmarks read it to report the work each operation costs; BEGIN and COMMIT count
 * as statements, as they cost a round trip each.
 */
export interface DatabaseWork {
  statements: number;
  commits: number;
}

export const databaseWork: DatabaseWork = { statements: 0, commits: 0 };

let trace: string[] | null = null;

/** Records the text of every statement sent from now on into `sink` (null stops): where a benchmark's work goes. */
export function traceStatements(sink: string[] | null): void {
  trace = sink;
}

const BEGIN = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const COMMIT = /^\s*(COMMIT|END)\b/i;
const ROLLBACK = /^\s*ROLLBACK\b(?!\s+TO\b)/i;

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;
const baseQuery = (pg.Client.prototype as unknown as { query: QueryFn }).query;

/** A pg client that tallies what it sends into `databaseWork`; the pools are given it as their `Client`. */
export class CountingClient extends pg.Client {
  private inTransaction = false;
}

(CountingClient.prototype as unknown as { query: QueryFn }).query = function countedQuery(
  this: pg.Client,
  ...args: unknown[]
): unknown {
  const self = this as unknown as { inTransaction: boolean };
  const first = args[0];
  const text = typeof first === 'string' ? first : ((first as { text?: unknown } | null)?.text ?? '');
  const sql = typeof text === 'string' ? text : '';
  databaseWork.statements += 1;
  if (trace) trace.push(`${self.inTransaction ? '  ' : ''}${sql.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
  if (BEGIN.test(sql)) self.inTransaction = true;
  else if (COMMIT.test(sql)) {
    self.inTransaction = false;
    databaseWork.commits += 1;
  } else if (ROLLBACK.test(sql)) self.inTransaction = false;
  else if (!self.inTransaction) databaseWork.commits += 1;
  return baseQuery.apply(this, args);
};
