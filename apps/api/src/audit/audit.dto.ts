import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { SORT_ORDERS, type SortOrder } from '@ventanilla/http/keyset-cursor.js';
import { IsLaterThan } from '@ventanilla/http/validation.js';
import { PageQuery } from '@ventanilla/http/page-query.js';

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;

/** Filters shared by the search and the export: a request, a time range. */
export class AuditRangeQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this request's events." })
  @IsOptional()
  @IsUUID()
  requestId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events that occurred at or after this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events that occurred before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsLaterThan('from')
  to?: string;
}

export const AUDIT_EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export class AuditExportQuery extends AuditRangeQuery {
  @ApiPropertyOptional({
    example: 'SSAN-2026-000123',
    description: 'Only the events of the request with this folio (404 if there is none); same as its `requestId`.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  folio?: string;

  @ApiPropertyOptional({
    enum: AUDIT_EXPORT_FORMATS,
    default: 'jsonl',
    description:
      '`jsonl`: header, checkpoints and sealed events for `npm run audit:verify`; `csv`: one row per sealed event, for a spreadsheet (UTF-8 with BOM, RFC 4180).',
  })
  @IsOptional()
  @IsIn(AUDIT_EXPORT_FORMATS)
  format?: AuditExportFormat;
}

/** The columns the audit search may be sorted by: when (newest first by default), action, outcome, agency, role. */
export const AUDIT_SORTS = ['occurred', 'action', 'outcome', 'agency', 'role'] as const;
export type AuditSort = (typeof AUDIT_SORTS)[number];

export class AuditEventsQuery extends IntersectionType(AuditRangeQuery, PageQuery) {
  @ApiPropertyOptional({ enum: AUDIT_SORTS, default: 'occurred' })
  @IsOptional()
  @IsIn(AUDIT_SORTS)
  sort?: AuditSort;

  @ApiPropertyOptional({
    enum: SORT_ORDERS,
    description: "The sort's direction: `occurred` newest first, the rest A→Z.",
  })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;

  @ApiPropertyOptional({ example: 'SSAN-2026-000123', description: 'Only the events of the request with this folio.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  folio?: string;

  @ApiPropertyOptional({ description: "Who acted: a user id, a user's e-mail, or `system`." })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  actor?: string;

  @ApiPropertyOptional({ description: "The acting user's agency code." })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  agency?: string;

  @ApiPropertyOptional({ example: 'request.claim', description: 'An action, or a prefix ending in `*` (`request.*`).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES }) @IsOptional() @IsIn(AUDIT_OUTCOMES) outcome?: string;
}

export class CheckpointsQuery {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
