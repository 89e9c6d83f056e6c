import type { BusinessCalendar, Duration } from './business-calendar.js';
import { requiresProposedActionAt, type NoSurprisesClass } from './request-status.js';
import { AUTHORIZER_AGENCY, HUB_AGENCY } from './routing-rules.js';
import { addSlaDuration } from './sla-clock.js';

/**
 * NS-3: what kind of action a notice announces (reference/sla.json `noticeLeadTimes`). Planned actions
 * (designations, unsealed indictments, announcements) owe 72 h of notice, operations 24 h; exigent actions
 * owe none but must be followed by a post-action report. Wire values: never rename one once shipped.
 */
export const ACTION_KINDS = ['planned', 'operation', 'exigent'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export function isActionKind(value: string): value is ActionKind {
  return (ACTION_KINDS as readonly string[]).includes(value);
}

/** One row of `noticeLeadTimes`: the minimum notice, and for exigent actions the post-action report window. */
export interface NoticeLeadTime {
  kind: ActionKind;
  minLeadTime: Duration | null;
  postActionReportWithin: Duration | null;
}

/** NS-3 applies to the types whose no-surprises class is `notice` or `authorization`. */
export function requiresAdvanceNotice(noSurprises: NoSurprisesClass): boolean {
  return requiresProposedActionAt(noSurprises);
}

export interface NoticeAssessment {
  /** Proposed action time minus submission time, in milliseconds (negative when the action came first). */
  leadMillis: number;
  /** The earliest proposed time that would have been enough notice; null when the kind owes none. */
  enoughFrom: Date | null;
  /** Shorter notice than the kind's minimum: accepted, flagged and escalated at once. */
  surpriseRisk: boolean;
  /** When the post-action report is due (exigent actions only). */
  postActionReportDueAt: Date | null;
}

/**
 * Measures a notice at submission. Lead times are wall-clock time (a 72-hour notice is 72 hours whatever the
 * weekday): the other side needs the hours, not business hours, to prepare.
 */
export function assessNotice(
  proposedActionAt: Date,
  submittedAt: Date,
  leadTime: NoticeLeadTime,
  cal: BusinessCalendar,
): NoticeAssessment {
  const enoughFrom = leadTime.minLeadTime ? addSlaDuration(submittedAt, leadTime.minLeadTime, '24x7', cal) : null;
  return {
    leadMillis: proposedActionAt.getTime() - submittedAt.getTime(),
    enoughFrom,
    surpriseRisk: enoughFrom !== null && proposedActionAt.getTime() < enoughFrom.getTime(),
    postActionReportDueAt: leadTime.postActionReportWithin
      ? addSlaDuration(proposedActionAt, leadTime.postActionReportWithin, '24x7', cal)
      : null,
  };
}

/** Who still has to act before a notice-type request may be cleared for action (reach `in_progress`). */
export const CLEARANCE_PARTIES = ['hub', 'lead_agency', 'authorizer'] as const;
export type ClearanceParty = (typeof CLEARANCE_PARTIES)[number];

export interface PendingClearance {
  party: ClearanceParty;
  /** The agency that owes it; null for a lead not chosen yet. */
  agency: string | null;
  needs: 'acknowledgement' | 'authorization';
}

export interface ClearanceFacts {
  noSurprises: NoSurprisesClass;
  needsAuthorization: boolean;
  authorizationGranted: boolean;
  /** The hub acknowledged the registered notice. */
  hubAcknowledged: boolean;
  /** The agency of the live lead assignment, if any. */
  leadAgency: string | null;
  /** That lead acknowledged the notice of its assignment. */
  leadAcknowledged: boolean;
}

/**
 * NS-3 clearance: for `notice` and `authorization` types, the hub's acknowledgement of the registered notice
 * and the lead agency's acknowledgement of its assignment; for anything that needs authorization, the
 * authorizer's decision. Empty when the request is cleared for action.
 */
export function pendingClearance(f: ClearanceFacts): PendingClearance[] {
  const pending: PendingClearance[] = [];
  if (requiresAdvanceNotice(f.noSurprises)) {
    if (!f.hubAcknowledged) pending.push({ party: 'hub', agency: HUB_AGENCY, needs: 'acknowledgement' });
    if (!f.leadAgency || !f.leadAcknowledged) {
      pending.push({ party: 'lead_agency', agency: f.leadAgency, needs: 'acknowledgement' });
    }
  }
  if (f.needsAuthorization && !f.authorizationGranted) {
    pending.push({ party: 'authorizer', agency: AUTHORIZER_AGENCY, needs: 'authorization' });
  }
  return pending;
}
