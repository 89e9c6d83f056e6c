import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@ventanilla/domain/roles.js';
import type { NoticeChannel, TrailKind } from './notification-trail.js';

export interface TimelineViewer {
  role: Role;
  agency: string | null;
}

/** A step of a notice's trail, shaped like the request timeline's other entries, plus the notice it belongs to. */
export interface NotificationTimelineEntry {
  id: string;
  occurredAt: string;
  /** `notification.<kind>`: notification.created, .delivered, .sent, .failed, .read, .acknowledged, … */
  action: string;
  fromStatus: null;
  toStatus: null;
  outcome: 'success' | 'failure';
  reason: null;
  actor: { role: string; agency: string | null; userId?: string | null };
  notification: {
    id: string;
    event: string;
    recipientAgency: string;
    channel: NoticeChannel | null;
    attempt: number | null;
    detail: Record<string, unknown>;
  };
}

const FAILURES: ReadonlySet<TrailKind> = new Set(['failed', 'dead_lettered', 'cancelled']);

// What the timeline repeats from a step's detail: outcomes, never addresses or endpoints (those are the
// recipient's business, in GET /api/notifications/{id}).
const SHOWN_DETAIL = ['error', 'status', 'ms', 'transport', 'language', 'final', 'attempts', 'reason'];

/**
 * NS-2 evidence on a request's timeline. The hub and auditors see the trail of every notice about the
 * request; any other party only the notices addressed to its own agency. `queued` steps are left out: they
 * only say that a delivery is on its way, and what became of it follows.
 */
export async function notificationTimeline(
  db: DataSource | EntityManager,
  requestId: string,
  viewer: TimelineViewer,
): Promise<NotificationTimelineEntry[]> {
  const insider = viewer.role === 'hub_coordinator' || viewer.role === 'auditor';
  if (!insider && !viewer.agency) return [];
  const rows = (await db.query(
    `SELECT e.id, e.at, e.kind, e.channel, e.attempt, e.detail, e.recipient_agency, e.notification_id, n.event,
            e.actor_user_id, u.role AS actor_role, u.agency AS actor_agency
       FROM notification_events e
       JOIN notifications n ON n.id = e.notification_id
       LEFT JOIN users u ON u.id = e.actor_user_id
      WHERE e.request_id = $1 AND e.kind <> 'queued' AND ($2::text IS NULL OR e.recipient_agency = $2)
      ORDER BY e.at, e.id`,
    [requestId, insider ? null : viewer.agency],
  )) as Array<{
    id: string;
    at: Date;
    kind: TrailKind;
    channel: NoticeChannel | null;
    attempt: number | null;
    detail: Record<string, unknown>;
    recipient_agency: string;
    notification_id: string;
    event: string;
    actor_user_id: string | null;
    actor_role: string | null;
    actor_agency: string | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.at.toISOString(),
    action: `notification.${r.kind}`,
    fromStatus: null,
    toStatus: null,
    outcome: FAILURES.has(r.kind) ? 'failure' : 'success',
    reason: null,
    actor: r.actor_user_id
      ? {
          role: r.actor_role ?? 'unknown',
          agency: r.actor_agency,
          ...(insider ? { userId: r.actor_user_id } : {}),
        }
      : { role: 'system', agency: null },
    notification: {
      id: r.notification_id,
      event: r.event,
      recipientAgency: r.recipient_agency,
      channel: r.channel,
      attempt: r.attempt,
      detail: Object.fromEntries(Object.entries(r.detail ?? {}).filter(([k]) => SHOWN_DETAIL.includes(k))),
    },
  }));
}

/** Merges two time-ordered lists into one, the first list's entry first on a tie. */
export function mergeByTime<A extends { occurredAt: string }, B extends { occurredAt: string }>(
  first: A[],
  second: B[],
): Array<A | B> {
  const out: Array<A | B> = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    if (j >= second.length || (i < first.length && first[i].occurredAt <= second[j].occurredAt)) out.push(first[i++]);
    else out.push(second[j++]);
  }
  return out;
}
