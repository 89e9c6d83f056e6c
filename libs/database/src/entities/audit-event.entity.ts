import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One line of the audit trail. Rows are only ever inserted, in the transaction of the action they record. */
@Entity('audit_events')
@Index('audit_events_time_idx', ['occurredAt', 'id'])
@Index('audit_events_request_idx', ['requestId', 'occurredAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'timestamptz' }) occurredAt: Date;
  @Column({ type: 'uuid', nullable: true }) actorUserId: string | null;
  @Column({ type: 'text' }) actorRole: string;
  @Column({ type: 'text', nullable: true }) actorAgency: string | null;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text' }) objectType: string;
  @Column({ type: 'text', nullable: true }) objectId: string | null;
  @Column({ type: 'uuid', nullable: true }) requestId: string | null;
  @Column({ type: 'text', nullable: true }) fromStatus: string | null;
  @Column({ type: 'text', nullable: true }) toStatus: string | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) changedFields: string[];
  /** 'success' or 'denied'. */
  @Column({ type: 'text' }) outcome: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @Column({ type: 'text', nullable: true }) userAgent: string | null;
  @Column({ type: 'text', nullable: true }) correlationId: string | null;
  @Column({ type: 'jsonb', default: () => "'{}'" }) details: Record<string, unknown>;
}
