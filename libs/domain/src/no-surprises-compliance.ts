import { requiresAdvanceNotice } from './advance-notice.js';
import type { AckPurpose } from './notification-policy.js';
import type { NoSurprisesClass } from './request-status.js';

/** A delivered notice whose acknowledgement the policy required. */
export interface RequiredNoticeFact {
  purpose: AckPurpose;
  agency: string;
  ackDueAt: Date | null;
  acknowledgedAt: Date | null;
}

/** A step that commits to action: routing to the agencies, or the lead starting work (`in_progress`). */
export interface ActionFact {
  kind: 'route' | 'start_progress';
  at: Date;
  /** For `start_progress`: the lead agency that started (null when not recorded). */
  leadAgency: string | null;
}

export interface ComplianceFacts {
  noSurprises: NoSurprisesClass;
  needsAuthorization: boolean;
  submittedAt: Date | null;
  proposedActionAt: Date | null;
  surpriseRisk: boolean;
  registered: boolean;
  /** Lead assignments delivered over every routing round (each owes an acknowledged notice). */
  leadAssignments: number;
  /** Notices the hub sent about the request with an acknowledgement required. */
  hubNoticesRequiringAck: number;
  notices: readonly RequiredNoticeFact[];
  /** When the authorizer authorized (null if not, or not needed). */
  authorizedAt: Date | null;
  actions: readonly ActionFact[];
  now: Date;
}

export interface ComplianceRow {
  noticesRequired: number;
  noticesDelivered: number;
  noticesAcknowledged: number;
  /** Acknowledged after the deadline, or still unacknowledged past it. */
  noticesLate: number;
  /** Proposed action time minus submission, in hours (two decimals); null without a proposed time. */
  noticeLeadHours: number | null;
  surpriseRisk: boolean;
  /** Routings before the hub's acknowledgement or the authorization, and starts before every clearance (NS-5: must be 0). */
  actionsBeforeClearance: number;
}

const HOUR = 3_600_000;

/** NS-5 for one request: what was owed, delivered, acknowledged and late, and what was done too early. */
export function complianceOf(f: ComplianceFacts): ComplianceRow {
  const notice = requiresAdvanceNotice(f.noSurprises);
  const required = (notice && f.registered ? 1 : 0) + (notice ? f.leadAssignments : 0) + f.hubNoticesRequiringAck;
  const late = f.notices.filter(
    (n) =>
      n.ackDueAt !== null &&
      (n.acknowledgedAt ? n.acknowledgedAt > n.ackDueAt : f.now.getTime() > n.ackDueAt.getTime()),
  ).length;
  return {
    noticesRequired: required,
    noticesDelivered: f.notices.length,
    noticesAcknowledged: f.notices.filter((n) => n.acknowledgedAt !== null).length,
    noticesLate: late,
    noticeLeadHours:
      f.proposedActionAt && f.submittedAt
        ? Math.round(((f.proposedActionAt.getTime() - f.submittedAt.getTime()) / HOUR) * 100) / 100
        : null,
    surpriseRisk: f.surpriseRisk,
    actionsBeforeClearance: f.actions.filter((a) => !clearedAt(f, a)).length,
  };
}

/** Whether everything the action needed was recorded before it happened. */
function clearedAt(f: ComplianceFacts, action: ActionFact): boolean {
  const by = (d: Date | null | undefined) => d !== null && d !== undefined && d.getTime() <= action.at.getTime();
  if (f.needsAuthorization && !by(f.authorizedAt)) return false;
  if (!requiresAdvanceNotice(f.noSurprises)) return true;
  const acked = (purpose: AckPurpose, agency?: string | null) =>
    f.notices.some(
      (n) => n.purpose === purpose && (agency === undefined || n.agency === agency) && by(n.acknowledgedAt),
    );
  if (!acked('notice_receipt')) return false;
  // A start whose lead is not recorded (a re-routing that kept its lead) needs some lead's acknowledgement.
  return action.kind === 'route' || acked('assignment_notice', action.leadAgency ?? undefined);
}

export interface ComplianceSummary {
  requests: number;
  noticesRequired: number;
  noticesDelivered: number;
  noticesAcknowledged: number;
  noticesLate: number;
  surpriseRisk: number;
  actionsBeforeClearance: number;
  medianNoticeLeadHours: number | null;
}

export function complianceSummary(rows: readonly ComplianceRow[]): ComplianceSummary {
  const sum = (k: keyof ComplianceRow) => rows.reduce((acc, r) => acc + Number(r[k] ?? 0), 0);
  return {
    requests: rows.length,
    noticesRequired: sum('noticesRequired'),
    noticesDelivered: sum('noticesDelivered'),
    noticesAcknowledged: sum('noticesAcknowledged'),
    noticesLate: sum('noticesLate'),
    surpriseRisk: rows.filter((r) => r.surpriseRisk).length,
    actionsBeforeClearance: sum('actionsBeforeClearance'),
    medianNoticeLeadHours: median(rows.flatMap((r) => (r.noticeLeadHours === null ? [] : [r.noticeLeadHours]))),
  };
}

/** The middle value (the mean of the two middle ones for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return Math.round(m * 100) / 100;
}
