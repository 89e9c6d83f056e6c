import { ApiProperty } from '@nestjs/swagger';
import type { ComplianceSummary } from '@ventanilla/domain/no-surprises-compliance.js';
import { NO_SURPRISES_CLASSES, type NoSurprisesClass, type RequestStatus } from '@ventanilla/domain/request-status.js';
import { EscalationCountsSchema } from '../openapi/response.schemas.js';
import type { NoSurprisesReport, NoSurprisesReportRow } from './no-surprises-report.service.js';
import type { DeadlineFigure, OverviewReport } from './overview-report.service.js';

export class ComplianceSummarySchema implements ComplianceSummary {
  @ApiProperty() requests: number;
  @ApiProperty() noticesRequired: number;
  @ApiProperty() noticesDelivered: number;
  @ApiProperty() noticesAcknowledged: number;
  @ApiProperty() noticesLate: number;
  @ApiProperty({ description: 'Requests flagged surprise_risk.' }) surpriseRisk: number;
  @ApiProperty({ description: 'Must be 0.' }) actionsBeforeClearance: number;
  @ApiProperty({ type: Number, nullable: true }) medianNoticeLeadHours: number | null;
}

export class NoSurprisesReportRowSchema implements NoSurprisesReportRow {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ type: String, nullable: true }) folio: string | null;
  @ApiProperty() type: string;
  @ApiProperty({ enum: NO_SURPRISES_CLASSES }) noSurprises: NoSurprisesClass;
  @ApiProperty({ type: String, nullable: true, enum: ['planned', 'operation', 'exigent'] }) actionKind: string | null;
  @ApiProperty() priority: string;
  @ApiProperty() status: string;
  @ApiProperty() requestingAgency: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) proposedActionAt: string | null;
  @ApiProperty() noticesRequired: number;
  @ApiProperty() noticesDelivered: number;
  @ApiProperty() noticesAcknowledged: number;
  @ApiProperty() noticesLate: number;
  @ApiProperty({ type: Number, nullable: true }) noticeLeadHours: number | null;
  @ApiProperty() surpriseRisk: boolean;
  @ApiProperty() actionsBeforeClearance: number;
}

export class NoSurprisesReportSchema implements NoSurprisesReport {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty() truncated: boolean;
  @ApiProperty({ type: ComplianceSummarySchema }) summary: ComplianceSummarySchema;
  @ApiProperty({ type: [NoSurprisesReportRowSchema] }) items: NoSurprisesReportRowSchema[];
}

/** Requests per status (drafts never count in a report). */
export class StatusCountsSchema implements Record<Exclude<RequestStatus, 'draft'>, number> {
  @ApiProperty() submitted: number;
  @ApiProperty() registered: number;
  @ApiProperty() in_analysis: number;
  @ApiProperty() clarification_requested: number;
  @ApiProperty() awaiting_authorization: number;
  @ApiProperty() authorization_denied: number;
  @ApiProperty() routed: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() responses_received: number;
  @ApiProperty() response_sent: number;
  @ApiProperty() closed: number;
  @ApiProperty() rejected: number;
  @ApiProperty() withdrawn: number;
}

/** The hub's queues but `mine`. */
type OverviewQueues = OverviewReport['requests']['queues'];

export class OverviewQueuesSchema implements OverviewQueues {
  @ApiProperty() unclaimed: number;
  @ApiProperty() clarification: number;
  @ApiProperty() authorization: number;
  @ApiProperty() routed: number;
  @ApiProperty() needs_rerouting: number;
  @ApiProperty() ready_to_release: number;
  @ApiProperty() at_risk: number;
  @ApiProperty() overdue: number;
}

export class DeadlineFigureSchema implements DeadlineFigure {
  @ApiProperty() priority: string;
  @ApiProperty() onTime: number;
  @ApiProperty({ description: 'Past 80 % of the nearest deadline, not yet past it.' }) atRisk: number;
  @ApiProperty() overdue: number;
}

export class OverviewRequestsSchema {
  @ApiProperty({ description: 'Requests submitted in the range.' }) submitted: number;
  @ApiProperty({ type: StatusCountsSchema, description: 'Of those, how many are in each status now.' })
  byStatus: StatusCountsSchema;
  @ApiProperty({ description: 'Of those, how many are still open.' }) open: number;
  @ApiProperty({ type: [DeadlineFigureSchema], description: 'Open ones against their nearest deadline, per priority.' })
  deadlines: DeadlineFigureSchema[];
  @ApiProperty({ type: EscalationCountsSchema, description: 'Open ones per escalation level.' })
  escalation: EscalationCountsSchema;
  @ApiProperty({ type: OverviewQueuesSchema, description: "Open ones in each of the hub's queues." })
  queues: OverviewQueuesSchema;
}

export class OverviewActionSchema {
  @ApiProperty() action: string;
  @ApiProperty() count: number;
}

export class OverviewOutcomesSchema {
  @ApiProperty() success: number;
  @ApiProperty() denied: number;
  @ApiProperty() failure: number;
}

export class OverviewAuditSchema {
  @ApiProperty({ description: 'Audit events recorded in the range.' }) events: number;
  @ApiProperty({ type: OverviewOutcomesSchema }) outcomes: OverviewOutcomesSchema;
  @ApiProperty({ type: [OverviewActionSchema], description: 'The most frequent actions, most frequent first.' })
  topActions: OverviewActionSchema[];
}

export class OverviewReportSchema implements OverviewReport {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: OverviewRequestsSchema }) requests: OverviewRequestsSchema;
  @ApiProperty({ type: OverviewAuditSchema }) audit: OverviewAuditSchema;
}
