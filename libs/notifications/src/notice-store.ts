import type { EntityManager } from 'typeorm';

/** One notice to one agency about one event (the policy's answer, see libs/requests/src/notice-outbox.ts). */
export interface NoticeInput {
  sourceEventId: string;
  requestId: string | null;
  recipientAgency: string;
  event: string;
  params: Record<string, string | number | boolean | null>;
  ackRequired: boolean;
  /** NS-4: what the acknowledgement stands for and when it is due (only with `ackRequired`). */
  ack?: { purpose: string; dueAt: string } | null;
}

/** A notice written now; notices already there (same event and agency) are not written again. */
export interface StoredNotice {
  id: string;
  /** Its position in the input. */
  index: number;
}

/** The language a contact reads (recipientLanguage in libs/domain/src/notification-policy.ts, as SQL). */
const CONTACT_LANGUAGE = `CASE WHEN c.language IN ('en', 'es') THEN c.language
                               WHEN u.language IN ('en', 'es') THEN u.language
                               WHEN a.country = 'MX' THEN 'es' ELSE 'en' END`;

/**
 * Delivers notices in-app, in the caller's transaction and in one statement: the notification rows, one
 * pending delivery per active e-mail contact and webhook endpoint of each agency (the delivery dispatcher sends
 * them), and the evidence trail (created at the event's time, delivered in-app, queued per delivery). A notice
 * already there is skipped with everything that hangs from it, so running this twice for an event is harmless.
 */
export async function insertNotices(m: EntityManager, notices: NoticeInput[]): Promise<StoredNotice[]> {
  if (notices.length === 0) return [];
  const input = notices.map((n, i) => ({
    i,
    source_event_id: n.sourceEventId,
    request_id: n.requestId,
    recipient_agency: n.recipientAgency,
    event: n.event,
    params: n.params,
    ack_required: n.ackRequired,
    ack_due_at: n.ackRequired && n.ack ? n.ack.dueAt : null,
    ack_purpose: n.ackRequired && n.ack ? n.ack.purpose : null,
  }));
  const rows = (await m.query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(i int, source_event_id uuid, request_id uuid,
         recipient_agency text, event text, params jsonb, ack_required boolean, ack_due_at timestamptz,
         ack_purpose text)
     ), made AS (
       INSERT INTO notifications (source_event_id, request_id, recipient_agency, event, params, ack_required,
         ack_due_at, ack_purpose)
       SELECT source_event_id, request_id, recipient_agency, event, params, ack_required, ack_due_at, ack_purpose
         FROM input ORDER BY i
       ON CONFLICT (source_event_id, recipient_agency) DO NOTHING
       RETURNING id, source_event_id, request_id, recipient_agency, event
     ), planned AS (
       SELECT made.id AS notification_id, 'email'::text AS channel, c.email AS target, NULL::uuid AS endpoint_id,
              ${CONTACT_LANGUAGE} AS language, NULL::text AS url
         FROM made
         JOIN agency_email_contacts c ON c.agency = made.recipient_agency AND c.active
         LEFT JOIN agencies a ON a.code = c.agency
         LEFT JOIN users u ON u.email = c.email AND u.disabled_at IS NULL
       UNION ALL
       SELECT made.id, 'webhook', w.id::text, w.id, CASE WHEN a.country = 'MX' THEN 'es' ELSE 'en' END, w.url
         FROM made
         JOIN webhook_endpoints w ON w.agency = made.recipient_agency AND w.active
         LEFT JOIN agencies a ON a.code = w.agency
     ), queued AS (
       INSERT INTO notification_deliveries (notification_id, channel, target, endpoint_id, language)
       SELECT notification_id, channel, target, endpoint_id, language FROM planned
        ORDER BY notification_id, channel, target
       RETURNING id, notification_id, channel, target, language
     ), trail AS (
       INSERT INTO notification_events (notification_id, request_id, recipient_agency, kind, channel, delivery_id,
         at, detail)
       SELECT made.id, made.request_id, made.recipient_agency, 'created', NULL::text, NULL::uuid,
              COALESCE((SELECT e.occurred_at FROM audit_events e WHERE e.id = made.source_event_id), clock_timestamp()),
              jsonb_build_object('event', made.event, 'sourceEventId', made.source_event_id)
         FROM made
       UNION ALL
       SELECT made.id, made.request_id, made.recipient_agency, 'delivered', 'in_app', NULL::uuid, clock_timestamp(),
              '{}'::jsonb
         FROM made
       UNION ALL
       SELECT q.notification_id, made.request_id, made.recipient_agency, 'queued', q.channel, q.id,
              clock_timestamp(),
              CASE WHEN q.channel = 'email' THEN jsonb_build_object('to', q.target, 'language', q.language)
                   -- What the trail shows of an endpoint: its id and host, never its path or secret.
                   ELSE jsonb_build_object('endpointId', q.target, 'host',
                          lower(substring(p.url FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/?#]*)'))) END
         FROM queued q
         JOIN made ON made.id = q.notification_id
         JOIN planned p ON p.notification_id = q.notification_id AND p.channel = q.channel AND p.target = q.target
     )
     SELECT made.id, input.i AS index
       FROM made JOIN input USING (source_event_id, recipient_agency)`,
    [JSON.stringify(input)],
  )) as Array<{ id: string; index: number }>;
  return rows;
}
