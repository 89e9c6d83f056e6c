import { assertNever } from '@ventanilla/domain/assert-never.util.js';
import type { AttachmentViewer, Param } from './attachment-scope.js';

/**
 * Which translations a caller may read, as one SQL condition over a translation `t` and its request `r` (the
 * request itself already visible): exactly those whose original it may read. The requester reads the
 * translation of an agency's answer only once the released reply carries that answer; an agency reads the
 * translations of its own answers; GANS those of the request and its clarifications.
 */
export function translationScopeSql(viewer: AttachmentViewer, param: Param, t = 't', r = 'r'): string {
  const released = `(${r}.response IS NOT NULL AND EXISTS (SELECT 1 FROM jsonb_array_elements(${r}.response->'answers') x
                      WHERE x->>'id' = ${t}.of_id::text))`;
  switch (viewer.role) {
    case 'hub_coordinator':
    case 'auditor':
      return 'TRUE';
    case 'liaison':
      return `(${t}.of_kind IN ('request', 'clarification') OR (${t}.of_kind = 'reply' AND ${r}.response IS NOT NULL)
               OR (${t}.of_kind = 'answer' AND ${released}))`;
    case 'agency_coordinator':
      return `(${t}.of_kind IN ('request', 'clarification') OR (${t}.of_kind = 'answer' AND EXISTS (
                 SELECT 1 FROM assignment_responses x WHERE x.id = ${t}.of_id AND x.agency = ${param(viewer.agency ?? '')})))`;
    case 'authorizer':
      return `${t}.of_kind IN ('request', 'clarification')`;
    case 'admin':
      return 'FALSE';
    default:
      return assertNever(viewer.role);
  }
}
