import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { AssignmentEntity } from '@ventanilla/database/entities/assignment.entity.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { ASSIGNMENT_STATUS_LABELS } from '@ventanilla/domain/assignment-status.js';
import {
  decideAssignmentTransition,
  type AssignmentAction,
  type AssignmentTransition,
} from '@ventanilla/domain/assignment-transitions.js';
import type { Actor } from '@ventanilla/domain/request-transitions.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { JobName } from '@ventanilla/queue/jobs.js';
import { OutboxWriter, type OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { ClockPlanner } from './clock-planner.service.js';
import { markRefused, recordRefusal } from './refusal-ledger.js';
import { noticeContext, noticeOutbox, policyRequestOf, type NoticeContext } from './notice-outbox.js';
import { ReferenceRepository } from './reference.repository.js';
import type { ColumnPatch } from './request-lifecycle.service.js';

export interface AssignmentTransitionCommand {
  assignmentId: string;
  action: AssignmentAction;
  actor: Actor;
  expectedVersion?: number;
  reason?: string | null;
  ctx: CallContext;
  patch?: (current: AssignmentEntity, m: EntityManager) => Promise<ColumnPatch> | ColumnPatch;
  afterUpdate?: (updated: AssignmentEntity, m: EntityManager) => Promise<void>;
  followUps?: (updated: AssignmentEntity) => OutboxItem[];
  details?: Record<string, unknown>;
}

export interface AssignmentTransitionResult {
  assignment: AssignmentEntity;
  transition: AssignmentTransition;
  auditEventId: string;
}

/**
 * The only way an assignment changes status: the domain table decides, a compare-and-set UPDATE applies, and
 * the audit event, the notifications (the agency concerned and the hub) and the follow-up jobs are written in
 * the same transaction. A terminal assignment asks for consolidation, which is a no-op until all are terminal.
 */
@Injectable()
export class AssignmentLifecycleService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly clocks: ClockPlanner,
    private readonly reference: ReferenceRepository,
  ) {}

  async transition(cmd: AssignmentTransitionCommand): Promise<AssignmentTransitionResult> {
    try {
      return await this.dataSource.transaction((m) => this.transitionIn(m, cmd));
    } catch (err) {
      await this.auditRefusal(err, cmd.ctx);
      throw err;
    }
  }

  /** Records a refusal raised by `transitionIn` once its transaction rolled back (see the request lifecycle). */
  async auditRefusal(err: unknown, ctx: CallContext): Promise<void> {
    await recordRefusal(this.dataSource, this.audit, err, ctx);
  }

  async transitionIn(m: EntityManager, cmd: AssignmentTransitionCommand): Promise<AssignmentTransitionResult> {
    const current = await m.getRepository(AssignmentEntity).findOneBy({ id: cmd.assignmentId });
    if (!current) throw AppError.notFound('ASSIGNMENT');
    const decision = decideAssignmentTransition(
      cmd.action,
      cmd.actor,
      { status: current.status, agency: current.agency },
      {
        reason: cmd.reason,
      },
    );
    if (!decision.ok) throw this.refused(this.refusal(decision, cmd, current), cmd, current);
    if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== current.version) {
      throw this.refused(this.conflict(current), cmd, current);
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
    const [rows] = (await m.query(
      `UPDATE assignments SET ${sets.join(', ')} WHERE id = $1 AND status = $2 AND version = $3 RETURNING id`,
      [current.id, current.status, current.version, decision.to, ...columns.map((c) => patch[c])],
    )) as [unknown[], number];
    if (rows.length === 0) {
      const now = await m.getRepository(AssignmentEntity).findOneByOrFail({ id: current.id });
      throw this.refused(this.conflict(now), cmd, current);
    }
    const after = await m.getRepository(AssignmentEntity).findOneByOrFail({ id: current.id });
    if (cmd.afterUpdate) await cmd.afterUpdate(after, m);
    const request = await m.getRepository(RequestEntity).findOneByOrFail({ id: after.requestId });
    await this.clocks.planAssignment(m, after, request.priority, request.type);

    const event = await this.audit.append(
      m,
      {
        actor: cmd.actor,
        action: `assignment.${cmd.action}`,
        objectType: 'assignment',
        objectId: after.id,
        requestId: after.requestId,
        fromStatus: current.status,
        toStatus: after.status,
        changedFields: ['status', 'version', ...columns],
        reason: cmd.reason ?? null,
        details: { agency: after.agency, role: after.role, round: after.round, folio: request.folio, ...cmd.details },
      },
      cmd.ctx,
    );
    const terminal = after.status === 'responded' || after.status === 'declined' || after.status === 'cancelled';
    await this.outbox.write(m, [
      ...assignmentNotifications(
        await noticeContext(this.reference),
        event.id,
        `assignment.${cmd.action}`,
        after,
        request,
      ),
      ...(terminal ? [{ job: JobName.ConsolidateRequest, payload: { requestId: after.requestId } } as const] : []),
      ...(cmd.followUps?.(after) ?? []),
    ]);
    return { assignment: after, transition: decision.transition, auditEventId: event.id };
  }

  conflict(current: AssignmentEntity): AppError {
    return new AppError('ASSIGNMENT.VERSION_CONFLICT', HttpStatus.CONFLICT, { current: current.version }, [], {
      current: { id: current.id, status: current.status, version: current.version },
    });
  }

  private refused(err: AppError, cmd: AssignmentTransitionCommand, current: AssignmentEntity): AppError {
    return markRefused(err, {
      actor: cmd.actor,
      action: `assignment.${cmd.action}`,
      objectType: 'assignment',
      objectId: current.id,
      requestId: current.requestId,
      fromStatus: current.status,
      outcome: 'denied',
      reason: cmd.reason ?? null,
      details: { code: err.code, status: err.status, agency: current.agency },
    });
  }

  private refusal(
    decision: Extract<ReturnType<typeof decideAssignmentTransition>, { ok: false }>,
    cmd: AssignmentTransitionCommand,
    current: AssignmentEntity,
  ): AppError {
    const params = {
      action: cmd.action,
      status: current.status,
      statusEs: ASSIGNMENT_STATUS_LABELS[current.status].es,
    };
    switch (decision.code) {
      case 'ASSIGNMENT.INVALID_TRANSITION':
        return new AppError(decision.code, HttpStatus.CONFLICT, params, [], {
          current: { id: current.id, status: current.status, version: current.version },
          allowedFrom: decision.allowedFrom,
        });
      case 'ASSIGNMENT.FORBIDDEN_ACTION':
        return new AppError(decision.code, HttpStatus.FORBIDDEN, params);
      case 'ASSIGNMENT.GUARD_FAILED':
        if (decision.guard === 'reason_required') {
          return new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'reason', code: 'required' }]);
        }
        return new AppError('ASSIGNMENT.FORBIDDEN_ACTION', HttpStatus.FORBIDDEN, params);
    }
  }
}

/**
 * NS-2 for assignment changes, from the notification policy: the agency that holds the assignment and the hub
 * hear of every change, and a lead's notice of a notice-type request asks for its acknowledgement. The
 * requester is not told which Mexican agency does what (the hub speaks for them, NS-1); it hears of the
 * request-level effects (in progress, responses received) through the request's own notifications.
 */
export function assignmentNotifications(
  ctx: NoticeContext,
  sourceEventId: string,
  event: string,
  a: AssignmentEntity,
  request: RequestEntity,
): OutboxItem[] {
  return noticeOutbox(
    ctx,
    { kind: 'assignment', event, request: policyRequestOf(request), assignment: { agency: a.agency, role: a.role } },
    sourceEventId,
    a.requestId,
    {
      folio: request.folio,
      title: request.title,
      agency: a.agency,
      role: a.role,
      status: a.status,
      assignmentId: a.id,
    },
  );
}
