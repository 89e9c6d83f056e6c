import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import type { PendingClearance } from '@ventanilla/domain/advance-notice.js';
import type { AssignedAgency } from '@ventanilla/domain/notification-policy.js';
import { REQUEST_STATUS_LABELS } from '@ventanilla/domain/request-status.js';
import {
  decideRequestTransition,
  REQUEST_TRANSITIONS,
  type Actor,
  type RequestAction,
  type RequestTransition,
} from '@ventanilla/domain/request-transitions.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { OutboxWriter, type OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { clearanceOf, clearancePendingError } from './clearance.js';
import { ClockPlanner } from './clock-planner.service.js';
import { markRefused, recordRefusal } from './refusal-ledger.js';
import { noticeContext, noticeOutbox, policyRequestOf, type NoticeContext } from './notice-outbox.js';
import { ReferenceRepository } from './reference.repository.js';
import { toRequestView } from './request-view.js';

const GUARD_TEXT: Record<string, { en: string; es: string }> = {
  own_agency: { en: "your agency's request", es: 'una solicitud de su dependencia' },
  reason_required: { en: 'a reason', es: 'un motivo' },
  authorization_cleared: { en: 'the GANS authorization first', es: 'la autorización del GANS primero' },
  needs_authorization: { en: 'a request that needs authorization', es: 'una solicitud que requiera autorización' },
  notice_cleared: { en: 'every required acknowledgement', es: 'todos los acuses requeridos' },
};

/** Column values a transition sets besides status and version; keys are column names. */
export type ColumnPatch = Record<string, unknown>;

export interface TransitionCommand {
  requestId: string;
  action: RequestAction;
  actor: Actor;
  /** The version the caller saw; omitted by system actors, which act on whatever is current. */
  expectedVersion?: number;
  reason?: string | null;
  ctx: CallContext;
  /** Extra columns to set, computed from the current row inside the transaction. */
  patch?: (current: RequestEntity, m: EntityManager) => Promise<ColumnPatch> | ColumnPatch;
  /** More writes in the same transaction, after the status update (e.g. a clarification row). */
  afterUpdate?: (updated: RequestEntity, m: EntityManager) => Promise<void>;
  /** Follow-up jobs besides the notifications the policy requires. */
  followUps?: (updated: RequestEntity) => OutboxItem[];
  details?: Record<string, unknown>;
}

export interface TransitionResult {
  request: RequestEntity;
  transition: RequestTransition;
  auditEventId: string;
}

/**
 * The only way a request changes status. One transaction: the domain table decides; a compare-and-set
 * UPDATE applies (zero rows → 409); the audit event and the outbox rows (notifications for every party the
 * policy names, plus follow-up jobs) are written; if any step throws, nothing happened.
 */
@Injectable()
export class RequestLifecycleService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly clocks: ClockPlanner,
    private readonly reference: ReferenceRepository,
  ) {}

  async transition(cmd: TransitionCommand): Promise<TransitionResult> {
    try {
      return await this.dataSource.transaction((m) => this.transitionIn(m, cmd));
    } catch (err) {
      await this.auditRefusal(err, cmd.ctx);
      throw err;
    }
  }

  /**
   * A refused attempt rolled back with its transaction; this records it in a transaction of its own, so that
   * auditors see denied attempts too. Callers that own the transaction call it after theirs failed.
   */
  async auditRefusal(err: unknown, ctx: CallContext): Promise<void> {
    await recordRefusal(this.dataSource, this.audit, err, ctx);
  }

  private refused(err: AppError, cmd: TransitionCommand, current: RequestEntity): AppError {
    return markRefused(err, {
      actor: cmd.actor,
      action: `request.${cmd.action}`,
      objectType: 'request',
      objectId: current.id,
      requestId: current.id,
      fromStatus: current.status,
      toStatus: null,
      outcome: 'denied',
      reason: cmd.reason ?? null,
      details: { code: err.code, status: err.status, expectedVersion: cmd.expectedVersion ?? null },
    });
  }

  /** The same, inside a transaction the caller owns (e.g. registration also bumps the folio counter). */
  async transitionIn(m: EntityManager, cmd: TransitionCommand): Promise<TransitionResult> {
    const current = await m.getRepository(RequestEntity).findOneBy({ id: cmd.requestId });
    if (!current) throw AppError.notFound();
    const ctx = await noticeContext(this.reference);
    // Clearance costs two queries: only the transitions guarded by it pay for them.
    const pending = REQUEST_TRANSITIONS.find((t) => t.action === cmd.action)?.guards.includes('notice_cleared')
      ? await clearanceOf(m, current, ctx.policy)
      : [];
    const decision = decideRequestTransition(
      cmd.action,
      cmd.actor,
      {
        status: current.status,
        requestingAgency: current.requestingAgency,
        needsAuthorization: current.needsAuthorization,
        authorizationGranted: current.authorizationGranted,
        pendingClearance: pending,
      },
      { reason: cmd.reason },
    );
    if (!decision.ok) throw this.refused(this.refusal(decision, cmd, current, pending), cmd, current);
    if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== current.version) {
      throw this.refused(this.conflict(current, cmd.actor), cmd, current);
    }

    const patch = cmd.patch ? await cmd.patch(current, m) : {};
    const columns = Object.keys(patch);
    for (const c of columns) if (!/^[a-z_]+$/.test(c)) throw new Error(`invalid column name in patch: ${c}`);
    const sets = [
      'status = $4',
      'version = version + 1',
      'updated_at = now()',
      ...columns.map((c, i) => `${c} = $${i + 5}`),
    ];
    const updated: unknown[] = await m.query(
      `UPDATE requests SET ${sets.join(', ')} WHERE id = $1 AND status = $2 AND version = $3 RETURNING id`,
      [current.id, current.status, current.version, decision.to, ...columns.map((c) => patch[c])],
    );
    // TypeORM answers [rows, count] for UPDATE … RETURNING on postgres.
    const rows = Array.isArray(updated[0]) ? (updated[0] as unknown[]) : updated;
    if (rows.length === 0) {
      const now = await m.getRepository(RequestEntity).findOneByOrFail({ id: current.id });
      throw this.refused(this.conflict(now, cmd.actor), cmd, current);
    }
    const after = await m.getRepository(RequestEntity).findOneByOrFail({ id: current.id });
    if (cmd.afterUpdate) await cmd.afterUpdate(after, m);
    await this.clocks.planRequest(m, after);
    const assigned = await liveAssignments(m, after.id);

    const event = await this.audit.append(
      m,
      {
        actor: cmd.actor,
        action: `request.${cmd.action}`,
        objectType: 'request',
        objectId: after.id,
        requestId: after.id,
        fromStatus: current.status,
        toStatus: after.status,
        changedFields: ['status', 'version', ...columns.map(camel)],
        reason: cmd.reason ?? null,
        details: { folio: after.folio, ...cmd.details },
      },
      cmd.ctx,
    );
    await this.outbox.write(m, [
      ...notificationsFor(ctx, event.id, cmd.action, current.status, after, assigned),
      ...(cmd.followUps?.(after) ?? []),
    ]);
    return { request: after, transition: decision.transition, auditEventId: event.id };
  }

  conflict(current: RequestEntity, actor: Actor): AppError {
    return new AppError('REQUEST.VERSION_CONFLICT', HttpStatus.CONFLICT, { current: current.version }, [], {
      current: toRequestView(current, actor),
    });
  }

  private refusal(
    decision: Extract<ReturnType<typeof decideRequestTransition>, { ok: false }>,
    cmd: TransitionCommand,
    current: RequestEntity,
    pending: readonly PendingClearance[],
  ): AppError {
    const params = {
      action: cmd.action,
      status: current.status,
      statusEs: REQUEST_STATUS_LABELS[current.status].es,
    };
    switch (decision.code) {
      case 'REQUEST.INVALID_TRANSITION':
        return new AppError(decision.code, HttpStatus.CONFLICT, params, [], {
          current: toRequestView(current, cmd.actor),
          allowedFrom: decision.allowedFrom,
        });
      case 'REQUEST.FORBIDDEN_ACTION':
        return new AppError(decision.code, HttpStatus.FORBIDDEN, params);
      case 'REQUEST.GUARD_FAILED': {
        if (decision.guard === 'reason_required') {
          return new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'reason', code: 'required' }]);
        }
        if (decision.guard === 'notice_cleared') return clearancePendingError(pending);
        const text = GUARD_TEXT[decision.guard ?? ''] ?? { en: decision.guard, es: decision.guard };
        return new AppError(
          decision.code,
          HttpStatus.UNPROCESSABLE_ENTITY,
          {
            ...params,
            guard: text.en,
            guardEs: text.es,
          },
          [],
          { guard: decision.guard },
        );
      }
    }
  }
}

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The agencies holding a live assignment on a request, with their role. */
export async function liveAssignments(m: EntityManager, requestId: string): Promise<AssignedAgency[]> {
  return (await m.query(
    `SELECT DISTINCT agency, role FROM assignments WHERE request_id = $1 AND status NOT IN ('cancelled', 'declined')`,
    [requestId],
  )) as AssignedAgency[];
}

/** NS-2: one outbox row per party the notification policy names, written with the change. */
export function notificationsFor(
  ctx: NoticeContext,
  sourceEventId: string,
  action: string,
  from: RequestEntity['status'] | null,
  request: RequestEntity,
  assigned: readonly AssignedAgency[] = [],
): OutboxItem[] {
  return noticeOutbox(
    ctx,
    { kind: 'request', action, from, request: policyRequestOf(request), assigned },
    sourceEventId,
    request.id,
    { folio: request.folio, status: request.status, title: request.title },
  );
}
