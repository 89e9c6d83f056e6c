import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { AssignmentRole, AssignmentStatus } from '@ventanilla/domain/assignment-status.js';
import type { EscalationLevel, Priority } from '@ventanilla/domain/request-status.js';

/**
 * The rules' proposal for a request, computed at registration: what the hub sees before it routes. One row
 * per request; a coordinator's edits live in the routing decision, never here.
 */
@Entity('routing_proposals')
export class RoutingProposalEntity {
  @PrimaryColumn({ type: 'uuid' }) requestId: string;
  @Column({ type: 'integer' }) ruleSetVersion: number;
  @Column({ type: 'text' }) lead: string;
  @Column({ type: 'text', array: true }) supports: string[];
  @Column({ type: 'boolean' }) needsAuthorization: boolean;
  @Column({ type: 'text', nullable: true }) authorizer: string | null;
  @Column({ type: 'text', nullable: true }) priorityFloor: Priority | null;
  /** The matched rule first, then every modifier that applied. */
  @Column({ type: 'text', array: true }) ruleIds: string[];
  @CreateDateColumn({ type: 'timestamptz' }) computedAt: Date;
}

/** Each `route` or `reroute` a coordinator made: the plan, who made it and why. Never updated. */
@Entity('routing_decisions')
@Index('routing_decisions_request_idx', ['requestId', 'round'], { unique: true })
export class RoutingDecisionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) requestId: string;
  /** 1 for the first routing, then one more per re-routing. */
  @Column({ type: 'integer' }) round: number;
  @Column({ type: 'text' }) lead: string;
  @Column({ type: 'text', array: true }) supports: string[];
  /** Whether the coordinator kept the proposal as it was. */
  @Column({ type: 'boolean' }) followsProposal: boolean;
  @Column({ type: 'uuid' }) decidedBy: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) decidedAt: Date;
}

/**
 * One agency's share of a routed request. Created by a queued job, once per (request, agency, round):
 * the unique index makes a second delivery of that job a no-op. Cancelled, never deleted.
 */
@Entity('assignments')
@Index('assignments_once_idx', ['requestId', 'agency', 'round'], { unique: true })
@Index('assignments_inbox_idx', ['agency', 'createdAt', 'id'])
@Index('assignments_request_idx', ['requestId'])
@Index('assignments_clarification_idx', ['requestId'], { where: "status = 'clarification_requested'" })
@Index('assignments_declined_lead_idx', ['requestId'], { where: "role = 'lead' AND status = 'declined'" })
export class AssignmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) requestId: string;
  @Column({ type: 'text' }) agency: string;
  @Column({ type: 'text' }) role: AssignmentRole;
  @Column({ type: 'integer' }) round: number;
  @Column({ type: 'text' }) status: AssignmentStatus;
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ type: 'timestamptz', nullable: true }) responseDueAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) clockPausedAt: Date | null;
  @Column({ type: 'text', default: 'L0' }) escalationLevel: EscalationLevel;
  @Column({ type: 'uuid', nullable: true }) acceptedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) acceptedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) respondedAt: Date | null;
  /** Why it was declined or cancelled. */
  @Column({ type: 'text', nullable: true }) closingReason: string | null;
  /** Set once the agency has been told (its delivery job ran). */
  @Column({ type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** What an agency answered: partial answers first, then one final answer. */
@Entity('assignment_responses')
@Index('assignment_responses_assignment_idx', ['assignmentId', 'createdAt'])
export class AssignmentResponseEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) assignmentId: string;
  @Column({ type: 'uuid' }) requestId: string;
  @Column({ type: 'text' }) agency: string;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'boolean' }) final: boolean;
  @Column({ type: 'uuid' }) respondedBy: string;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
}

/** A question from an agency to the hub about its assignment, and the hub's answer. */
@Entity('assignment_clarifications')
@Index('assignment_clarifications_assignment_idx', ['assignmentId', 'askedAt'])
export class AssignmentClarificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) assignmentId: string;
  @Column({ type: 'text' }) question: string;
  @Column({ type: 'uuid' }) askedBy: string;
  @Column({ type: 'timestamptz' }) askedAt: Date;
  @Column({ type: 'text', nullable: true }) answer: string | null;
  @Column({ type: 'uuid', nullable: true }) answeredBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) answeredAt: Date | null;
}

/**
 * A deadline step of a clock: the instant a stage reaches 80 % or breaches, and the level it raises the
 * escalation to. The row is the truth; a delayed job fires it and the sweeper fires any whose job was lost.
 * Rows are cancelled (not deleted) when the clock stops, pauses or is re-planned.
 */
@Entity('clock_deadlines')
@Index('clock_deadlines_due_idx', ['fireAt'], { where: 'fired_at IS NULL AND cancelled_at IS NULL' })
@Index('clock_deadlines_request_idx', ['requestId'])
export class ClockDeadlineEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) requestId: string;
  @Column({ type: 'uuid', nullable: true }) assignmentId: string | null;
  /** The notification whose acknowledgement this step waits for (clock `notice_ack`). */
  @Column({ type: 'uuid', nullable: true }) notificationId: string | null;
  /** route | first_response | close | assignment_response | auto_close | notice_ack | post_action_report */
  @Column({ type: 'text' }) clock: string;
  /** '80%', 'breach', … as the SLA table names it. */
  @Column({ type: 'text' }) trigger: string;
  @Column({ type: 'text', nullable: true }) level: EscalationLevel | null;
  @Column({ type: 'timestamptz' }) fireAt: Date;
  @Column({ type: 'timestamptz' }) dueAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) firedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
