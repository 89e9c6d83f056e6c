import { attachmentScopeSql, type Param } from '@ventanilla/documents/attachment-scope.js';
import { translationScopeSql } from '@ventanilla/documents/translation-scope.js';
import { assertNever } from '@ventanilla/domain/assert-never.util.js';
import type { Role } from '@ventanilla/domain/roles.js';
import { SEARCH_KINDS, type SearchKind } from '@ventanilla/domain/search-query.js';

export interface SearchViewer {
  role: Role;
  agency: string | null;
}

/**
 * Whether the caller may read the text of entry `d` of request `r` (the request itself already in the caller's
 * scope), as one SQL condition: a match, a rank or a snippet is only ever taken from an entry that passes it.
 * Each kind follows the rule of the screen that shows that text:
 * - the request and its clarifications: whoever sees the request;
 * - an agency's answer: that agency, the hub, auditors; the requester once the released reply carries it;
 * - an agency's question to the hub and its answer: that agency, the hub, auditors;
 * - the reply: the hub, auditors; the requester once released;
 * - translations and attachments: the conditions of their own lists (translation-scope.ts, attachment-scope.ts).
 */
export function entryScopeSql(viewer: SearchViewer, param: Param, d = 'd', r = 'r'): string {
  const rule = (kind: SearchKind): string => {
    switch (kind) {
      case 'request':
      case 'clarification':
        return 'TRUE';
      case 'answer':
        return byRole(viewer, {
          hub: 'TRUE',
          agency: () => `${d}.agency = ${param(viewer.agency ?? '')}`,
          liaison: `${r}.response -> 'answers' @> jsonb_build_array(jsonb_build_object('id', ${d}.source_id::text))`,
        });
      case 'agency_clarification':
        return byRole(viewer, { hub: 'TRUE', agency: () => `${d}.agency = ${param(viewer.agency ?? '')}` });
      case 'reply':
        return byRole(viewer, { hub: 'TRUE', liaison: `${r}.response IS NOT NULL` });
      case 'translation':
        return `EXISTS (SELECT 1 FROM translations t WHERE t.id = ${d}.source_id AND t.request_id = ${r}.id
                          AND ${translationScopeSql(viewer, param, 't', r)})`;
      case 'attachment':
        return `EXISTS (SELECT 1 FROM attachments a WHERE a.id = ${d}.source_id AND a.request_id = ${r}.id
                          AND ${attachmentScopeSql(viewer, param, 'a', r)})`;
      default:
        return assertNever(kind);
    }
  };
  const rules = SEARCH_KINDS.map((k) => [k, rule(k)] as const);
  const always = rules.filter(([, sql]) => sql === 'TRUE').map(([k]) => k);
  const conditional = rules
    .filter(([, sql]) => sql !== 'TRUE' && sql !== 'FALSE')
    .map(([k, sql]) => `(${d}.kind = '${k}' AND ${sql})`);
  const parts = [
    ...(always.length ? [`${d}.kind IN (${always.map((k) => `'${k}'`).join(', ')})`] : []),
    ...conditional,
  ];
  return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
}

/** A rule that differs by role: the hub and auditors, the agency coordinator, the requester; nobody else. */
function byRole(viewer: SearchViewer, rules: { hub: string; agency?: () => string; liaison?: string }): string {
  switch (viewer.role) {
    case 'hub_coordinator':
    case 'auditor':
      return rules.hub;
    case 'agency_coordinator':
      return rules.agency ? rules.agency() : 'FALSE';
    case 'liaison':
      return rules.liaison ?? 'FALSE';
    case 'authorizer':
    case 'admin':
      return 'FALSE';
    default:
      return assertNever(viewer.role);
  }
}
