import { ACTION_KINDS, isActionKind, type ActionKind } from '@ventanilla/domain/advance-notice.js';
import type { RequestType } from '../api/client';

export { ACTION_KINDS, type ActionKind };

export interface NoticeLeadTime {
  kind: ActionKind;
  /** Minimum notice in hours; null for exigent actions, which owe none. */
  hours: number | null;
  /** Exigent actions: the post-action report is due this many hours after the action. */
  reportWithinHours: number | null;
}

/** The kind a type's requests usually announce: operations for the OPS family, planned actions otherwise. */
export function defaultActionKind(type: RequestType | undefined): ActionKind | null {
  if (!type?.requiresProposedActionAt) return null;
  return type.family === 'OPS' ? 'operation' : 'planned';
}

/**
 * Minimum advance notice for a type that carries a proposed action date (NS-3; reference sla.json
 * `noticeLeadTimes`): 72 h for planned actions such as designations or announcements, 24 h for operations;
 * exigent actions owe none but a post-action report within 12 h.
 */
export function noticeLeadTime(type: RequestType | undefined, actionKind?: string): NoticeLeadTime | null {
  const fallback = defaultActionKind(type);
  if (!fallback) return null;
  const kind = actionKind && isActionKind(actionKind) ? actionKind : fallback;
  switch (kind) {
    case 'planned':
      return { kind, hours: 72, reportWithinHours: null };
    case 'operation':
      return { kind, hours: 24, reportWithinHours: null };
    case 'exigent':
      return { kind, hours: null, reportWithinHours: 12 };
  }
}

/** True when the proposed date leaves less notice than the minimum: accepted, but flagged and escalated. */
export function insideLeadTime(lead: NoticeLeadTime, proposedIso: string | undefined, now = Date.now()): boolean {
  if (!proposedIso || lead.hours === null) return false;
  return new Date(proposedIso).getTime() - now < lead.hours * 3600_000;
}
