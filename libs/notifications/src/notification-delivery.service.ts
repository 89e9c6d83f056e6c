import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import { OutboxWriter, type OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { noticeLanguage } from './notice-language.js';
import { appendTrail, type OutboundChannel, type TrailStep } from './notification-trail.js';
import type { NoticeLanguage } from './templates.js';

/** The job that carries each outbound channel. */
export const CHANNEL_JOB: Record<OutboundChannel, JobName.SendEmail | JobName.CallWebhook> = {
  email: JobName.SendEmail,
  webhook: JobName.CallWebhook,
};

/** Everything an e-mail or webhook job needs, read in one query from its delivery row. */
export interface DeliveryContext {
  id: string;
  channel: OutboundChannel;
  target: string;
  language: NoticeLanguage;
  status: string;
  attempts: number;
  notificationId: string;
  requestId: string | null;
  recipientAgency: string;
  event: string;
  params: Record<string, unknown>;
  ackRequired: boolean;
  notifiedAt: Date;
  endpoint: { id: string; url: string; secret: string; active: boolean } | null;
}

/** Where a job stands when it runs: attempt `number` of `of` (BullMQ's attempts). */
export interface Attempt {
  number: number;
  of: number;
}

interface PlannedDelivery {
  channel: OutboundChannel;
  target: string;
  endpointId: string | null;
  language: NoticeLanguage;
  /** What the trail shows about the target (never a secret). */
  shown: Record<string, unknown>;
}

const ERROR_MAX = 500;

/**
 * The delivery side of notifications: the in-app row and, in the same transaction, one queued delivery per
 * e-mail address and webhook endpoint the agency has configured; then the outcome of each attempt, with
 * its step in the evidence trail and, after the last attempt, a dead letter.
 */
@Injectable()
export class NotificationDeliveryService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * In-app delivery, idempotent per (event, agency): a second run finds the notification there and does
   * nothing, since the first one's transaction already queued the other channels. Returns the new id, or null.
   * `onCreated` runs in the same transaction once the row exists (the acknowledgement clock is planned there).
   */
  async deliverInApp(
    p: JobPayloads[JobName.DeliverNotification],
    onCreated?: (m: EntityManager, notificationId: string) => Promise<void>,
  ): Promise<string | null> {
    return this.db.transaction(async (m) => {
      const [row] = (await m.query(
        `INSERT INTO notifications (source_event_id, request_id, recipient_agency, event, params, ack_required,
           ack_due_at, ack_purpose)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (source_event_id, recipient_agency) DO NOTHING
         RETURNING id, (SELECT occurred_at FROM audit_events WHERE id = $1) AS event_at`,
        [
          p.sourceEventId,
          p.requestId,
          p.recipientAgency,
          p.event,
          JSON.stringify(p.params),
          p.ackRequired,
          p.ackRequired && p.ack ? p.ack.dueAt : null,
          p.ackRequired && p.ack ? p.ack.purpose : null,
        ],
      )) as Array<{ id: string; event_at: Date | null }>;
      if (!row) return null;
      if (onCreated) await onCreated(m, row.id);
      const base = { notificationId: row.id, requestId: p.requestId, recipientAgency: p.recipientAgency };
      const queued = await this.queueOutbound(m, row.id, await this.plan(m, p.recipientAgency));
      await appendTrail(m, [
        { ...base, kind: 'created', at: row.event_at, detail: { event: p.event, sourceEventId: p.sourceEventId } },
        { ...base, kind: 'delivered', channel: 'in_app' },
        ...queued.map((q): TrailStep => ({
          ...base,
          kind: 'queued',
          channel: q.channel,
          deliveryId: q.id,
          detail: q.shown,
        })),
      ]);
      return row.id;
    });
  }

  /** The agency's active e-mail contacts and webhook endpoints, each with the language to write in. */
  private async plan(m: EntityManager, agency: string): Promise<PlannedDelivery[]> {
    const rows = (await m.query(
      `SELECT 'email' AS channel, c.email AS target, NULL::uuid AS endpoint_id, c.language AS configured,
              u.language AS user_language, a.country, NULL AS url
         FROM agency_email_contacts c
         LEFT JOIN agencies a ON a.code = c.agency
         LEFT JOIN users u ON u.email = c.email AND u.disabled_at IS NULL
        WHERE c.agency = $1 AND c.active
       UNION ALL
       SELECT 'webhook', w.id::text, w.id, NULL, NULL, a.country, w.url
         FROM webhook_endpoints w
         LEFT JOIN agencies a ON a.code = w.agency
        WHERE w.agency = $1 AND w.active
        ORDER BY 1, 2`,
      [agency],
    )) as Array<{
      channel: OutboundChannel;
      target: string;
      endpoint_id: string | null;
      configured: string | null;
      user_language: string | null;
      country: string | null;
      url: string | null;
    }>;
    return rows.map((r) => {
      const language = noticeLanguage(r.configured, r.user_language, r.country);
      return {
        channel: r.channel,
        target: r.target,
        endpointId: r.endpoint_id,
        language,
        shown:
          r.channel === 'email'
            ? { to: r.target, language }
            : { endpointId: r.endpoint_id, host: r.url ? safeHost(r.url) : null },
      };
    });
  }

  private async queueOutbound(
    m: EntityManager,
    notificationId: string,
    planned: PlannedDelivery[],
  ): Promise<Array<PlannedDelivery & { id: string }>> {
    if (planned.length === 0) return [];
    const values: unknown[] = [];
    const tuples = planned.map((d, i) => {
      values.push(notificationId, d.channel, d.target, d.endpointId, d.language);
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}::uuid, $${b + 5})`;
    });
    const rows = (await m.query(
      `INSERT INTO notification_deliveries (notification_id, channel, target, endpoint_id, language)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (notification_id, channel, target) DO NOTHING
       RETURNING id, channel, target`,
      values,
    )) as Array<{ id: string; channel: OutboundChannel; target: string }>;
    const queued = rows.map((r) => ({
      ...planned.find((d) => d.channel === r.channel && d.target === r.target)!,
      id: r.id,
    }));
    await this.outbox.write(
      m,
      queued.map((q) => deliveryJob(q.channel, q.id)),
    );
    return queued;
  }

  async load(deliveryId: string): Promise<DeliveryContext | null> {
    const [r] = (await this.db.query(
      `SELECT d.id, d.channel, d.target, d.language, d.status, d.attempts, d.notification_id, n.request_id,
              n.recipient_agency, n.event, n.params, n.ack_required, n.created_at AS notified_at,
              w.id AS endpoint_id, w.url, w.secret, w.active AS endpoint_active
         FROM notification_deliveries d
         JOIN notifications n ON n.id = d.notification_id
         LEFT JOIN webhook_endpoints w ON w.id = d.endpoint_id
        WHERE d.id = $1`,
      [deliveryId],
    )) as Array<Record<string, unknown>>;
    if (!r) return null;
    return {
      id: r.id as string,
      channel: r.channel as OutboundChannel,
      target: r.target as string,
      language: r.language === 'es' ? 'es' : 'en',
      status: r.status as string,
      attempts: r.attempts as number,
      notificationId: r.notification_id as string,
      requestId: (r.request_id as string | null) ?? null,
      recipientAgency: r.recipient_agency as string,
      event: r.event as string,
      params: (r.params as Record<string, unknown>) ?? {},
      ackRequired: r.ack_required as boolean,
      notifiedAt: r.notified_at as Date,
      endpoint: r.endpoint_id
        ? {
            id: r.endpoint_id as string,
            url: r.url as string,
            secret: r.secret as string,
            active: r.endpoint_active as boolean,
          }
        : null,
    };
  }

  /**
   * True when a job for this delivery still has work to do: a duplicate job finds it sent or delivered and
   * stops. A dead one may run again when an administrator retries its failed job from the queue dashboard.
   */
  isOpen(d: DeliveryContext): boolean {
    return d.status === 'pending' || d.status === 'failed' || d.status === 'dead';
  }

  /** The attempt worked: `sent` for e-mail (the server took it), `delivered` for a webhook's 2xx. */
  async succeeded(
    d: DeliveryContext,
    attempt: Attempt,
    kind: 'sent' | 'delivered',
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE notification_deliveries SET status = $2, attempts = attempts + 1, last_error = NULL, updated_at = now()
          WHERE id = $1`,
        [d.id, kind],
      );
      await appendTrail(m, [{ ...trailBase(d), kind, attempt: attempt.number, detail }]);
    });
  }

  /**
   * The attempt failed. The caller rethrows so that BullMQ retries with backoff; after the last attempt the
   * delivery is dead and a dead letter waits for an administrator.
   */
  async failed(d: DeliveryContext, attempt: Attempt, error: string, detail: Record<string, unknown>): Promise<void> {
    const final = attempt.number >= attempt.of;
    const message = error.slice(0, ERROR_MAX);
    await this.db.transaction(async (m) => {
      // TypeORM answers [rows, count] for UPDATE … RETURNING on postgres.
      const [[{ attempts }]] = (await m.query(
        `UPDATE notification_deliveries SET status = $2, attempts = attempts + 1, last_error = $3, updated_at = now()
          WHERE id = $1 RETURNING attempts`,
        [d.id, final ? 'dead' : 'failed', message],
      )) as [Array<{ attempts: number }>, number];
      const steps: TrailStep[] = [
        { ...trailBase(d), kind: 'failed', attempt: attempt.number, detail: { ...detail, error: message, final } },
      ];
      if (final) {
        const [dead] = (await m.query(
          `INSERT INTO dead_letters (delivery_id, notification_id, channel, agency, target, attempts, last_error)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [d.id, d.notificationId, d.channel, d.recipientAgency, d.target, attempts, message],
        )) as Array<{ id: string }>;
        steps.push({ ...trailBase(d), kind: 'dead_lettered', detail: { deadLetterId: dead.id, attempts } });
      }
      await appendTrail(m, steps);
    });
  }

  /** Nothing to deliver to any more (the endpoint was switched off or removed): no retry, no dead letter. */
  async cancelled(d: DeliveryContext, reason: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE notification_deliveries SET status = 'cancelled', last_error = $2, updated_at = now() WHERE id = $1`,
        [d.id, reason],
      );
      await appendTrail(m, [{ ...trailBase(d), kind: 'cancelled', detail: { reason } }]);
    });
  }
}

export function deliveryJob(channel: OutboundChannel, deliveryId: string): OutboxItem {
  return { job: CHANNEL_JOB[channel], payload: { deliveryId } };
}

function trailBase(d: DeliveryContext): Omit<TrailStep, 'kind'> {
  return {
    notificationId: d.notificationId,
    requestId: d.requestId,
    recipientAgency: d.recipientAgency,
    channel: d.channel,
    deliveryId: d.id,
  };
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
