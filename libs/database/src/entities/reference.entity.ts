import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('agencies')
export class AgencyEntity {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text' }) country: 'MX' | 'US';
  @Column({ type: 'text' }) nameEn: string;
  @Column({ type: 'text' }) nameEs: string;
  @Column({ type: 'text', nullable: true }) parent: string | null;
  /** hub, receiving, oversight or requesting, as in the reference data. */
  @Column({ type: 'text' }) role: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) topics: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) aliases: string[];
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
}

@Entity('topics')
export class TopicEntity {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text' }) nameEn: string;
  @Column({ type: 'text' }) nameEs: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) specialisedRequestTypes: string[];
  @Column({ type: 'text', nullable: true }) note: string | null;
}

@Entity('request_types')
export class RequestTypeEntity {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text' }) family: string;
  @Column({ type: 'text' }) nameEn: string;
  @Column({ type: 'text' }) nameEs: string;
  @Column({ type: 'text', nullable: true }) definition: string | null;
  @Column({ type: 'text', nullable: true }) definitionEs: string | null;
  @Column({ type: 'text', nullable: true }) legalBasis: string | null;
  @Column({ type: 'text' }) noSurprises: string;
  @Column({ type: 'boolean', default: false }) alsoReport: boolean;
  @Column({ type: 'text' }) defaultPriority: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) channels: string[];
}

@Entity('sla_policies')
export class SlaPolicyEntity {
  @PrimaryColumn({ type: 'text' }) priority: string;
  @Column({ type: 'text' }) nameEn: string;
  @Column({ type: 'text' }) nameEs: string;
  /** '24x7' or 'business'. */
  @Column({ type: 'text' }) calendar: string;
  /** acknowledgeWithin, routeWithin, firstResponseWithin, closeWithin, … as `{value, unit}` durations. */
  @Column({ type: 'jsonb' }) targets: Record<string, unknown>;
  @Column({ type: 'jsonb' }) escalation: unknown[];
}

/** NS-3 minimum notice per kind of action, and the post-action report window (reference/sla.json). */
@Entity('notice_lead_times')
export class NoticeLeadTimeEntity {
  /** planned | operation | exigent */
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text' }) nameEn: string;
  /** `{value, unit}`, or null when no minimum applies (exigent actions). */
  @Column({ type: 'jsonb', nullable: true }) minLeadTime: { value: number; unit: string } | null;
  @Column({ type: 'jsonb', nullable: true }) postActionReportWithin: { value: number; unit: string } | null;
  @Column({ type: 'text', nullable: true }) rule: string | null;
}

@Entity('handling_codes')
export class HandlingCodeEntity {
  @PrimaryColumn({ type: 'text' }) code: string;
  @Column({ type: 'text' }) meaningEn: string;
}

@Entity('holidays')
export class HolidayEntity {
  /** A Mexico City calendar date, YYYY-MM-DD. */
  @PrimaryColumn({ type: 'date' }) date: string;
  @Column({ type: 'text' }) name: string;
}

/** The routing rules, versioned as a whole; an edit adds a version and never changes an old one. */
@Entity('routing_rule_sets')
export class RoutingRuleSetEntity {
  @PrimaryColumn({ type: 'integer' }) version: number;
  @Column({ type: 'jsonb' }) document: Record<string, unknown>;
  @Column({ type: 'text', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
