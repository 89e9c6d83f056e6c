import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { JobName } from '@ventanilla/queue/jobs.js';
import { OutboxWriter, type OutboxItem } from '@ventanilla/queue/outbox.writer.js';
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

const ERROR_MAX = 500;

/** What one attempt at one delivery came to. */
export type DeliveryOutcome =
  | { kind: 'sent' | 'delivered'; detail: Record<string, unknown> }
  | { kind: 'failed'; error: string; detail: Record<string, unknown> }
  /** Nothing to deliver to any more (the endpoint was switched off or removed): no retry, no dead letter. */
  | { kind: 'cancelled'; reason: string };

/** The delivery context's columns, as `load` and `claim` read them. */
const CONTEXT_COLUMNS = `d.id, d.channel, d.target, d.language, d.status, d.attempts, d.notification_id, n.request_id,
       n.recipient_agency, n.event, n.params, n.ack_required, n.created_at AS notified_at,
       w.id AS endpoint_id, w.url, w.secret, w.active AS endpoint_active`;

/**
 * The outbound side of notifications (the in-app side is notice-store.ts). First attempts are taken in
 * batches (`claim`, then `recordFirstAttempts`: two statements for a whole batch); a delivery whose first
 * attempt failed is retried alone by a job of its own (`deliveryJob`), each attempt recorded with its step in
 * the evidence trail and, after the last one, a dead letter.
 */
@Injectable()
export class NotificationDeliveryService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Takes up to `limit` deliveries that have not been tried yet, for `leaseSeconds`: another worker skips them
   * meanwhile, and takes them over if this one dies before recording how they went.
   */
  async claim(limit: number, leaseSeconds: number, m: EntityManager = this.db.manager): Promise<DeliveryContext[]> {
    const rows = (await m.query(
      `WITH picked AS (
         SELECT id FROM notification_deliveries
          WHERE status = 'pending' AND attempts = 0 AND (claimed_until IS NULL OR claimed_until < now())
          ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), d AS (
         UPDATE notification_deliveries x SET claimed_until = now() + make_interval(secs => $2)
           FROM picked WHERE x.id = picked.id
         RETURNING x.*
       )
       SELECT ${CONTEXT_COLUMNS}
         FROM d JOIN notifications n ON n.id = d.notification_id
         LEFT JOIN webhook_endpoints w ON w.id = d.endpoint_id`,
      [limit, leaseSeconds],
    )) as Array<Record<string, unknown>>;
    return rows.map(toContext);
  }

  /**
   * The outcomes of first attempts, in one statement when all went through: each delivery's status and its step
   * in the trail. A failure is dead-lettered if that was the last attempt allowed, else retried by a job of its
   * own after `backoffMs`; then the writes share one transaction.
   */
  async recordFirstAttempts(
    results: Array<{ d: DeliveryContext; outcome: DeliveryOutcome }>,
    attempts: number,
    backoffMs: number,
  ): Promise<void> {
    if (results.length === 0) return;
    const failures = results.filter((r) => r.outcome.kind === 'failed');
    if (failures.length === 0) {
      await recordOutcomes(this.db.manager, results, attempts);
      return;
    }
    await this.db.transaction(async (m) => {
      await recordOutcomes(m, results, attempts);
      const retry: OutboxItem[] = [];
      for (const { d, outcome } of failures) {
        if (outcome.kind !== 'failed') continue;
        if (attempts <= 1) await deadLetter(m, d, 1, outcome.error.slice(0, ERROR_MAX));
        else retry.push({ ...deliveryJob(d.channel, d.id, 1), runAt: new Date(Date.now() + backoffMs) });
      }
      await this.outbox.write(m, retry);
    });
  }

  async load(deliveryId: string): Promise<DeliveryContext | null> {
    const [r] = (await this.db.query(
      `SELECT ${CONTEXT_COLUMNS}
         FROM notification_deliveries d
         JOIN notifications n ON n.id = d.notification_id
         LEFT JOIN webhook_endpoints w ON w.id = d.endpoint_id
        WHERE d.id = $1`,
      [deliveryId],
    )) as Array<Record<string, unknown>>;
    return r ? toContext(r) : null;
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
      await appendTrail(m, steps);
      if (final) await deadLetter(m, d, attempts, message);
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

/** The job of one delivery; `after`: how many attempts were made before it (the batch's first one). */
export function deliveryJob(channel: OutboundChannel, deliveryId: string, after?: number): OutboxItem {
  return { job: CHANNEL_JOB[channel], payload: after ? { deliveryId, after } : { deliveryId } };
}

function toContext(r: Record<string, unknown>): DeliveryContext {
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

/** Each delivery's new status and its step in the trail, in one statement; a delivery already moved on is left. */
async function recordOutcomes(
  m: EntityManager,
  results: Array<{ d: DeliveryContext; outcome: DeliveryOutcome }>,
  attempts: number,
): Promise<void> {
  const rows = results.map(({ d, outcome }) => {
    switch (outcome.kind) {
      case 'sent':
      case 'delivered':
        return { id: d.id, status: outcome.kind, error: null, tried: 1, kind: outcome.kind, detail: outcome.detail };
      case 'failed': {
        const error = outcome.error.slice(0, ERROR_MAX);
        const final = attempts <= 1;
        return {
          id: d.id,
          status: final ? 'dead' : 'failed',
          error,
          tried: 1,
          kind: 'failed',
          detail: { ...outcome.detail, error, final },
        };
      }
      case 'cancelled':
        return {
          id: d.id,
          status: 'cancelled',
          error: outcome.reason,
          tried: 0,
          kind: 'cancelled',
          detail: { reason: outcome.reason },
        };
    }
  });
  await m.query(
    `WITH r AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, status text, error text, tried int, kind text,
         detail jsonb)
     ), u AS (
       UPDATE notification_deliveries d
          SET status = r.status, attempts = d.attempts + r.tried, last_error = r.error, claimed_until = NULL,
              updated_at = now()
         FROM r WHERE d.id = r.id AND d.status = 'pending' AND d.attempts = 0
       RETURNING d.id, d.notification_id, d.channel, d.attempts, r.kind, r.tried, r.detail
     )
     INSERT INTO notification_events (notification_id, request_id, recipient_agency, kind, channel, delivery_id,
       attempt, detail)
     SELECT u.notification_id, n.request_id, n.recipient_agency, u.kind, u.channel, u.id,
            CASE WHEN u.tried > 0 THEN u.attempts END, u.detail
       FROM u JOIN notifications n ON n.id = u.notification_id`,
    [JSON.stringify(rows)],
  );
}

/** After the last attempt: the dead letter an administrator may replay, and its step in the trail. */
async function deadLetter(m: EntityManager, d: DeliveryContext, attempts: number, message: string): Promise<void> {
  const [dead] = (await m.query(
    `INSERT INTO dead_letters (delivery_id, notification_id, channel, agency, target, attempts, last_error)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [d.id, d.notificationId, d.channel, d.recipientAgency, d.target, attempts, message],
  )) as Array<{ id: string }>;
  await appendTrail(m, [{ ...trailBase(d), kind: 'dead_lettered', detail: { deadLetterId: dead.id, attempts } }]);
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
