import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  IsUUID,
} from 'class-validator';
import { ACTION_KINDS, type ActionKind } from '@ventanilla/domain/advance-notice.js';
import { ESCALATION_LEVELS, HANDLING_CODES, PRIORITIES, REQUEST_STATUSES } from '@ventanilla/domain/request-status.js';
import { SORT_ORDERS, type SortOrder } from '@ventanilla/http/keyset-cursor.js';
import { PageQuery } from '@ventanilla/http/page-query.js';
import { IsLaterThan, MAX_VERSION } from '@ventanilla/http/validation.js';
import { CLASSIFICATIONS, REQUEST_LANGUAGES, SUBJECT_KINDS } from '@ventanilla/domain/request-fields.js';

export class SubjectDto {
  @ApiProperty({ enum: SUBJECT_KINDS }) @IsIn(SUBJECT_KINDS) kind: (typeof SUBJECT_KINDS)[number];
  @ApiProperty({ maxLength: 300 }) @IsString() @IsNotEmpty() @MaxLength(300) name: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) nationality?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isMexicanOfficial?: boolean;
}

/**
 * Fields of a request that the requester writes. Everything is optional here so drafts can be saved
 * half-written; submission checks that the required ones are present (see REQUIRED_ON_SUBMIT).
 */
export class RequestFieldsDto {
  @ApiPropertyOptional({ description: 'Request type code (GET /api/reference/request-types). Required to submit.' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  type?: string;

  @ApiPropertyOptional({ type: [String], description: 'Topic codes; the first decides routing. Required to submit.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  topics?: string[];

  @ApiPropertyOptional({ enum: PRIORITIES, description: "Defaults to the type's priority." })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: (typeof PRIORITIES)[number];

  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
  @ApiPropertyOptional({ maxLength: 20000 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(20000) summary?: string;
  @ApiPropertyOptional({ enum: REQUEST_LANGUAGES }) @IsOptional() @IsIn(REQUEST_LANGUAGES) language?: 'en' | 'es';
  @ApiPropertyOptional({ enum: CLASSIFICATIONS }) @IsOptional() @IsIn(CLASSIFICATIONS) classification?: string;
  @ApiPropertyOptional({ enum: HANDLING_CODES }) @IsOptional() @IsIn(HANDLING_CODES) handlingCode?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) legalBasis?: string;

  @ApiPropertyOptional({ type: [SubjectDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SubjectDto)
  subjects?: SubjectDto[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  locations?: string[];

  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) neededBy?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Required for notice and authorization types (NS-3).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  proposedActionAt?: string;

  @ApiPropertyOptional({
    enum: ACTION_KINDS,
    description:
      'Required for notice and authorization types (NS-3): planned (72 h minimum notice), operation (24 h) or exigent (no minimum; a post-action report is due 12 h after the action).',
  })
  @IsOptional()
  @IsIn(ACTION_KINDS)
  actionKind?: ActionKind;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() usPersonnelOnMexicanSoil?: boolean;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) diplomaticNoteNumber?: string;
}

export class CreateRequestDto extends RequestFieldsDto {
  @ApiPropertyOptional({ description: 'true keeps it a draft; otherwise it is submitted at once.' })
  @IsOptional()
  @IsBoolean()
  draft?: boolean;
}

export class UpdateDraftDto extends RequestFieldsDto {
  @ApiProperty({ description: 'The version you edited.' }) @IsInt() @Min(1) @Max(MAX_VERSION) version: number;
}

export class ActionDto {
  @ApiProperty({ description: 'The version you acted on; a stale one answers 409 with the current request.' })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version: number;

  @ApiPropertyOptional({ maxLength: 5000, description: 'Reason, question or answer, as the action requires.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reason?: string;

  @ApiPropertyOptional({ description: '`route`/`reroute`: the lead agency code.' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  lead?: string;

  @ApiPropertyOptional({ type: [String], description: '`route`/`reroute`: supporting agency codes.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  support?: string[];

  @ApiPropertyOptional({ maxLength: 20000, description: '`release_response`: the consolidated reply.' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  response?: string;

  @ApiPropertyOptional({
    type: [String],
    description: '`release_response`: which agency answers to attach (ids); all final answers when absent.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  answerIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    description:
      "`release_response`: which agencies' answer files (ids) the requester receives with the reply; the hub's reply files always go.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: '`hand_over`: the hub coordinator who takes the request over (GET /api/hub/colleagues).',
  })
  @IsOptional()
  @IsUUID('all')
  colleague?: string;
}

/** The hub's working queues (GET /api/requests?queue=…, counts at GET /api/requests/queues). */
export const REQUEST_QUEUES = [
  'unclaimed',
  'mine',
  'clarification',
  'authorization',
  'routed',
  'needs_rerouting',
  'ready_to_release',
  'at_risk',
  'overdue',
] as const;
export type RequestQueue = (typeof REQUEST_QUEUES)[number];

/** The columns a request list may be sorted by (`sort=`); `newest` is `created` descending. */
export const REQUEST_SORTS = [
  'created',
  'updated',
  'deadline',
  'folio',
  'title',
  'type',
  'agency',
  'status',
  'priority',
] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];
const LIST_SORTS = ['relevance', 'newest', ...REQUEST_SORTS] as const;

export class ListRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REQUEST_QUEUES, description: 'A hub queue; implies sort=deadline.' })
  @IsOptional()
  @IsIn(REQUEST_QUEUES)
  queue?: RequestQueue;
  @ApiPropertyOptional({ enum: ESCALATION_LEVELS }) @IsOptional() @IsIn(ESCALATION_LEVELS) escalation?: string;
  @ApiPropertyOptional({
    enum: LIST_SORTS,
    description:
      'newest first (the default without `q`; `created` descending), nearest deadline first (the default with `queue`), by relevance (the default with `q`; needs `q`), or by a column in the direction `order` gives. With `q`, only relevance, newest and deadline.',
  })
  @IsOptional()
  @IsIn(LIST_SORTS)
  sort?: (typeof LIST_SORTS)[number];
  @ApiPropertyOptional({
    enum: SORT_ORDERS,
    description: "The sort's direction; each column has its own default (dates newest first, the rest ascending).",
  })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;
  @ApiPropertyOptional({ enum: REQUEST_STATUSES }) @IsOptional() @IsIn(REQUEST_STATUSES) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) type?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) topic?: string;
  @ApiPropertyOptional({ enum: PRIORITIES }) @IsOptional() @IsIn(PRIORITIES) priority?: string;
  @ApiPropertyOptional({ description: 'The requesting agency (code).' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  agency?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsLaterThan('from')
  to?: string;
  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'Search across the record (README "Search"): words in Spanish or English, accents and case ignored, "quoted phrases", -exclusions, `or`; a folio or its start. Each item then carries `match` (rank and snippets).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class AnswerRelayedDto {
  @ApiProperty({ maxLength: 5000 }) @IsString() @IsNotEmpty() @MaxLength(5000) answer: string;
}

/** GANS's decisions as listed to it (GET /api/requests/authorization-decisions). Wire values: never rename. */
export const AUTHORIZATION_DECISIONS = ['authorized', 'denied'] as const;
export type AuthorizationDecision = (typeof AUTHORIZATION_DECISIONS)[number];

export class AuthorizationDecisionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AUTHORIZATION_DECISIONS })
  @IsOptional()
  @IsIn(AUTHORIZATION_DECISIONS)
  decision?: AuthorizationDecision;

  @ApiPropertyOptional({ format: 'date-time', description: 'Decisions taken at or after this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Decisions taken before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsLaterThan('from')
  to?: string;
}
