import type { KeyObject } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { ChainVerifier, type ChainEntry, type ChainScope, type VerifyOutcome } from './audit-chain.js';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  checkpointLine,
  type ExportEventLine,
  type ExportFilters,
  type ExportLine,
} from './audit-export.js';
import { keyIdOf, type Checkpoint } from './audit-signing.js';
import { EVENT_COLUMNS, sealedEventFromRow, utcMicros } from './sealed-event.js';

/** Links read per round trip when walking the chain. */
const BATCH = 5000;

type Queryable = Pick<EntityManager, 'query'> | QueryRunner;

/**
 * Seconds since the oldest committed event that is not sealed yet was written; 0 when the sealer has
 * caught up. Exposed as `ventanilla_audit_sealing_lag_seconds`.
 */
export async function sealingLagSeconds(db: Queryable): Promise<number> {
  const [row] = (await db.query(
    `SELECT EXTRACT(EPOCH FROM clock_timestamp() - queued_at)::float8 AS lag
       FROM audit_unsealed ORDER BY position LIMIT 1`,
  )) as Array<{ lag: number }>;
  return row ? Math.max(0, row.lag) : 0;
}

/**
 * Runs `fn` in one read-only REPEATABLE READ transaction on a connection of its own: every query sees the
 * same snapshot, so an event the sealer moves from the queue into the chain meanwhile is seen in exactly one.
 */
export async function inSnapshot<T>(db: DataSource, fn: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      return await fn(runner);
    } finally {
      await runner.query('ROLLBACK');
    }
  } finally {
    await runner.release();
  }
}

interface CheckpointRow {
  seq: string;
  head_hash: string;
  signed_at: Date;
  key_id: string;
  signature: string;
}

const checkpointOfRow = (r: CheckpointRow): Checkpoint => ({
  seq: Number(r.seq),
  headHash: r.head_hash,
  signedAt: r.signed_at.toISOString(),
  keyId: r.key_id,
  signature: r.signature,
});

/** Checkpoints in sequence order, after `afterSeq`, within [fromSeq, toSeq] when given. */
export async function readCheckpoints(
  db: Queryable,
  opts: { afterSeq?: number; fromSeq?: number; toSeq?: number; limit?: number } = {},
): Promise<Checkpoint[]> {
  const rows = (await db.query(
    `SELECT seq, encode(head_hash, 'hex') AS head_hash, signed_at, key_id, encode(signature, 'base64') AS signature
       FROM audit_checkpoints
      WHERE seq > $1 AND seq >= $2 AND ($3::bigint IS NULL OR seq <= $3)
      ORDER BY seq LIMIT $4`,
    [opts.afterSeq ?? 0, opts.fromSeq ?? 0, opts.toSeq ?? null, opts.limit ?? null],
  )) as CheckpointRow[];
  return rows.map(checkpointOfRow);
}

export interface StoredLink extends ChainEntry {
  sealedAt: string;
}

/**
 * The chain in sequence order, batch by batch, each link with its event (null if the event is gone).
 * `requestId` restricts it to one request's events; `fromSeq`/`toSeq` to a segment.
 */
export async function* readChain(
  db: Queryable,
  opts: { fromSeq?: number; toSeq?: number; requestId?: string; from?: string; to?: string } = {},
): AsyncGenerator<StoredLink[]> {
  const select = `SELECT c.seq, c.event_id, encode(c.prev_hash, 'hex') AS prev_hash, encode(c.hash, 'hex') AS hash,
                         ${utcMicros('c.sealed_at')} AS sealed_at, ${EVENT_COLUMNS}`;
  const fetch = async (after: number) =>
    (opts.requestId
      ? await db.query(
          `${select} FROM audit_events e JOIN audit_chain c ON c.event_id = e.id
            WHERE e.request_id = $1 AND c.seq > $2
              AND ($3::timestamptz IS NULL OR e.occurred_at >= $3) AND ($4::timestamptz IS NULL OR e.occurred_at < $4)
            ORDER BY c.seq LIMIT $5`,
          [opts.requestId, after, opts.from ?? null, opts.to ?? null, BATCH],
        )
      : await db.query(
          `${select} FROM audit_chain c LEFT JOIN audit_events e ON e.id = c.event_id
            WHERE c.seq > $1 AND ($2::bigint IS NULL OR c.seq <= $2)
            ORDER BY c.seq LIMIT $3`,
          [after, opts.toSeq ?? null, BATCH],
        )) as Array<Record<string, unknown>>;
  let pending = fetch((opts.fromSeq ?? 1) - 1);
  let settled = false;
  try {
    for (;;) {
      const rows = await pending;
      const full = rows.length === BATCH;
      settled = !full;
      // Ask for the next batch before the caller hashes this one, so the database and Node work side by side.
      if (full) pending = fetch(Number(rows[rows.length - 1].seq));
      if (rows.length > 0) {
        yield rows.map((r) => ({
          seq: Number(r.seq),
          eventId: String(r.event_id),
          prevHash: String(r.prev_hash),
          hash: String(r.hash),
          sealedAt: String(r.sealed_at),
          event: sealedEventFromRow(r),
        }));
      }
      if (!full) return;
    }
  } finally {
    // The caller stopped early: let the prefetch finish before the connection is used for anything else.
    if (!settled) await pending.catch(() => undefined);
  }
}

export interface StoredChainVerdict extends VerifyOutcome {
  /** Events committed but not sealed yet (they are checked once sealed). */
  unsealed: number;
  verifiedAt: string;
}

/**
 * The in-database check: recomputes the whole chain against the events as they are now, checks every
 * stored checkpoint (signature and head hash), then looks for events that are in the trail but were never
 * sealed and are not waiting to be (slipped in with the triggers off), and for queued events that vanished.
 */
export async function verifyStoredChain(db: DataSource, publicKey: KeyObject | null): Promise<StoredChainVerdict> {
  return inSnapshot(db, async (runner) => {
    const verifier = new ChainVerifier('full', await readCheckpoints(runner), publicKey);
    for await (const batch of readChain(runner)) {
      if (!batch.every((link) => verifier.add(link))) break;
    }
    const [slipped] = (await runner.query(
      `SELECT e.id FROM audit_events e
        WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM audit_unsealed u WHERE u.event_id = e.id)
        ORDER BY e.occurred_at LIMIT 1`,
    )) as Array<{ id: string }>;
    if (slipped) {
      // Where it would sit had it been sealed: the first link sealed after it claims to have happened.
      const [{ seq }] = (await runner.query(
        `SELECT COALESCE(
                  (SELECT min(seq) FROM audit_chain WHERE sealed_at >= (SELECT occurred_at FROM audit_events WHERE id = $1)),
                  (SELECT COALESCE(max(seq), 0) + 1 FROM audit_chain)) AS seq`,
        [slipped.id],
      )) as Array<{ seq: string }>;
      verifier.reportOutside({
        seq: Number(seq),
        kind: 'inserted',
        eventId: slipped.id,
        detail: `event ${slipped.id} is in the trail but was never sealed and is not waiting to be`,
      });
    }
    const [vanished] = (await runner.query(
      `SELECT u.event_id FROM audit_unsealed u
        WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.id = u.event_id) ORDER BY u.position LIMIT 1`,
    )) as Array<{ event_id: string }>;
    const [{ unsealed, head }] = (await runner.query(
      `SELECT (SELECT count(*) FROM audit_unsealed)::int AS unsealed,
              (SELECT COALESCE(max(seq), 0) FROM audit_chain) AS head`,
    )) as Array<{ unsealed: number; head: string }>;
    if (vanished) {
      verifier.reportOutside({
        seq: Number(head) + 1,
        kind: 'missing',
        eventId: vanished.event_id,
        detail: `event ${vanished.event_id} was deleted while waiting to be sealed`,
      });
    }
    return { ...verifier.finish(), unsealed, verifiedAt: new Date().toISOString() };
  });
}

/**
 * Streams an export (see audit-export.ts) from one snapshot, calling `write` per line; `write` may wait
 * (back-pressure) and returns false to stop early (the client went away).
 */
export async function streamExport(
  db: DataSource,
  filters: ExportFilters,
  publicKey: KeyObject | null,
  write: (line: ExportLine) => Promise<boolean>,
): Promise<void> {
  await inSnapshot(db, async (runner) => {
    const [{ unsealed, head }] = (await runner.query(
      `SELECT (SELECT count(*) FROM audit_unsealed)::int AS unsealed,
              (SELECT COALESCE(max(seq), 0) FROM audit_chain) AS head`,
    )) as Array<{ unsealed: number; head: string }>;
    const timed = filters.from !== undefined || filters.to !== undefined;
    const scope: ChainScope = filters.requestId ? 'sparse' : timed ? 'segment' : 'full';
    let range: { fromSeq: number; toSeq: number } | null = null;
    if (scope === 'segment') {
      // A time range exports the whole stretch of chain between the first and the last event sealed in it,
      // so that its links can be checked one to the next (and against the checkpoints inside it).
      const [r] = (await runner.query(
        `SELECT min(c.seq) AS first, max(c.seq) AS last FROM audit_events e JOIN audit_chain c ON c.event_id = e.id
          WHERE ($1::timestamptz IS NULL OR e.occurred_at >= $1) AND ($2::timestamptz IS NULL OR e.occurred_at < $2)`,
        [filters.from ?? null, filters.to ?? null],
      )) as Array<{ first: string | null; last: string | null }>;
      range = r.first === null ? { fromSeq: 1, toSeq: 0 } : { fromSeq: Number(r.first), toSeq: Number(r.last) };
    }
    const header: ExportLine = {
      type: 'header',
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      scope,
      filters,
      headSeq: Number(head),
      unsealed,
      keyId: publicKey ? keyIdOf(publicKey) : null,
    };
    if (!(await write(header))) return;
    const checkpoints = await readCheckpoints(runner, range ?? {});
    for (const cp of checkpoints) if (!(await write(checkpointLine(cp)))) return;
    if (range && range.toSeq < range.fromSeq) return;
    for await (const batch of readChain(runner, { ...range, ...filters })) {
      for (const link of batch) {
        // Exported links always carry their event: a gone event shows up as a gap for the verifier.
        if (!link.event) continue;
        const line: ExportEventLine = {
          type: 'event',
          seq: link.seq,
          prevHash: link.prevHash,
          hash: link.hash,
          sealedAt: link.sealedAt,
          event: link.event,
        };
        if (!(await write(line))) return;
      }
    }
  });
}
