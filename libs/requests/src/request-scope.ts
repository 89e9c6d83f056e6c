import type { SelectQueryBuilder } from 'typeorm';
import type { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { assertNever } from '@ventanilla/domain/assert-never.util.js';
import type { Role } from '@ventanilla/domain/roles.js';

export interface Viewer {
  id: string;
  role: Role;
  agency: string | null;
}

/**
 * Need-to-know, as a WHERE clause on alias `r`: what each role may see (DESIGN §1). Applied inside every
 * query, so rows outside it are never loaded. Drafts stay with the requesting agency until submitted.
 */
export function applyRequestScope(
  qb: SelectQueryBuilder<RequestEntity>,
  viewer: Pick<Viewer, 'role' | 'agency'>,
): SelectQueryBuilder<RequestEntity> {
  const params: Record<string, unknown> = {};
  const sql = requestScopeSql(viewer, (value) => {
    const name = `scope${Object.keys(params).length}`;
    params[name] = value;
    return `:${name}`;
  });
  return qb.andWhere(sql, params);
}

/** The same condition for hand-written SQL: `param` adds a value and answers its placeholder. */
export function requestScopeSql(
  viewer: Pick<Viewer, 'role' | 'agency'>,
  param: (value: unknown) => string,
  r = 'r',
): string {
  switch (viewer.role) {
    case 'liaison':
      return `${r}.requesting_agency = ${param(viewer.agency ?? '')}`;
    case 'hub_coordinator':
      return `${r}.status <> 'draft'`;
    case 'agency_coordinator':
      // An agency sees the requests routed to it while it holds a live (or answered) assignment; taken off
      // or declined, it keeps its own assignment record (GET /api/assignments) but no longer the request.
      return `EXISTS (SELECT 1 FROM assignments sa WHERE sa.request_id = ${r}.id AND sa.agency = ${param(viewer.agency ?? '')}
                   AND sa.status NOT IN ('cancelled', 'declined'))`;
    case 'authorizer':
      return `${r}.status <> 'draft' AND ${r}.needs_authorization`;
    case 'auditor':
      return 'TRUE';
    case 'admin':
      // Administrators manage users and rules, never request content.
      return 'FALSE';
    default:
      return assertNever(viewer.role);
  }
}
