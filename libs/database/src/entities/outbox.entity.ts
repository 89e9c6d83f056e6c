import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Follow-up work written in the same transaction as the change that requires it. The relay copies each row
 * into BullMQ with the row id as job id, so a row relayed twice is still one job.
 */
@Entity('outbox')
@Index('outbox_pending_idx', ['createdAt'], { where: 'relayed_at IS NULL' })
@Index('outbox_relayed_idx', ['createdAt'], { where: 'relayed_at IS NOT NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) queue: string;
  @Column({ type: 'text' }) jobName: string;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  /** Delay for timers: the job becomes runnable at this instant. */
  @Column({ type: 'timestamptz', nullable: true }) runAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) relayedAt: Date | null;
  @Column({ type: 'integer', default: 0 }) relayAttempts: number;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
}

/** A notice addressed to an agency (in-app channel). Issue-level delivery channels build on this row. */
@Entity('notifications')
@Index('notifications_recipient_idx', ['recipientAgency', 'createdAt'])
@Index('notifications_dedup_idx', ['sourceEventId', 'recipientAgency'], { unique: true })
@Index('notifications_request_idx', ['requestId'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** The audit event that caused it; with the recipient it makes delivery idempotent. */
  @Column({ type: 'uuid' }) sourceEventId: string;
  @Column({ type: 'uuid', nullable: true }) requestId: string | null;
  @Column({ type: 'text' }) recipientAgency: string;
  @Column({ type: 'text' }) event: string;
  @Column({ type: 'jsonb' }) params: Record<string, unknown>;
  @Column({ type: 'boolean', default: false }) ackRequired: boolean;
  /** NS-4: when the required acknowledgement is due (null when none is required). */
  @Column({ type: 'timestamptz', nullable: true }) ackDueAt: Date | null;
  /** What the acknowledgement stands for (notification-policy.ts ACK_PURPOSES). */
  @Column({ type: 'text', nullable: true }) ackPurpose: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) readAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) acknowledgedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) acknowledgedBy: string | null;
}
