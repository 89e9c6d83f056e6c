import { requiresAdvanceNotice, type ActionKind } from './advance-notice.js';
import { assertNever } from './assert-never.util.js';
import type { AssignmentRole } from './assignment-status.js';
import type { BusinessCalendar, Duration } from './business-calendar.js';
import type { EscalationLevel, NoSurprisesClass, RequestStatus } from './request-status.js';
import { AUTHORIZER_AGENCY, HUB_AGENCY } from './routing-rules.js';
import { addSlaDuration, type SlaCalendarKind } from './sla-clock.js';

/** The hub's own agency code: every request event concerns it. */
export { HUB_AGENCY };

/*
 * The no-surprises notification policy (NS-2, NS-3, NS-4): for every event, who must be told, in which
 * language, and whose acknowledgement is required by when. The services turn its answer into outbox rows in
 * the transaction of the event; nothing else decides who hears of what.
 */

export type AgencyCountry = 'MX' | 'US';
export type NoticeLanguage = 'en' | 'es';

/** An agency's language: Mexican agencies read Spanish, the others English. */
export function agencyLanguage(country: string | null | undefined): NoticeLanguage {
  return country === 'MX' ? 'es' : 'en';
}

const isLanguage = (v: string | null | undefined): v is NoticeLanguage => v === 'en' || v === 'es';

/**
 * The language of one recipient address: its own setting, else its user's, else the agency's. The policy
 * names the agency's; each channel refines it for the address it writes to.
 */
export function recipientLanguage(
  configured: string | null | undefined,
  userLanguage: string | null | undefined,
  agencyCountry: string | null | undefined,
): NoticeLanguage {
  if (isLanguage(configured)) return configured;
  if (isLanguage(userLanguage)) return userLanguage;
  return agencyLanguage(agencyCountry);
}

/** Why a recipient is told. */
export const NOTIFIED_PARTIES = [
  'requesting_agency',
  'hub',
  'assigned_agency',
  'authorizer',
  'escalation_holder',
  'addressee',
] as const;
export type NotifiedParty = (typeof NOTIFIED_PARTIES)[number];

/**
 * What a required acknowledgement stands for. `notice_receipt`: the hub took note of a registered notice;
 * `assignment_notice`: the lead agency took note of its assignment; `hub_notice`: a US agency took note of a
 * notice the hub sent it. Wire values (stored with the notification): never rename.
 */
export const ACK_PURPOSES = ['notice_receipt', 'assignment_notice', 'hub_notice'] as const;
export type AckPurpose = (typeof ACK_PURPOSES)[number];

/** What a notice from the hub to a US agency is about (NS-1 both ways). Wire values: never rename. */
export const HUB_NOTICE_KINDS = ['transfer', 'expulsion', 'protest', 'other'] as const;
export type HubNoticeKind = (typeof HUB_NOTICE_KINDS)[number];

export const HUB_NOTICE_KIND_LABELS: Record<HubNoticeKind, Record<NoticeLanguage, string>> = {
  transfer: { en: 'transfer', es: 'traslado' },
  expulsion: { en: 'expulsion', es: 'expulsión' },
  protest: { en: 'protest', es: 'protesta' },
  other: { en: 'notice', es: 'aviso' },
};

/** How long a recipient has to acknowledge, on which clock. */
export interface AckWindow {
  within: Duration;
  calendar: SlaCalendarKind;
}

export interface AckDemand {
  purpose: AckPurpose;
  window: AckWindow;
}

/** Reference data the policy reads (request types, agencies, SLA targets), supplied by the caller. */
export interface PolicyReference {
  /** The type's no-surprises class (`none` for an unknown type). */
  noSurprisesOf(type: string): NoSurprisesClass;
  countryOf(agency: string): AgencyCountry | null;
  /** The priority's `acknowledgeWithin` and its calendar, or null for an unknown priority. */
  acknowledgeWithin(priority: string): AckWindow | null;
}

/** The request as the policy sees it. */
export interface PolicyRequest {
  type: string;
  priority: string;
  status: RequestStatus;
  requestingAgency: string;
  needsAuthorization: boolean;
  actionKind: ActionKind | null;
}

export interface AssignedAgency {
  agency: string;
  role: AssignmentRole;
}

/** Every kind of event that notifies someone. `event` names are the notification's event (template key). */
export type PolicyEvent =
  | {
      kind: 'request';
      /** A request action (REQUEST_ACTIONS). */
      action: string;
      from: RequestStatus | null;
      /** The request after the change. */
      request: PolicyRequest;
      /** Agencies holding a live assignment on the request. */
      assigned: readonly AssignedAgency[];
    }
  | {
      kind: 'assignment';
      /** `assignment.<action>`, `assignment.delivered`, `assignment.respond_partial`… */
      event: string;
      request: PolicyRequest;
      assignment: AssignedAgency;
    }
  | {
      kind: 'escalation';
      scope: 'request' | 'assignment';
      level: EscalationLevel;
      request: PolicyRequest;
      /** Whose clock ran late: the requesting agency, an assigned agency, the hub, or a notice's addressee. */
      owner: string;
      /** The Mexican holders of the level reached. */
      holders: readonly string[];
    }
  | { kind: 'hub_notice'; request: PolicyRequest; addressee: string; ackRequired: boolean }
  | { kind: 'surprise_risk'; request: PolicyRequest; holders: readonly string[] }
  | { kind: 'post_action_report'; request: PolicyRequest; assigned: readonly AssignedAgency[] }
  | {
      kind: 'attachment';
      /** The file's context (request, clarification, answer, reply, note). */
      context: AttachmentContext;
      request: PolicyRequest;
      assigned: readonly AssignedAgency[];
      /** The agency whose file it is (for `answer`, the assignment's agency). */
      owner: string | null;
    };

/** Where a file of the record belongs (issue 11). Wire values: never rename. */
export const ATTACHMENT_CONTEXTS = ['request', 'clarification', 'answer', 'reply', 'note'] as const;
export type AttachmentContext = (typeof ATTACHMENT_CONTEXTS)[number];

export interface NoticeRecipient {
  agency: string;
  /** The first reason this agency is told (an agency is told once per event). */
  party: NotifiedParty;
  /** The agency's language; an address's own setting may override it (`recipientLanguage`). */
  language: NoticeLanguage;
  /** Required acknowledgement, or null. */
  ack: AckDemand | null;
}

/** Used when a priority has no acknowledgement target: one business day. */
const DEFAULT_ACK_WINDOW: AckWindow = { within: { value: 1, unit: 'businessDays' }, calendar: 'business' };
/** An exigent action cannot wait for office hours: one hour, around the clock. */
const EXIGENT_ACK_WINDOW: AckWindow = { within: { value: 1, unit: 'hours' }, calendar: '24x7' };

/**
 * NS-4: how long a required acknowledgement may take. Exigent actions: one hour around the clock. Otherwise
 * the priority's `acknowledgeWithin` on the priority's calendar (P1 1 h 24x7, P2 4 business hours, P3 one
 * business day, P4 two business days).
 */
export function acknowledgementWindow(request: PolicyRequest, ref: PolicyReference): AckWindow {
  if (request.actionKind === 'exigent') return EXIGENT_ACK_WINDOW;
  return ref.acknowledgeWithin(request.priority) ?? DEFAULT_ACK_WINDOW;
}

export interface AckSchedule {
  dueAt: Date;
  /** L1 when the acknowledgement is due, L2 when a second window has passed without it. */
  steps: Array<{ level: EscalationLevel; at: Date; trigger: 'ack_due' | 'ack_overdue' }>;
}

/** The deadline of a required acknowledgement asked for at `from`, and its escalation steps. */
export function acknowledgementSchedule(window: AckWindow, from: Date, cal: BusinessCalendar): AckSchedule {
  const dueAt = addSlaDuration(from, window.within, window.calendar, cal);
  const overdueAt = addSlaDuration(dueAt, window.within, window.calendar, cal);
  return {
    dueAt,
    steps: [
      { level: 'L1', at: dueAt, trigger: 'ack_due' },
      { level: 'L2', at: overdueAt, trigger: 'ack_overdue' },
    ],
  };
}

/** The template key of an event: `request.<action>` and so on. */
export function policyEventName(event: PolicyEvent): string {
  switch (event.kind) {
    case 'request':
      return `request.${event.action}`;
    case 'assignment':
      return event.event;
    case 'escalation':
      return `${event.scope}.escalated`;
    case 'hub_notice':
      return 'request.notice';
    case 'surprise_risk':
      return 'request.surprise_risk';
    case 'post_action_report':
      return 'request.post_action_report';
    case 'attachment':
      return 'request.attachment_added';
    default:
      return assertNever(event);
  }
}

/**
 * Who must be told of `event` (NS-2), with each one's language and any acknowledgement required (NS-3/4).
 * - Drafts concern nobody but their author, and a draft withdrawn unseen stays private.
 * - Request events: the requesting agency, the hub, every assigned agency, and the authorizer (GANS) when
 *   the request needs authorization; a hand-over between hub coordinators, the hub alone.
 * - Assignment events: the assigned agency and the hub, and never a US agency (NS-1: the hub speaks for the
 *   Mexican agencies; requesters learn of request-level effects only).
 * - For `notice` and `authorization` types, the hub must acknowledge the registered notice and the lead
 *   agency the notice of its assignment; a notice the hub sends a US agency may require its acknowledgement.
 */
export function noticeRecipients(event: PolicyEvent, ref: PolicyReference): NoticeRecipient[] {
  const out = new Recipients(ref);
  const r = event.request;
  const ackFor = (purpose: AckPurpose): AckDemand => ({ purpose, window: acknowledgementWindow(r, ref) });
  const noticeType = requiresAdvanceNotice(ref.noSurprisesOf(r.type));
  switch (event.kind) {
    case 'request': {
      if (r.status === 'draft' || (event.from === 'draft' && event.action !== 'submit')) return [];
      // A hand-over moves the work between two hub coordinators: the hub (the colleague's agency) is told; for
      // the requester and the agencies the hub still holds the request, in the same status.
      if (event.action === 'hand_over') {
        out.add(HUB_AGENCY, 'hub');
        return out.list();
      }
      out.add(r.requestingAgency, 'requesting_agency');
      out.add(HUB_AGENCY, 'hub', event.action === 'register' && noticeType ? ackFor('notice_receipt') : null);
      for (const a of event.assigned) out.add(a.agency, 'assigned_agency');
      if (r.needsAuthorization) out.add(AUTHORIZER_AGENCY, 'authorizer');
      return out.list();
    }
    case 'assignment': {
      const leadNotice = event.event === 'assignment.delivered' && event.assignment.role === 'lead' && noticeType;
      out.add(event.assignment.agency, 'assigned_agency', leadNotice ? ackFor('assignment_notice') : null);
      out.add(HUB_AGENCY, 'hub');
      return out.list().filter((x) => ref.countryOf(x.agency) !== 'US');
    }
    case 'escalation': {
      out.add(HUB_AGENCY, 'hub');
      if (event.scope === 'request') out.add(r.requestingAgency, 'requesting_agency');
      out.add(event.owner, event.scope === 'assignment' ? 'assigned_agency' : 'addressee');
      for (const h of event.holders) out.add(h, 'escalation_holder');
      const all = out.list();
      return event.scope === 'assignment' ? all.filter((x) => ref.countryOf(x.agency) !== 'US') : all;
    }
    case 'hub_notice':
      out.add(event.addressee, 'addressee', event.ackRequired ? ackFor('hub_notice') : null);
      return out.list();
    case 'surprise_risk':
      out.add(HUB_AGENCY, 'hub');
      out.add(r.requestingAgency, 'requesting_agency');
      for (const h of event.holders) out.add(h, 'escalation_holder');
      if (r.needsAuthorization) out.add(AUTHORIZER_AGENCY, 'authorizer');
      return out.list();
    case 'post_action_report':
      out.add(r.requestingAgency, 'requesting_agency');
      out.add(HUB_AGENCY, 'hub');
      for (const a of event.assigned) out.add(a.agency, 'assigned_agency');
      if (r.needsAuthorization) out.add(AUTHORIZER_AGENCY, 'authorizer');
      return out.list();
    case 'attachment':
      // A file added after submission, told to those who may see it (libs/documents/src/attachment-scope.ts):
      // the requester's files to every party of the request; an agency's answer file to that agency and the
      // hub; the hub's reply files and notes to the hub (the requester hears of released files with the reply).
      if (r.status === 'draft') return [];
      switch (event.context) {
        case 'request':
        case 'clarification':
          out.add(r.requestingAgency, 'requesting_agency');
          out.add(HUB_AGENCY, 'hub');
          for (const a of event.assigned) out.add(a.agency, 'assigned_agency');
          if (r.needsAuthorization) out.add(AUTHORIZER_AGENCY, 'authorizer');
          return out.list();
        case 'answer':
          if (event.owner) out.add(event.owner, 'assigned_agency');
          out.add(HUB_AGENCY, 'hub');
          return out.list();
        case 'reply':
        case 'note':
          out.add(HUB_AGENCY, 'hub');
          return out.list();
        default:
          return assertNever(event.context);
      }
    default:
      return assertNever(event);
  }
}

/** Each agency once, in the order first named; a later mention may add an acknowledgement, never drop one. */
class Recipients {
  private readonly byAgency = new Map<string, NoticeRecipient>();

  constructor(private readonly ref: PolicyReference) {}

  add(agency: string, party: NotifiedParty, ack: AckDemand | null = null): void {
    const seen = this.byAgency.get(agency);
    if (seen) {
      seen.ack ??= ack;
      return;
    }
    this.byAgency.set(agency, { agency, party, language: agencyLanguage(this.ref.countryOf(agency)), ack });
  }

  list(): NoticeRecipient[] {
    return [...this.byAgency.values()];
  }
}
