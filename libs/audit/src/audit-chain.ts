import { hash, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { checkpointSignatureValid, type Checkpoint } from './audit-signing.js';
import type { SealedEvent } from './sealed-event.js';

/** The previous hash of sequence 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** Version of the hashed entry text; raised if its members (or SealedEvent's) ever change. */
export const CHAIN_FORMAT = 1;

/** One link of the chain: the event sealed at `seq`, and the hashes that tie it to the link before. */
export interface ChainEntry {
  seq: number;
  eventId: string;
  prevHash: string;
  hash: string;
  /** The event the link names, or null when it no longer exists. */
  event: SealedEvent | null;
}

/** hash(seq) = SHA-256 over the canonical JSON of {v, seq, prevHash, event}, in lower-case hex. */
export function chainHash(seq: number, prevHash: string, event: SealedEvent): string {
  return hash('sha256', canonicalJson({ v: CHAIN_FORMAT, seq, prevHash, event }), 'hex');
}

/**
 * Why a chain does not check out, at the first sequence number where it does not:
 * - `changed`: the event no longer hashes to what was sealed;
 * - `missing`: a sealed event (or its link) is gone, or the chain ends before a signed checkpoint;
 * - `inserted`: an event is in the trail without having been sealed, or a link repeats a sequence number;
 * - `re-chained`: the links were recomputed: they no longer join up, or no longer match a signed checkpoint;
 * - `bad-signature`: a checkpoint's signature is not the signing key's.
 * Wire values: never rename one.
 */
export const BREAK_KINDS = ['changed', 'missing', 'inserted', 're-chained', 'bad-signature'] as const;
export type BreakKind = (typeof BREAK_KINDS)[number];

export interface ChainBreak {
  seq: number;
  kind: BreakKind;
  eventId: string | null;
  /** For `re-chained` against a checkpoint: the rewrite happened somewhere from here up to `seq`. */
  earliestSeq?: number;
  /** A technical sentence for logs and the CLI; clients show a message chosen by `kind`. */
  detail: string;
}

/**
 * - `full`: the whole chain, from sequence 1; every checkpoint must lie on it.
 * - `segment`: consecutive links from somewhere in the middle (a time-range export): the first link's
 *   previous hash is taken as given, and only checkpoints inside the segment are checked.
 * - `sparse`: chosen links (one request's events): each is checked on its own, links only where two
 *   consecutive sequence numbers are present, checkpoints only where their sequence number is present.
 */
export type ChainScope = 'full' | 'segment' | 'sparse';

export interface VerifyOutcome {
  ok: boolean;
  scope: ChainScope;
  checkedEvents: number;
  firstSeq: number | null;
  headSeq: number | null;
  headHash: string | null;
  checkpoints: { checked: number; signaturesChecked: boolean; latestSeq: number | null };
  break: ChainBreak | null;
}

/**
 * Recomputes a chain fed to it link by link in sequence order (from the database, or from an export file),
 * checking each checkpoint when its sequence number comes by. Stops at the first break. Memory stays flat
 * whatever the length of the chain.
 */
export class ChainVerifier {
  private readonly checkpointsAt = new Map<number, Checkpoint[]>();
  private readonly highestCheckpoint: number | null;
  private broken: ChainBreak | null = null;
  private count = 0;
  private first: ChainEntry | null = null;
  private last: ChainEntry | null = null;
  private checkpointsChecked = 0;
  private latestCheckpoint: number | null = null;
  private lastGoodCheckpoint = 0;
  private readonly outside: ChainBreak[] = [];

  /**
   * `publicKey` null: signatures cannot be checked (no key configured); head hashes still are.
   */
  constructor(
    private readonly scope: ChainScope,
    checkpoints: Checkpoint[],
    private readonly publicKey: KeyObject | null,
  ) {
    for (const cp of checkpoints) {
      const list = this.checkpointsAt.get(cp.seq) ?? [];
      list.push(cp);
      this.checkpointsAt.set(cp.seq, list);
    }
    this.highestCheckpoint = checkpoints.length ? Math.max(...checkpoints.map((c) => c.seq)) : null;
  }

  get isBroken(): boolean {
    return this.broken !== null;
  }

  /** Checks the next link; returns false once the chain is broken (feeding more changes nothing). */
  add(entry: ChainEntry): boolean {
    if (this.broken) return false;
    const before = this.last;
    this.broken = this.check(entry, before);
    if (this.broken) return false;
    this.count++;
    this.first ??= entry;
    this.last = entry;
    return true;
  }

  private check(entry: ChainEntry, before: ChainEntry | null): ChainBreak | null {
    const { seq } = entry;
    if (before && seq <= before.seq) {
      return this.fail(seq, 'inserted', entry.eventId, `a second link claims sequence ${seq}`);
    }
    const expectedSeq = before ? before.seq + 1 : this.scope === 'full' ? 1 : seq;
    if (this.scope !== 'sparse' && seq !== expectedSeq) {
      return this.fail(expectedSeq, 'missing', null, `sequences ${expectedSeq}…${seq - 1} are missing`);
    }
    if (!entry.event) {
      return this.fail(seq, 'missing', entry.eventId, `event ${entry.eventId} sealed at ${seq} no longer exists`);
    }
    const linked = before && before.seq === seq - 1;
    if (linked && entry.prevHash !== before.hash) {
      return this.fail(
        seq - 1,
        're-chained',
        before.eventId,
        `the link at ${seq} names a previous hash that is not the hash recorded at ${seq - 1}`,
      );
    }
    if (!before && this.scope === 'full' && entry.prevHash !== GENESIS_HASH) {
      return this.fail(seq, 're-chained', entry.eventId, 'the first link does not start from the genesis hash');
    }
    if (entry.event.id !== entry.eventId) {
      return this.fail(seq, 'changed', entry.eventId, `the link names ${entry.eventId} but carries ${entry.event.id}`);
    }
    if (chainHash(seq, entry.prevHash, entry.event) !== entry.hash) {
      return this.fail(
        seq,
        'changed',
        entry.eventId,
        `event ${entry.eventId} no longer matches the hash sealed at ${seq}`,
      );
    }
    for (const cp of this.checkpointsAt.get(seq) ?? []) {
      const problem = this.checkCheckpoint(cp, entry.hash);
      if (problem) return problem;
    }
    return null;
  }

  private checkCheckpoint(cp: Checkpoint, hash: string): ChainBreak | null {
    if (this.publicKey && !checkpointSignatureValid(this.publicKey, cp)) {
      return this.fail(cp.seq, 'bad-signature', null, `the checkpoint at ${cp.seq} is not signed by key ${cp.keyId}`);
    }
    if (cp.headHash !== hash) {
      const earliest = this.lastGoodCheckpoint + 1;
      const b = this.fail(
        cp.seq,
        're-chained',
        null,
        `the chain at ${cp.seq} no longer ends in the hash signed at ${cp.signedAt}; it was rewritten at or after ${earliest}`,
      );
      b.earliestSeq = earliest;
      return b;
    }
    this.checkpointsChecked++;
    this.latestCheckpoint = cp.seq;
    this.lastGoodCheckpoint = cp.seq;
    return null;
  }

  private fail(seq: number, kind: BreakKind, eventId: string | null, detail: string): ChainBreak {
    return { seq, kind, eventId, detail };
  }

  /** The verdict, after the last link. A full chain must reach every checkpoint that was signed. */
  finish(): VerifyOutcome {
    if (!this.broken && this.scope === 'full' && this.highestCheckpoint !== null) {
      const head = this.last?.seq ?? 0;
      if (this.highestCheckpoint > head) {
        this.broken = this.fail(
          head + 1,
          'missing',
          null,
          `a checkpoint was signed at ${this.highestCheckpoint} but the chain ends at ${head}`,
        );
      }
    }
    for (const b of this.outside) if (!this.broken || b.seq < this.broken.seq) this.broken = b;
    return {
      ok: this.broken === null,
      scope: this.scope,
      checkedEvents: this.count,
      firstSeq: this.first?.seq ?? null,
      headSeq: this.last?.seq ?? null,
      headHash: this.last?.hash ?? null,
      checkpoints: {
        checked: this.checkpointsChecked,
        signaturesChecked: this.publicKey !== null,
        latestSeq: this.latestCheckpoint,
      },
      break: this.broken,
    };
  }

  /** A break found outside the walk (an event slipped in unsealed); `finish` reports it if it comes first. */
  reportOutside(b: ChainBreak): void {
    this.outside.push(b);
  }
}
