import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CallContext } from '@ventanilla/audit/audit.writer.js';
import { AssignmentEntity } from '@ventanilla/database/entities/assignment.entity.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { ASSIGNMENT_STATUS_LABELS } from '@ventanilla/domain/assignment-status.js';
import {
  decideAssignmentTransition,
  type AssignmentAction,
  type AssignmentTransition,
} from '@ventanilla/domain/assignment-transitions.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { JobName } from '@ventanilla/queue/jobs.js';
import type { OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { ClockPlanner } from './clock-planner.service.js';
import { noticeContext, noticeOutbox, policyRequestOf, type NoticeContext } from './notice-outbox.js';
import { ReferenceRepository } from './reference.repository.js';
import {
  TransitionRunner,
  type Consequences,
  type Lifecycle,
  type LifecycleCommand,
  type LifecycleDecision,
  type TransitionOutcome,
} from './transition-runner.js';

export interface AssignmentTransitionCommand extends LifecycleCommand<AssignmentEntity, AssignmentAction> {
  assignmentId: string;
}

export interface AssignmentTransitionResult {
  assignment: AssignmentEntity;
  transition: AssignmentTransition;
  auditEventId: string;
}

/**
 * The only way an assignment changes status: the transition runner (transition-runner.ts) with the
 * assignment's table, refusals, clock and notices (the agency concerned and the hub). A terminal assignment
 * asks for consolidation, which is a no-op until all are terminal.
 */
@Injectable()
export class AssignmentLifecycleService implements Lifecycle<AssignmentEntity, AssignmentAction, AssignmentTransition> {
  readonly table = 'assignments';
  readonly entity = AssignmentEntity;
  readonly objectType = 'assignment';

  constructor(
    private readonly runner: TransitionRunner,
    private readonly clocks: ClockPlanner,
    private readonly reference: ReferenceRepository,
  ) {}

  async transition(cmd: AssignmentTransitionCommand): Promise<AssignmentTransitionResult> {
    return result(await this.runner.run(this, cmd.assignmentId, cmd));
  }

  async transitionIn(m: EntityManager, cmd: AssignmentTransitionCommand): Promise<AssignmentTransitionResult> {
    return result(await this.runner.runIn(m, this, cmd.assignmentId, cmd));
  }

  /** Records a refusal raised by `transitionIn` once the caller's transaction rolled back. */
  async auditRefusal(err: unknown, ctx: CallContext): Promise<void> {
    await this.runner.auditRefusal(err, ctx);
  }

  notFound(): AppError {
    return AppError.notFound('ASSIGNMENT');
  }

  decide(
    _m: EntityManager,
    current: AssignmentEntity,
    cmd: LifecycleCommand<AssignmentEntity, AssignmentAction>,
  ): Promise<LifecycleDecision<AssignmentTransition>> {
    const decision = decideAssignmentTransition(
      cmd.action,
      cmd.actor,
      { status: current.status, agency: current.agency },
      { reason: cmd.reason },
    );
    return Promise.resolve(
      decision.ok
        ? { ok: true, to: decision.to, transition: decision.transition }
        : { ok: false, error: this.refusalError(decision, cmd, current) },
    );
  }

  refusal(current: AssignmentEntity, _cmd: LifecycleCommand<AssignmentEntity, AssignmentAction>, err: AppError) {
    return { requestId: current.requestId, details: { code: err.code, status: err.status, agency: current.agency } };
  }

  async consequences(
    m: EntityManager,
    _before: AssignmentEntity,
    after: AssignmentEntity,
    cmd: LifecycleCommand<AssignmentEntity, AssignmentAction>,
  ): Promise<Consequences> {
    const request = await m.getRepository(RequestEntity).findOneByOrFail({ id: after.requestId });
    const ctx = await noticeContext(this.reference);
    const jobs = await this.clocks.planAssignment(m, after, request.priority, request.type);
    const terminal = after.status === 'responded' || after.status === 'declined' || after.status === 'cancelled';
    if (terminal) jobs.push({ job: JobName.ConsolidateRequest, payload: { requestId: after.requestId } });
    return {
      requestId: after.requestId,
      details: { agency: after.agency, role: after.role, round: after.round, folio: request.folio, ...cmd.details },
      jobs,
      notices: (eventId) => assignmentNotifications(ctx, eventId, `assignment.${cmd.action}`, after, request),
    };
  }

  conflict(current: AssignmentEntity): AppError {
    return new AppError('ASSIGNMENT.VERSION_CONFLICT', HttpStatus.CONFLICT, { current: current.version }, [], {
      current: { id: current.id, status: current.status, version: current.version },
    });
  }

  private refusalError(
    decision: Extract<ReturnType<typeof decideAssignmentTransition>, { ok: false }>,
    cmd: LifecycleCommand<AssignmentEntity, AssignmentAction>,
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

function result(o: TransitionOutcome<AssignmentEntity, AssignmentTransition>): AssignmentTransitionResult {
  return { assignment: o.row, transition: o.transition, auditEventId: o.auditEventId };
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
