import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@ventanilla/domain/request-transitions.js';

/** Where a call came from; copied into every audit event it causes. */
export interface CallContext {
  correlationId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const SYSTEM_CONTEXT: CallContext = { correlationId: null, ip: null, userAgent: null };

export interface AuditRecord {
  actor: Actor;
  action: string;
  objectType:
    | 'request'
    | 'assignment'
    | 'session'
    | 'user'
    | 'notification'
    | 'reference'
    | 'queue'
    | 'job'
    | 'webhook_endpoint'
    | 'email_contact'
    | 'dead_letter'
    | 'audit'
    | 'report'
    | 'attachment'
    | 'translation'
    | 'saved_view';
  objectId: string | null;
  requestId?: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  changedFields?: string[];
  outcome?: 'success' | 'denied' | 'failure';
  reason?: string | null;
  details?: Record<string, unknown>;
}

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, and a refused attempt must be recorded whatever the caller
 * typed (an id of `%00` in a path used to turn the audit of a 404 into a 500): it is written as U+FFFD.
 */
const storable = (s: string | null | undefined): string | null => (s == null ? null : s.replaceAll('\u0000', '\uFFFD'));
const storableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? storable(v) : v));

/**
 * Appends audit events. It takes the caller's EntityManager so the event commits or rolls back with the
 * change it records; there is deliberately no method that opens its own transaction for a state change.
 */
@Injectable()
export class AuditWriter {
  async append(
    manager: EntityManager,
    record: AuditRecord,
    ctx: CallContext,
  ): Promise<{ id: string; occurredAt: Date }> {
    const [event] = await this.appendMany(manager, [record], ctx);
    return event;
  }

  /** Several events of one change in one insert, in order; answers their ids in the same order. */
  async appendMany(
    manager: EntityManager,
    records: AuditRecord[],
    ctx: CallContext,
  ): Promise<Array<{ id: string; occurredAt: Date }>> {
    if (records.length === 0) return [];
    const values: unknown[] = [];
    const tuples = records.map((record) => {
      const b = values.length;
      values.push(
        record.actor.userId,
        record.actor.role,
        record.actor.agency,
        record.action,
        record.objectType,
        storable(record.objectId),
        record.requestId ?? null,
        record.fromStatus ?? null,
        record.toStatus ?? null,
        storableJson(record.changedFields ?? []),
        record.outcome ?? 'success',
        storable(record.reason),
        ctx.ip,
        storable(ctx.userAgent),
        ctx.correlationId,
        storableJson(record.details ?? {}),
      );
      return `(clock_timestamp(), ${Array.from({ length: 16 }, (_, i) => `$${b + i + 1}`).join(', ')})`;
    });
    const rows: Array<{ id: string; occurred_at: Date }> = await manager.query(
      `INSERT INTO audit_events (occurred_at, actor_user_id, actor_role, actor_agency, action, object_type, object_id,
         request_id, from_status, to_status, changed_fields, outcome, reason, ip, user_agent, correlation_id, details)
       VALUES ${tuples.join(', ')}
       RETURNING id, occurred_at`,
      values,
    );
    return rows.map((r) => ({ id: r.id, occurredAt: r.occurred_at }));
  }
}
