import type { EntityManager } from 'typeorm';

/** Channels a notice travels on. Wire values: never rename. */
export const NOTICE_CHANNELS = ['in_app', 'email', 'webhook'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

/** Channels with a queued job of their own (in-app delivery is the notification row itself). */
export type OutboundChannel = Exclude<NoticeChannel, 'in_app'>;

/**
 * Steps of a notice's evidence trail, in the order they usually happen. Wire values: never rename.
 * `sent`: an e-mail server accepted the message (or, without SMTP_URL, it was written to the log);
 * `delivered`: in the agency's inbox (in-app) or acknowledged with a 2xx by its webhook.
 */
export const TRAIL_KINDS = [
  'created',
  'delivered',
  'queued',
  'sent',
  'failed',
  'dead_lettered',
  'replayed',
  'cancelled',
  'read',
  'acknowledged',
] as const;
export type TrailKind = (typeof TRAIL_KINDS)[number];

export interface TrailStep {
  notificationId: string;
  requestId: string | null;
  recipientAgency: string;
  kind: TrailKind;
  channel?: NoticeChannel | null;
  deliveryId?: string | null;
  attempt?: number | null;
  actorUserId?: string | null;
  /** Defaults to the database clock at the time of the insert. */
  at?: Date | null;
  detail?: Record<string, unknown>;
}

/** Appends steps to the trail inside the caller's transaction, so a step exists only if what it records does. */
export async function appendTrail(m: EntityManager, steps: TrailStep[]): Promise<void> {
  if (steps.length === 0) return;
  const values: unknown[] = [];
  const tuples = steps.map((s, i) => {
    values.push(
      s.notificationId,
      s.requestId,
      s.recipientAgency,
      s.kind,
      s.channel ?? null,
      s.deliveryId ?? null,
      s.attempt ?? null,
      s.actorUserId ?? null,
      s.at ?? null,
      JSON.stringify(s.detail ?? {}),
    );
    const b = i * 10;
    const p = (n: number) => `$${b + n}`;
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, COALESCE(${p(9)}::timestamptz, clock_timestamp()), ${p(10)}::jsonb)`;
  });
  await m.query(
    `INSERT INTO notification_events
       (notification_id, request_id, recipient_agency, kind, channel, delivery_id, attempt, actor_user_id, at, detail)
     VALUES ${tuples.join(', ')}`,
    values,
  );
}
