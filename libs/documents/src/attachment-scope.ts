import { assertNever } from '@ventanilla/domain/assert-never.util.js';
import type { Role } from '@ventanilla/domain/roles.js';

export interface AttachmentViewer {
  role: Role;
  agency: string | null;
}

/** Adds a value to the query's parameters and answers its placeholder (`$3`). */
export type Param = (value: unknown) => string;

/**
 * Need-to-know for files (issue 11), as one SQL condition over an attachment `a` and its request `r`, so that
 * every list, download, count and search is scoped in the query itself:
 * - the requester's files (`request`, `clarification`): the requesting agency, the hub once submitted, GANS for
 *   what it decides on, auditors, and each agency the request is routed to while its assignment is live;
 * - an agency's `answer` files: that agency while its assignment is live, the hub, auditors; the requester only
 *   once the hub released the file with the reply;
 * - the hub's `reply` files: the hub, auditors, and the requester once released;
 * - hub `note`s: the hub and auditors.
 * A withdrawn file is the auditors' alone. Administrators see no request content.
 */
export function attachmentScopeSql(viewer: AttachmentViewer, param: Param, a = 'a', r = 'r'): string {
  const agency = () => param(viewer.agency ?? '');
  const live = `${a}.withdrawn_at IS NULL`;
  const routedTo = (ag: string) =>
    `EXISTS (SELECT 1 FROM assignments sa WHERE sa.request_id = ${r}.id AND sa.agency = ${ag}
               AND sa.status NOT IN ('cancelled', 'declined'))`;
  switch (viewer.role) {
    case 'liaison': {
      const ag = agency();
      return `(${live} AND ${r}.requesting_agency = ${ag} AND (${a}.context IN ('request', 'clarification')
                OR (${a}.context IN ('answer', 'reply') AND ${a}.released_at IS NOT NULL)))`;
    }
    case 'hub_coordinator':
      return `(${live} AND ${r}.status <> 'draft')`;
    case 'agency_coordinator': {
      const ag = agency();
      return `(${live} AND ${routedTo(ag)} AND (${a}.context IN ('request', 'clarification')
                OR (${a}.context = 'answer' AND ${a}.agency = ${ag})))`;
    }
    case 'authorizer':
      return `(${live} AND ${r}.status <> 'draft' AND ${r}.needs_authorization
                AND ${a}.context IN ('request', 'clarification'))`;
    case 'auditor':
      return 'TRUE';
    case 'admin':
      return 'FALSE';
    default:
      return assertNever(viewer.role);
  }
}

/** A fresh parameter list and the `param` function that fills it, for building one query. */
export function parameters(initial: unknown[] = []): { values: unknown[]; param: Param } {
  const values = [...initial];
  return {
    values,
    param: (value) => {
      values.push(value);
      return `$${values.length}`;
    },
  };
}
