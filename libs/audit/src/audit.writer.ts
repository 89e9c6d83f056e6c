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
    | 'report';
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
    const rows: Array<{ id: string; occurred_at: Date }> = await manager.query(
      `INSERT INTO audit_events (occurred_at, actor_user_id, actor_role, actor_agency, action, object_type, object_id,
         request_id, from_status, to_status, changed_fields, outcome, reason, ip, user_agent, correlation_id, details)
       VALUES (clock_timestamp(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       RETURNING id, occurred_at`,
      [
        record.actor.userId,
        record.actor.role,
        record.actor.agency,
        record.action,
        record.objectType,
        record.objectId,
        record.requestId ?? null,
        record.fromStatus ?? null,
        record.toStatus ?? null,
        JSON.stringify(record.changedFields ?? []),
        record.outcome ?? 'success',
        record.reason ?? null,
        ctx.ip,
        ctx.userAgent,
        ctx.correlationId,
        JSON.stringify(record.details ?? {}),
      ],
    );
    return { id: rows[0].id, occurredAt: rows[0].occurred_at };
  }
}
