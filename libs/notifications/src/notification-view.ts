import type { NoticeChannel, TrailKind } from './notification-trail.js';
import { renderNotice, type NoticeLanguage } from './templates.js';

/** A notification row as the queries below select it. */
export interface NotificationRow {
  id: string;
  source_event_id: string;
  request_id: string | null;
  recipient_agency: string;
  event: string;
  params: Record<string, unknown>;
  ack_required: boolean;
  ack_due_at: Date | null;
  ack_purpose: string | null;
  created_at: Date;
  read_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

export const NOTIFICATION_COLUMNS =
  'n.id, n.source_event_id, n.request_id, n.recipient_agency, n.event, n.params, n.ack_required, n.ack_due_at, n.ack_purpose, n.created_at, n.read_at, n.acknowledged_at, n.acknowledged_by';

/** A notice as its recipients see it, in the reader's language. */
export interface NotificationView {
  id: string;
  event: string;
  requestId: string | null;
  folio: string | null;
  recipientAgency: string;
  language: NoticeLanguage;
  subject: string;
  body: string;
  ackRequired: boolean;
  /** NS-4: when the required acknowledgement is due (null when none is required). */
  ackDueAt: string | null;
  /** What the acknowledgement stands for: notice_receipt, assignment_notice or hub_notice. */
  ackPurpose: string | null;
  createdAt: string;
  readAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export interface TrailStepView {
  at: string;
  kind: TrailKind;
  channel: NoticeChannel | null;
  attempt: number | null;
  actorUserId: string | null;
  detail: Record<string, unknown>;
}

export interface DeliveryView {
  id: string;
  channel: Exclude<NoticeChannel, 'in_app'>;
  /** The e-mail address, or the webhook endpoint id. */
  target: string;
  language: NoticeLanguage;
  status: string;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}

/** One notice with its evidence: every step of its trail and where each outbound delivery stands. */
export interface NotificationDetailView extends NotificationView {
  deliveries: DeliveryView[];
  trail: TrailStepView[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toNotificationView(n: NotificationRow, language: NoticeLanguage): NotificationView {
  const notice = renderNotice(n.event, n.params, language, n.ack_required);
  return {
    id: n.id,
    event: n.event,
    requestId: n.request_id,
    folio: typeof n.params.folio === 'string' ? n.params.folio : null,
    recipientAgency: n.recipient_agency,
    language,
    subject: notice.subject,
    body: notice.body,
    ackRequired: n.ack_required,
    ackDueAt: iso(n.ack_due_at),
    ackPurpose: n.ack_purpose,
    createdAt: n.created_at.toISOString(),
    readAt: iso(n.read_at),
    acknowledgedAt: iso(n.acknowledged_at),
    acknowledgedBy: n.acknowledged_by,
  };
}
