import { ApiProperty } from '@nestjs/swagger';
import type { ComplianceSummary } from '@ventanilla/domain/no-surprises-compliance.js';
import { NO_SURPRISES_CLASSES, type NoSurprisesClass } from '@ventanilla/domain/request-status.js';
import type { NoSurprisesReport, NoSurprisesReportRow } from './no-surprises-report.service.js';

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
