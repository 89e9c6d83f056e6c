import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ActionKind } from '@ventanilla/domain/advance-notice.js';
import type { EscalationLevel, Priority, RequestStatus } from '@ventanilla/domain/request-status.js';

export interface SubjectRecord {
  kind: 'person' | 'organization' | 'vessel' | 'aircraft' | 'other';
  name: string;
  nationality?: string;
  isMexicanOfficial?: boolean;
}

export interface ConsolidatedResponse {
  text: string;
  /** `id`: the agency answer (assignment_responses), which translations name; absent on replies released before it. */
  answers: Array<{ id?: string; agency: string; role: string; text: string; respondedAt: string }>;
}

@Entity('requests')
@Index('requests_list_idx', ['createdAt', 'id'])
@Index('requests_agency_list_idx', ['requestingAgency', 'createdAt', 'id'])
@Index('requests_status_idx', ['status', 'createdAt'])
// An expression index (see the queue-indexes migration): declared so schema tools leave it alone.
@Index('requests_open_due_idx', { synchronize: false })
// Folio prefixes (`SSAN-2026-00`): a text_pattern_ops index (see the search migration).
@Index('requests_folio_prefix_idx', { synchronize: false })
export class RequestEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index({ unique: true }) @Column({ type: 'text', nullable: true }) folio: string | null;
  @Column({ type: 'text' }) status: RequestStatus;
  /** Compare-and-set token: every status change bumps it in the same UPDATE. */
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'text', array: true }) topics: string[];
  @Column({ type: 'text' }) priority: Priority;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) summary: string;
  /** Language, classification and handling code are '' on a draft until the requester chooses them. */
  @Column({ type: 'text' }) language: 'en' | 'es' | '';
  @Column({ type: 'text' }) classification: string;
  @Column({ type: 'text' }) handlingCode: string;
  @Column({ type: 'text', nullable: true }) legalBasis: string | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) subjects: SubjectRecord[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) locations: string[];
  @Column({ type: 'timestamptz', nullable: true }) neededBy: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) proposedActionAt: Date | null;
  /** NS-3: planned, operation or exigent (notice and authorization types); decides the minimum lead time. */
  @Column({ type: 'text', nullable: true }) actionKind: ActionKind | null;
  /** NS-3: submitted with less notice than its kind's minimum lead time (accepted, flagged, escalated). */
  @Column({ type: 'boolean', default: false }) surpriseRisk: boolean;
  /** Exigent actions: when the post-action report is due, and when it was filed. */
  @Column({ type: 'timestamptz', nullable: true }) postActionReportDueAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) postActionReportedAt: Date | null;
  @Column({ type: 'boolean', default: false }) usPersonnelOnMexicanSoil: boolean;
  @Column({ type: 'text', nullable: true }) diplomaticNoteNumber: string | null;
  @Column({ type: 'text' }) requestingAgency: string;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'uuid', nullable: true }) claimedBy: string | null;
  @Column({ type: 'text', default: 'L0' }) escalationLevel: EscalationLevel;
  @Column({ type: 'boolean', default: false }) needsAuthorization: boolean;
  @Column({ type: 'boolean', default: false }) authorizationGranted: boolean;
  @Column({ type: 'text', nullable: true }) closingReason: string | null;
  @Column({ type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) registeredAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) acknowledgeDueAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) routeDueAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) firstResponseDueAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) closeDueAt: Date | null;
  /** Set while a clarification is pending: the SLA clocks stand still from this instant. */
  @Column({ type: 'timestamptz', nullable: true }) clockPausedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  /** The number of the latest routing round (0 until routed). */
  @Column({ type: 'integer', default: 0 }) routingRound: number;
  @Column({ type: 'timestamptz', nullable: true }) routedAt: Date | null;
  /** The consolidated reply the hub released, with each agency's answer attributed. */
  @Column({ type: 'jsonb', nullable: true }) response: ConsolidatedResponse | null;
  @Column({ type: 'timestamptz', nullable: true }) responseReleasedAt: Date | null;
  /** The nearest deadline of a running clock, and the instant it reaches 80 %: the hub's queues sort by these. */
  @Index('requests_next_due_idx') @Column({ type: 'timestamptz', nullable: true }) nextDueAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) nextRiskAt: Date | null;
  /** Millisecond precision so keyset cursors (JavaScript dates) compare exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** One question from the hub and the requester's answer. */
@Entity('request_clarifications')
export class ClarificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'uuid' }) requestId: string;
  @Column({ type: 'text' }) question: string;
  @Column({ type: 'uuid' }) askedBy: string;
  @Column({ type: 'timestamptz' }) askedAt: Date;
  @Column({ type: 'text', nullable: true }) answer: string | null;
  @Column({ type: 'uuid', nullable: true }) answeredBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) answeredAt: Date | null;
  /** Set when the question is an agency's, relayed by the hub: the assignment clarification it came from. */
  @Index('request_clarifications_relay_idx', { unique: true, where: 'relayed_from IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  relayedFrom: string | null;
}

/** Gap-free folio numbers: the counter row is locked and bumped inside the registering transaction. */
@Entity('folio_counters')
export class FolioCounterEntity {
  @PrimaryColumn({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) lastSequence: number;
}

/** `Idempotency-Key` records: the first response to a key is replayed for the same body. */
@Entity('idempotency_keys')
@Index('idempotency_keys_created_idx', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'uuid' }) userId: string;
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'text' }) bodyHash: string;
  /** 'in_flight' until the response is stored, then 'done'. */
  @Column({ type: 'text' }) state: 'in_flight' | 'done';
  @Column({ type: 'integer', nullable: true }) responseStatus: number | null;
  @Column({ type: 'jsonb', nullable: true }) responseBody: unknown;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
