import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { SORT_ORDERS, type SortOrder } from '@ventanilla/http/keyset-cursor.js';
import { PageQuery } from '@ventanilla/http/page-query.js';
import { MAX_VERSION } from '@ventanilla/http/validation.js';
import { ASSIGNMENT_ROLES, ASSIGNMENT_STATUSES } from '@ventanilla/domain/assignment-status.js';

export class AssignmentActionDto {
  @ApiProperty({ description: 'The version you acted on; a stale one answers 409.' })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version: number;

  @ApiPropertyOptional({
    maxLength: 20000,
    description: 'The reason (decline), the question (request_clarification), the answer, or the response text.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  reason?: string;

  @ApiPropertyOptional({ description: '`respond`: false records a partial answer and keeps the assignment open.' })
  @IsOptional()
  @IsBoolean()
  final?: boolean;
}

/** The columns the inbox may be sorted by (`sort=`): newest first by default. */
export const ASSIGNMENT_SORTS = ['created', 'due', 'folio', 'title', 'role', 'status', 'priority', 'agency'] as const;
export type AssignmentSort = (typeof ASSIGNMENT_SORTS)[number];

export class ListAssignmentsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ASSIGNMENT_SORTS,
    default: 'created',
    description: '`created` (newest first), `due` (the answer due soonest first), or another column.',
  })
  @IsOptional()
  @IsIn(ASSIGNMENT_SORTS)
  sort?: AssignmentSort;
  @ApiPropertyOptional({ enum: SORT_ORDERS, description: "The sort's direction; each column has its own default." })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES }) @IsOptional() @IsIn(ASSIGNMENT_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: ASSIGNMENT_ROLES }) @IsOptional() @IsIn(ASSIGNMENT_ROLES) role?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() requestId?: string;
  @ApiPropertyOptional({ description: 'An agency code (hub and auditors only; agencies always see their own).' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  agency?: string;
}

export class RelayClarificationDto {
  @ApiPropertyOptional({
    maxLength: 5000,
    description: "The question as the requester should read it; the agency's own wording when absent.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  question?: string;
}
