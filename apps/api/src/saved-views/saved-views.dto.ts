import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, validate } from 'class-validator';
import { ASSIGNMENT_STATUSES } from '@ventanilla/domain/assignment-status.js';
import type { Role } from '@ventanilla/domain/roles.js';
import type { FieldError } from '@ventanilla/http/app-error.js';
import { toFieldErrors, type CrossChecks } from '@ventanilla/http/validation.js';
import { ListUsersQuery } from '../admin/users.dto.js';
import { ListAssignmentsQuery } from '../assignments/assignments.dto.js';
import { AuditEventsQuery } from '../audit/audit.dto.js';
import { ListRequestsQuery } from '../requests/requests.dto.js';

/** The lists a view may be saved of; stable names on the wire. */
export const SAVED_VIEW_LISTS = ['requests', 'hub', 'inbox', 'audit', 'users'] as const;
export type SavedViewList = (typeof SAVED_VIEW_LISTS)[number];

/** Who has each list (the web app's screens): a view of a list the caller's role does not have is refused. */
export const LIST_ROLES: Record<SavedViewList, readonly Role[]> = {
  requests: ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'],
  hub: ['hub_coordinator'],
  inbox: ['agency_coordinator'],
  audit: ['auditor'],
  users: ['admin'],
};

class RequestViewParams extends OmitType(ListRequestsQuery, ['cursor', 'limit'] as const) {}
class AuditViewParams extends OmitType(AuditEventsQuery, ['cursor', 'limit'] as const) {}
class UserViewParams extends OmitType(ListUsersQuery, ['cursor', 'limit'] as const) {}
/** The inbox's address names a tab: a status, or `all`. */
class InboxViewParams extends OmitType(ListAssignmentsQuery, ['cursor', 'limit', 'status'] as const) {
  @IsOptional() @IsIn([...ASSIGNMENT_STATUSES, 'all']) status?: string;
}

/** A view's parameters are exactly what the list's address may carry (no cursor, no page size). */
const PARAMS_OF: Record<SavedViewList, new () => object> = {
  requests: RequestViewParams,
  hub: RequestViewParams,
  inbox: InboxViewParams,
  audit: AuditViewParams,
  users: UserViewParams,
};

export const MAX_VIEW_PARAMS = 20;

export class CreateSavedViewDto {
  @ApiProperty({ enum: SAVED_VIEW_LISTS }) @IsIn(SAVED_VIEW_LISTS) list: SavedViewList;

  @ApiProperty({ maxLength: 80, example: 'P1 awaiting routing' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  name: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { status: 'registered', sort: 'priority', order: 'asc' },
    description:
      'The list\'s query parameters (its filters, `sort` and `order`; README "Lists"), as text; each is checked as the list itself checks it. No `cursor` or `limit`.',
  })
  @IsObject()
  params: Record<string, string>;
}

export class ListSavedViewsQuery {
  @ApiPropertyOptional({ enum: SAVED_VIEW_LISTS, description: 'Only the views of this list.' })
  @IsOptional()
  @IsIn(SAVED_VIEW_LISTS)
  list?: SavedViewList;
}

/** Checks `params` against the list it names, beside the shape checks: `params.sort`, `params.cursor`… */
async function paramErrors(raw: unknown, named: ReadonlySet<string>): Promise<FieldError[]> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const { list, params } = raw as { list?: unknown; params?: unknown };
  if (named.has('params') || params === null || typeof params !== 'object' || Array.isArray(params)) return [];
  const entries = Object.entries(params as Record<string, unknown>);
  if (entries.length > MAX_VIEW_PARAMS) return [{ field: 'params', code: 'too_many_parts' }];
  const notText = entries
    .filter(([, v]) => typeof v !== 'string' || v.length > 500)
    .map(([k, v]): FieldError => ({
      field: `params.${k}`,
      code: typeof v === 'string' ? 'maxLength' : 'isString',
      params: { max: 500 },
    }));
  if (notText.length > 0 || named.has('list') || !SAVED_VIEW_LISTS.includes(list as SavedViewList)) return notText;
  const errors = await validate(plainToInstance(PARAMS_OF[list as SavedViewList], params), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: true },
  });
  return toFieldErrors(errors, 'params');
}

export const savedViewCrossChecks: CrossChecks = new Map([[CreateSavedViewDto, paramErrors]]);
