import type { KeyObject } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { GENESIS_HASH, chainHash } from './audit-chain.js';
import { signCheckpoint, type Checkpoint } from './audit-signing.js';
import { EVENT_COLUMNS, sealedEventFromRow } from './sealed-event.js';

/** Held for the length of one sealing transaction; any constant works as long as every sealer uses it. */
export const SEALER_LOCK_KEY = 7_201_855_002;

export interface SealerOptions {
  /** Events chained per transaction. */
  batchSize: number;
  /** A checkpoint at least every this many events… */
  checkpointEvents: number;
  /** …and once the oldest event not covered by one was sealed this many seconds ago. */
  checkpointSeconds: number;
  /** Null: seal, but sign no checkpoints. */
  signingKey: KeyObject | null;
}

export interface SealResult {
  /** Another sealer held the lock: this one did nothing. */
  busy: boolean;
  sealed: number;
  checkpoints: Checkpoint[];
  headSeq: number;
}

/**
 * Chains committed, unsealed audit events. Work comes from `audit_unsealed`, which the insert trigger on
 * `audit_events` fills in the writer's own transaction: a row becomes visible to the sealer exactly when
 * its event commits, however late that is, so nothing is skipped the way an id or time watermark would skip
 * a transaction that committed after later ones. A transaction-scoped advisory lock lets only one sealer
 * chain at a time; the others find it taken and return at once. Writers never touch the lock or the chain.
 */
export class AuditSealer {
  constructor(
    private readonly db: DataSource,
    private readonly opts: SealerOptions,
  ) {}

  /** Seals up to one batch; returns what it did. Call again while `sealed === batchSize`. */
  sealOnce(): Promise<SealResult> {
    return this.db.transaction(async (m) => {
      const [{ locked }] = (await m.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        SEALER_LOCK_KEY,
      ])) as Array<{
        locked: boolean;
      }>;
      if (!locked) return { busy: true, sealed: 0, checkpoints: [], headSeq: 0 };
      // Read after taking the lock: each statement sees what earlier sealers committed.
      const head = await this.head(m);
      const rows = (await m.query(
        `SELECT u.position, ${EVENT_COLUMNS}
           FROM audit_unsealed u JOIN audit_events e ON e.id = u.event_id
          ORDER BY u.position LIMIT $1`,
        [this.opts.batchSize],
      )) as Array<Record<string, unknown>>;

      const seqs: number[] = [];
      const eventIds: string[] = [];
      const prevHashes: string[] = [];
      const hashes: string[] = [];
      let prev = head.hash;
      let seq = head.seq;
      for (const row of rows) {
        const event = sealedEventFromRow(row)!;
        seq++;
        const hash = chainHash(seq, prev, event);
        seqs.push(seq);
        eventIds.push(event.id);
        prevHashes.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      if (rows.length > 0) {
        await m.query(
          `INSERT INTO audit_chain (seq, event_id, prev_hash, hash)
           SELECT s, e, decode(p, 'hex'), decode(h, 'hex')
             FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[]) AS t(s, e, p, h)`,
          [seqs, eventIds, prevHashes, hashes],
        );
        await m.query(`DELETE FROM audit_unsealed WHERE position = ANY($1::bigint[])`, [
          rows.map((r) => String(r.position)),
        ]);
      }
      const checkpoints = await this.checkpoint(m, head.seq, seqs, hashes);
      return { busy: false, sealed: rows.length, checkpoints, headSeq: seq };
    });
  }

  private async head(m: EntityManager): Promise<{ seq: number; hash: string }> {
    const [row] = (await m.query(
      `SELECT seq, encode(hash, 'hex') AS hash FROM audit_chain ORDER BY seq DESC LIMIT 1`,
    )) as Array<{ seq: string; hash: string }>;
    return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Signs a checkpoint at every `checkpointEvents`-th event since the last one, and at the head when the
   * oldest event no checkpoint covers has waited `checkpointSeconds` (so a quiet system is covered too).
   */
  private async checkpoint(m: EntityManager, before: number, seqs: number[], hashes: string[]): Promise<Checkpoint[]> {
    const key = this.opts.signingKey;
    if (!key) return [];
    const [last] = (await m.query(`SELECT seq FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`)) as Array<{
      seq: string;
    }>;
    let covered = last ? Number(last.seq) : 0;
    const made: Checkpoint[] = [];
    const now = new Date();
    seqs.forEach((seq, i) => {
      if (seq - covered >= this.opts.checkpointEvents) {
        made.push(signCheckpoint(key, { seq, headHash: hashes[i], signedAt: now }));
        covered = seq;
      }
    });
    const headSeq = seqs.length ? seqs[seqs.length - 1] : before;
    if (headSeq > covered) {
      const [oldest] = (await m.query(
        `SELECT sealed_at <= clock_timestamp() - make_interval(secs => $2) AS due FROM audit_chain WHERE seq = $1`,
        [covered + 1, this.opts.checkpointSeconds],
      )) as Array<{ due: boolean }>;
      if (oldest?.due) {
        const headHash = seqs.length ? hashes[hashes.length - 1] : (await this.head(m)).hash;
        made.push(signCheckpoint(key, { seq: headSeq, headHash, signedAt: now }));
      }
    }
    if (made.length > 0) {
      await m.query(
        `INSERT INTO audit_checkpoints (seq, head_hash, signed_at, key_id, signature)
         SELECT s, decode(h, 'hex'), a, k, decode(g, 'base64')
           FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[]) AS t(s, h, a, k, g)`,
        [
          made.map((c) => c.seq),
          made.map((c) => c.headHash),
          made.map((c) => c.signedAt),
          made.map((c) => c.keyId),
          made.map((c) => c.signature),
        ],
      );
    }
    return made;
  }
}
