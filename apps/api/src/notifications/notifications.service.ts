import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import type { Page } from '@ventanilla/http/page-query.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { Language } from '@ventanilla/http/messages.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { ClockPlanner } from '@ventanilla/requests/clock-planner.service.js';
import { decodeCursor, encodeCursor, isUuid, keysetAt } from '@ventanilla/http/keyset-cursor.js';
import { appendTrail, type TrailStep } from '@ventanilla/notifications/notification-trail.js';
import {
  NOTIFICATION_COLUMNS,
  toNotificationView,
  type DeliveryView,
  type NotificationDetailView,
  type NotificationRow,
  type NotificationView,
  type TrailStepView,
} from '@ventanilla/notifications/notification-view.js';
import type { ListNotificationsQuery } from './notifications.dto.js';

export interface NotificationCounts {
  /** Notices nobody in the agency has read. */
  unreadCount: number;
  /** Notices that require an acknowledgement and have none yet. */
  unacknowledgedCount: number;
}

export interface NotificationPage extends NotificationCounts, Page<NotificationView> {}

const actorOf = (u: SessionUser) => ({ userId: u.id, role: u.role, agency: u.agency });

/**
 * The in-app channel: an agency's notices, read and acknowledged on behalf of the agency by any of its users.
 * Scope is the recipient agency, in the query; users without an agency (auditors, administrators) have no
 * inbox. Auditors may open any single notice with its trail (they read everything, and write nothing).
 */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly clocks: ClockPlanner,
  ) {}

  async list(user: SessionUser, q: ListNotificationsQuery, language: Language): Promise<NotificationPage> {
    if (!user.agency) return { items: [], nextCursor: null, unreadCount: 0, unacknowledgedCount: 0 };
    const limit = q.limit ?? 50;
    const where = ['n.recipient_agency = $1'];
    const params: unknown[] = [user.agency];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql.replace(/\?/g, () => `$${params.push(values.shift())}`));
    };
    if (q.unread !== undefined) where.push(q.unread ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL');
    if (q.ackRequired !== undefined) where.push(q.ackRequired ? 'n.ack_required' : 'NOT n.ack_required');
    if (q.acknowledged !== undefined)
      where.push(q.acknowledged ? 'n.acknowledged_at IS NOT NULL' : 'n.acknowledged_at IS NULL');
    if (q.requestId) add('n.request_id = ?', q.requestId);
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      add('(n.created_at, n.id) < (?::timestamptz, ?::uuid)', c.at, c.id);
    }
    params.push(limit + 1);
    const rows = (await this.db.query(
      `SELECT ${NOTIFICATION_COLUMNS}, ${keysetAt('n.created_at')} AS cursor_at
         FROM notifications n WHERE ${where.join(' AND ')}
        ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.length}`,
      params,
    )) as Array<NotificationRow & { cursor_at: string }>;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toNotificationView(r, language)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursor_at, last.id) : null,
      ...(await this.summary(user)),
    };
  }

  async summary(user: SessionUser): Promise<NotificationCounts> {
    if (!user.agency) return { unreadCount: 0, unacknowledgedCount: 0 };
    const [row] = (await this.db.query(
      `SELECT count(*) FILTER (WHERE read_at IS NULL)::int AS unread,
              count(*) FILTER (WHERE ack_required AND acknowledged_at IS NULL)::int AS unacknowledged
         FROM notifications WHERE recipient_agency = $1`,
      [user.agency],
    )) as Array<{ unread: number; unacknowledged: number }>;
    return { unreadCount: row.unread, unacknowledgedCount: row.unacknowledged };
  }

  /** One notice with its whole trail and its deliveries: for its agency, and for auditors. */
  async get(user: SessionUser, id: string, language: Language, ctx: CallContext): Promise<NotificationDetailView> {
    const n = await this.findVisible(this.db.manager, user, id, ctx, { auditorsToo: true });
    const deliveries = (await this.db.query(
      `SELECT id, channel, target, language, status, attempts, last_error, updated_at
         FROM notification_deliveries WHERE notification_id = $1 ORDER BY channel, target`,
      [n.id],
    )) as Array<{
      id: string;
      channel: DeliveryView['channel'];
      target: string;
      language: DeliveryView['language'];
      status: string;
      attempts: number;
      last_error: string | null;
      updated_at: Date;
    }>;
    const trail = (await this.db.query(
      `SELECT at, kind, channel, attempt, actor_user_id, detail FROM notification_events
        WHERE notification_id = $1 ORDER BY at, id`,
      [n.id],
    )) as Array<{
      at: Date;
      kind: TrailStepView['kind'];
      channel: TrailStepView['channel'];
      attempt: number | null;
      actor_user_id: string | null;
      detail: Record<string, unknown>;
    }>;
    return {
      ...toNotificationView(n, language),
      deliveries: deliveries.map((d) => ({
        id: d.id,
        channel: d.channel,
        target: d.target,
        language: d.language,
        status: d.status,
        attempts: d.attempts,
        lastError: d.last_error,
        updatedAt: d.updated_at.toISOString(),
      })),
      trail: trail.map((t) => ({
        at: t.at.toISOString(),
        kind: t.kind,
        channel: t.channel,
        attempt: t.attempt,
        actorUserId: t.actor_user_id,
        detail: t.detail,
      })),
    };
  }

  /** Marks the notice read for the whole agency. Idempotent: a second call changes nothing and audits nothing. */
  async markRead(user: SessionUser, id: string, language: Language, ctx: CallContext): Promise<NotificationView> {
    return this.db.transaction(async (m) => {
      const n = await this.findVisible(m, user, id, ctx, { lock: true });
      if (n.read_at) return toNotificationView(n, language);
      const [[updated]] = (await m.query(
        `UPDATE notifications SET read_at = clock_timestamp() WHERE id = $1 RETURNING read_at`,
        [n.id],
      )) as [Array<{ read_at: Date }>, number];
      await appendTrail(m, [{ ...this.step(n, 'read', user), at: updated.read_at }]);
      await this.audit.append(m, this.record(user, n, 'notification.read', ['readAt']), ctx);
      return toNotificationView({ ...n, read_at: updated.read_at }, language);
    });
  }

  /**
   * Acknowledges the notice on behalf of the agency (and marks it read). Idempotent: the first acknowledgement
   * stands, with its time and author; later calls answer the same notice and audit nothing.
   */
  async acknowledge(user: SessionUser, id: string, language: Language, ctx: CallContext): Promise<NotificationView> {
    return this.db.transaction(async (m) => {
      const n = await this.findVisible(m, user, id, ctx, { lock: true });
      if (n.acknowledged_at) return toNotificationView(n, language);
      const [[updated]] = (await m.query(
        `UPDATE notifications SET acknowledged_at = clock_timestamp(), acknowledged_by = $2,
                read_at = COALESCE(read_at, clock_timestamp())
          WHERE id = $1 RETURNING read_at, acknowledged_at`,
        [n.id, user.id],
      )) as [Array<{ read_at: Date; acknowledged_at: Date }>, number];
      const steps: TrailStep[] = [];
      if (!n.read_at) steps.push({ ...this.step(n, 'read', user), at: updated.read_at });
      steps.push({ ...this.step(n, 'acknowledged', user), at: updated.acknowledged_at });
      await appendTrail(m, steps);
      // NS-4: a required acknowledgement stops its escalation clock.
      await this.clocks.cancelNoticeAck(m, n.id);
      const changed = n.read_at ? ['acknowledgedAt', 'acknowledgedBy'] : ['acknowledgedAt', 'acknowledgedBy', 'readAt'];
      const late = n.ack_due_at !== null && updated.acknowledged_at > n.ack_due_at;
      await this.audit.append(
        m,
        this.record(
          user,
          n,
          'notification.acknowledge',
          changed,
          n.ack_required ? { ackPurpose: n.ack_purpose, late } : {},
        ),
        ctx,
      );
      return toNotificationView({ ...n, ...updated, acknowledged_by: user.id }, language);
    });
  }

  /** The notice if the caller may see it; otherwise 404, and the attempt is audited (DESIGN §1). */
  private async findVisible(
    m: EntityManager,
    user: SessionUser,
    id: string,
    ctx: CallContext,
    opts: { lock?: boolean; auditorsToo?: boolean } = {},
  ): Promise<NotificationRow> {
    const everything = opts.auditorsToo === true && user.role === 'auditor';
    if (isUuid(id) && (everything || user.agency)) {
      const [row] = (await m.query(
        `SELECT ${NOTIFICATION_COLUMNS} FROM notifications n
          WHERE n.id = $1 AND ($2::text IS NULL OR n.recipient_agency = $2) ${opts.lock ? 'FOR UPDATE' : ''}`,
        [id, everything ? null : user.agency],
      )) as NotificationRow[];
      if (row) return row;
    }
    await this.db.transaction((tx) =>
      this.audit.append(
        tx,
        {
          actor: actorOf(user),
          action: 'access.denied',
          objectType: 'notification',
          objectId: isUuid(id) ? id : null,
          outcome: 'denied',
          details: { attemptedId: id.slice(0, 100) },
        },
        ctx,
      ),
    );
    throw AppError.notFound('NOTIFICATION');
  }

  private step(n: NotificationRow, kind: 'read' | 'acknowledged', user: SessionUser): TrailStep {
    return {
      notificationId: n.id,
      requestId: n.request_id,
      recipientAgency: n.recipient_agency,
      kind,
      channel: 'in_app',
      actorUserId: user.id,
    };
  }

  private record(
    user: SessionUser,
    n: NotificationRow,
    action: string,
    changedFields: string[],
    extra: Record<string, unknown> = {},
  ) {
    return {
      actor: actorOf(user),
      action,
      objectType: 'notification' as const,
      objectId: n.id,
      requestId: n.request_id,
      changedFields,
      details: { event: n.event, recipientAgency: n.recipient_agency, sourceEventId: n.source_event_id, ...extra },
    };
  }
}
