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
  viewer: Viewer,
): SelectQueryBuilder<RequestEntity> {
  switch (viewer.role) {
    case 'liaison':
      return qb.andWhere('r.requesting_agency = :scopeAgency', { scopeAgency: viewer.agency ?? '' });
    case 'hub_coordinator':
      return qb.andWhere("r.status <> 'draft'");
    case 'agency_coordinator':
      // An agency sees the requests routed to it while it holds a live (or answered) assignment; taken off
      // or declined, it keeps its own assignment record (GET /api/assignments) but no longer the request.
      return qb.andWhere(
        `EXISTS (SELECT 1 FROM assignments sa WHERE sa.request_id = r.id AND sa.agency = :scopeAgency
                   AND sa.status NOT IN ('cancelled', 'declined'))`,
        { scopeAgency: viewer.agency ?? '' },
      );
    case 'authorizer':
      return qb.andWhere("r.status <> 'draft' AND r.needs_authorization");
    case 'auditor':
      return qb;
    case 'admin':
      // Administrators manage users and rules, never request content.
      return qb.andWhere('FALSE');
    default:
      return assertNever(viewer.role);
  }
}
