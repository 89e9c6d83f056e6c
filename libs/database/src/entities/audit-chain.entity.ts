import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The hash chain over audit_events, one row per sealed event in seal order. Kept apart from the events
 * because those can never be updated; like them, rows are only inserted (triggers refuse the rest).
 */
@Entity('audit_chain')
export class AuditChainEntity {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Index('audit_chain_event_idx', { unique: true }) @Column({ type: 'uuid' }) eventId: string;
  /** SHA-256 of the entry before (32 zero bytes before sequence 1). */
  @Column({ type: 'bytea' }) prevHash: Buffer;
  @Column({ type: 'bytea' }) hash: Buffer;
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' }) sealedAt: Date;
}

/** Signed statements "the chain up to seq ends in head_hash", written by the sealer every N events or T seconds. */
@Entity('audit_checkpoints')
export class AuditCheckpointEntity {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'bytea' }) headHash: Buffer;
  @Column({ type: 'timestamptz' }) signedAt: Date;
  @Column({ type: 'text' }) keyId: string;
  /** Ed25519 over the canonical JSON of {v, seq, headHash, signedAt, keyId}. */
  @Column({ type: 'bytea' }) signature: Buffer;
}

/**
 * Events committed but not yet sealed, fed by an insert trigger on audit_events and drained by the sealer in
 * `position` order. It stays small, so the sealer never scans the whole trail to find its work.
 */
@Entity('audit_unsealed')
export class AuditUnsealedEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) position: string;
  @Column({ type: 'uuid' }) eventId: string;
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' }) queuedAt: Date;
}
