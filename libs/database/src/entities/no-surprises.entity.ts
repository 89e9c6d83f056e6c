import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A notice the hub sends a US agency about a request (before a transfer or an expulsion, a protest after a
 * breach…). The text is kept here; the notification that carries it is an ordinary one. Never updated.
 */
@Entity('request_notices')
@Index('request_notices_request_idx', ['requestId', 'issuedAt'])
export class RequestNoticeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) requestId: string;
  @Column({ type: 'text' }) recipientAgency: string;
  /** transfer | expulsion | protest | other */
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'boolean' }) ackRequired: boolean;
  @Column({ type: 'uuid' }) issuedBy: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) issuedAt: Date;
}

/** NS-3: the report an exigent action owes after the fact; one per request, never updated. */
@Entity('post_action_reports')
export class PostActionReportEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('post_action_reports_request_idx', { unique: true }) @Column({ type: 'uuid' }) requestId: string;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'uuid' }) filedBy: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) filedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) dueAt: Date | null;
}
