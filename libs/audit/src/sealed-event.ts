/**
 * An audit event exactly as it is hashed into the chain and written to exports. Every column of
 * `audit_events` is here, nulls included, so that changing any of them (even from null to a value) changes
 * the hash. A column added to `audit_events` later must be added here and to EVENT_COLUMNS (and the chain
 * format version raised), or it is not protected.
 */
export interface SealedEvent {
  id: string;
  /** UTC with microseconds, as PostgreSQL stores it: `2026-05-01T12:00:00.123456Z`. */
  occurredAt: string;
  actorUserId: string | null;
  actorRole: string;
  actorAgency: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  requestId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  changedFields: unknown;
  outcome: string;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  correlationId: string | null;
  details: unknown;
}

/** Formats a timestamptz as SealedEvent.occurredAt does, independent of the session's time zone. */
export const utcMicros = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The select list (table alias `e`) that `sealedEventFromRow` reads. */
export const EVENT_COLUMNS = `e.id AS e_id, ${utcMicros('e.occurred_at')} AS e_occurred_at, e.actor_user_id AS e_actor_user_id,
  e.actor_role AS e_actor_role, e.actor_agency AS e_actor_agency, e.action AS e_action, e.object_type AS e_object_type,
  e.object_id AS e_object_id, e.request_id AS e_request_id, e.from_status AS e_from_status, e.to_status AS e_to_status,
  e.changed_fields AS e_changed_fields, e.outcome AS e_outcome, e.reason AS e_reason, e.ip AS e_ip,
  e.user_agent AS e_user_agent, e.correlation_id AS e_correlation_id, e.details AS e_details`;

type Row = Record<string, unknown>;

/** node-postgres gives text, uuid and the formatted time as strings; jsonb columns arrive parsed. */
const text = (row: Row, key: string): string | null => (row[key] === null ? null : (row[key] as string));

/** The event of a row selected with EVENT_COLUMNS, or null when the join found no event (it was deleted). */
export function sealedEventFromRow(row: Row): SealedEvent | null {
  if (row.e_id === null || row.e_id === undefined) return null;
  return {
    id: row.e_id as string,
    occurredAt: row.e_occurred_at as string,
    actorUserId: text(row, 'e_actor_user_id'),
    actorRole: row.e_actor_role as string,
    actorAgency: text(row, 'e_actor_agency'),
    action: row.e_action as string,
    objectType: row.e_object_type as string,
    objectId: text(row, 'e_object_id'),
    requestId: text(row, 'e_request_id'),
    fromStatus: text(row, 'e_from_status'),
    toStatus: text(row, 'e_to_status'),
    changedFields: row.e_changed_fields,
    outcome: row.e_outcome as string,
    reason: text(row, 'e_reason'),
    ip: text(row, 'e_ip'),
    userAgent: text(row, 'e_user_agent'),
    correlationId: text(row, 'e_correlation_id'),
    details: row.e_details,
  };
}
