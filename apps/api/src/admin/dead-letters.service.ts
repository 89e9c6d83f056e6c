import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { decodeCursor, encodeCursor, isUuid, keysetAt } from '@ventanilla/http/keyset-cursor.js';
import { deliveryJob } from '@ventanilla/notifications/notification-delivery.service.js';
import { appendTrail, type OutboundChannel } from '@ventanilla/notifications/notification-trail.js';
import { OutboxWriter } from '@ventanilla/queue/outbox.writer.js';
import type { ListDeadLettersQuery } from './notification-channels.dto.js';

/** A delivery that exhausted its attempts. No request content: administrators see where and why, not what. */
export interface DeadLetterView {
  id: string;
  deliveryId: string;
  notificationId: string;
  channel: OutboundChannel;
  agency: string;
  /** The e-mail address, or the webhook endpoint id. */
  target: string;
  event: string;
  attempts: number;
  lastError: string | null;
  deadAt: string;
  replayedAt: string | null;
  replayedBy: string | null;
  /** Where the delivery stands now (e.g. `delivered` after a replay). */
  deliveryStatus: string;
}

interface DeadLetterRow {
  id: string;
  delivery_id: string;
  notification_id: string;
  channel: OutboundChannel;
  agency: string;
  target: string;
  event: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  replayed_at: Date | null;
  replayed_by: string | null;
  delivery_status: string;
  request_id: string | null;
  endpoint_id: string | null;
  endpoint_active: boolean | null;
  cursor_at: string;
}

const SELECT = `SELECT l.id, l.delivery_id, l.notification_id, l.channel, l.agency, l.target, n.event, l.attempts,
                       l.last_error, l.created_at, l.replayed_at, l.replayed_by, d.status AS delivery_status,
                       n.request_id, d.endpoint_id, w.active AS endpoint_active, ${keysetAt('l.created_at')} AS cursor_at
                  FROM dead_letters l
                  JOIN notification_deliveries d ON d.id = l.delivery_id
                  JOIN notifications n ON n.id = l.notification_id
                  LEFT JOIN webhook_endpoints w ON w.id = d.endpoint_id`;

const toView = (r: DeadLetterRow): DeadLetterView => ({
  id: r.id,
  deliveryId: r.delivery_id,
  notificationId: r.notification_id,
  channel: r.channel,
  agency: r.agency,
  target: r.target,
  event: r.event,
  attempts: r.attempts,
  lastError: r.last_error,
  deadAt: r.created_at.toISOString(),
  replayedAt: r.replayed_at?.toISOString() ?? null,
  replayedBy: r.replayed_by,
  deliveryStatus: r.delivery_status,
});

/** The dead-letter list and its replay, for administrators. */
@Injectable()
export class DeadLettersService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async list(q: ListDeadLettersQuery): Promise<{ items: DeadLetterView[]; nextCursor: string | null }> {
    const limit = q.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) =>
      where.push(sql.replace(/\?/g, () => `$${params.push(values.shift())}`));
    const state = q.state ?? 'open';
    if (state === 'open') where.push('l.replayed_at IS NULL');
    if (state === 'replayed') where.push('l.replayed_at IS NOT NULL');
    if (q.channel) add('l.channel = ?', q.channel);
    if (q.agency) add('l.agency = ?', q.agency);
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      add('(l.created_at, l.id) < (?::timestamptz, ?::uuid)', c.at, c.id);
    }
    params.push(limit + 1);
    const rows = (await this.db.query(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY l.created_at DESC, l.id DESC LIMIT $${params.length}`,
      params,
    )) as DeadLetterRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toView),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursor_at, last.id) : null,
    };
  }

  /**
   * Sends the delivery again with a fresh attempt budget: in one transaction the dead letter is marked
   * replayed, the delivery reopened, the step added to the notice's trail, the replay audited and a new job
   * written to the outbox. A dead letter is replayed once; if that fails too, a new dead letter appears.
   */
  async replay(user: SessionUser, id: string, ctx: CallContext): Promise<DeadLetterView> {
    return this.db.transaction(async (m) => {
      const [row] = isUuid(id)
        ? ((await m.query(`${SELECT} WHERE l.id = $1 FOR UPDATE OF l, d`, [id])) as DeadLetterRow[])
        : [];
      if (!row) throw AppError.notFound('DEAD_LETTER');
      if (row.replayed_at) {
        throw new AppError('DEAD_LETTER.ALREADY_REPLAYED', HttpStatus.CONFLICT, {}, [], { current: toView(row) });
      }
      if (row.channel === 'webhook' && !row.endpoint_active) {
        throw new AppError('DEAD_LETTER.ENDPOINT_INACTIVE', HttpStatus.CONFLICT, {}, [], { current: toView(row) });
      }
      await m.query(`UPDATE dead_letters SET replayed_at = now(), replayed_by = $2 WHERE id = $1`, [id, user.id]);
      await m.query(
        `UPDATE notification_deliveries SET status = 'pending', last_error = NULL, updated_at = now() WHERE id = $1`,
        [row.delivery_id],
      );
      await appendTrail(m, [
        {
          notificationId: row.notification_id,
          requestId: row.request_id,
          recipientAgency: row.agency,
          kind: 'replayed',
          channel: row.channel,
          deliveryId: row.delivery_id,
          actorUserId: user.id,
          detail: { deadLetterId: id },
        },
      ]);
      await this.outbox.write(m, [deliveryJob(row.channel, row.delivery_id)]);
      await this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action: 'dead_letter.replay',
          objectType: 'dead_letter',
          objectId: id,
          requestId: row.request_id,
          changedFields: ['replayedAt', 'replayedBy'],
          details: { channel: row.channel, agency: row.agency, deliveryId: row.delivery_id, event: row.event },
        },
        ctx,
      );
      const [after] = (await m.query(`${SELECT} WHERE l.id = $1`, [id])) as DeadLetterRow[];
      return toView(after);
    });
  }
}
