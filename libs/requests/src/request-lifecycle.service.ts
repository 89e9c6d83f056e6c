import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CallContext } from '@ventanilla/audit/audit.writer.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import type { PendingClearance } from '@ventanilla/domain/advance-notice.js';
import type { AssignedAgency } from '@ventanilla/domain/notification-policy.js';
import { isTerminalRequestStatus, REQUEST_STATUS_LABELS } from '@ventanilla/domain/request-status.js';
import {
  decideRequestTransition,
  REQUEST_TRANSITIONS,
  type Actor,
  type RequestAction,
  type RequestTransition,
} from '@ventanilla/domain/request-transitions.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { clearanceOf, clearancePendingError } from './clearance.js';
import { ClockPlanner } from './clock-planner.service.js';
import { noticeContext, noticeOutbox, policyRequestOf, type NoticeContext } from './notice-outbox.js';
import { ReferenceRepository } from './reference.repository.js';
import { toRequestView } from './request-view.js';
import {
  TransitionRunner,
  type Consequences,
  type Lifecycle,
  type LifecycleCommand,
  type LifecycleDecision,
  type TransitionOutcome,
} from './transition-runner.js';

const GUARD_TEXT: Record<string, { en: string; es: string }> = {
  own_agency: { en: "your agency's request", es: 'una solicitud de su dependencia' },
  reason_required: { en: 'a reason', es: 'un motivo' },
  authorization_cleared: { en: 'the GANS authorization first', es: 'la autorización del GANS primero' },
  needs_authorization: { en: 'a request that needs authorization', es: 'una solicitud que requiera autorización' },
  notice_cleared: { en: 'every required acknowledgement', es: 'todos los acuses requeridos' },
};

export type { ColumnPatch } from './transition-runner.js';

export interface TransitionCommand extends LifecycleCommand<RequestEntity, RequestAction> {
  requestId: string;
}

export interface TransitionResult {
  request: RequestEntity;
  transition: RequestTransition;
  auditEventId: string;
}

/**
 * The only way a request changes status: the transition runner (transition-runner.ts) with the request's
 * table, guards, refusals, clocks and notices. One transaction: the domain table decides; a compare-and-set
 * UPDATE applies (zero rows → 409); the audit event, the notices for every party the policy names and the
 * follow-up jobs are written; if any step throws, nothing happened.
 */
@Injectable()
export class RequestLifecycleService implements Lifecycle<RequestEntity, RequestAction, RequestTransition> {
  readonly table = 'requests';
  readonly entity = RequestEntity;
  readonly objectType = 'request';

  constructor(
    private readonly runner: TransitionRunner,
    private readonly clocks: ClockPlanner,
    private readonly reference: ReferenceRepository,
  ) {}

  async transition(cmd: TransitionCommand): Promise<TransitionResult> {
    return result(await this.runner.run(this, cmd.requestId, cmd));
  }

  /** The same, inside a transaction the caller owns (e.g. registration also bumps the folio counter). */
  async transitionIn(m: EntityManager, cmd: TransitionCommand): Promise<TransitionResult> {
    return result(await this.runner.runIn(m, this, cmd.requestId, cmd));
  }

  /**
   * A request created already submitted goes through the same `submit` transition as a draft's submission (the
   * table, its guards, its notices and follow-ups), audited as its creation: `insert` writes the row.
   */
  async createIn(
    m: EntityManager,
    draft: RequestEntity,
    cmd: LifecycleCommand<RequestEntity, RequestAction> & { changedFields: string[] },
    insert: (status: string) => Promise<RequestEntity>,
  ): Promise<TransitionResult> {
    return result(await this.runner.createIn(m, this, draft, cmd, insert));
  }

  /** Records a refusal raised by `transitionIn` once the caller's transaction rolled back. */
  async auditRefusal(err: unknown, ctx: CallContext): Promise<void> {
    await this.runner.auditRefusal(err, ctx);
  }

  notFound(): AppError {
    return AppError.notFound();
  }

  async decide(
    m: EntityManager,
    current: RequestEntity,
    cmd: LifecycleCommand<RequestEntity, RequestAction>,
  ): Promise<LifecycleDecision<RequestTransition>> {
    // Clearance costs two queries: only the transitions guarded by it pay for them.
    const pending = REQUEST_TRANSITIONS.find((t) => t.action === cmd.action)?.guards.includes('notice_cleared')
      ? await clearanceOf(m, current, (await noticeContext(this.reference)).policy)
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
        claimedBy: current.claimedBy,
      },
      { reason: cmd.reason },
    );
    return decision.ok
      ? { ok: true, to: decision.to, transition: decision.transition }
      : { ok: false, error: this.refusalError(decision, cmd, current, pending) };
  }

  refusal(current: RequestEntity, cmd: LifecycleCommand<RequestEntity, RequestAction>, err: AppError) {
    return {
      requestId: current.id,
      details: { code: err.code, status: err.status, expectedVersion: cmd.expectedVersion ?? null },
    };
  }

  async consequences(
    m: EntityManager,
    before: RequestEntity,
    after: RequestEntity,
    cmd: LifecycleCommand<RequestEntity, RequestAction>,
  ): Promise<Consequences> {
    const ctx = await noticeContext(this.reference);
    // A draft has no clock, and a submission starts none (registration does; NS-3's report clock is planned by
    // the advance-notice check that follows the submission).
    const jobs = before.status === 'draft' ? [] : await this.clocks.planRequest(m, after);
    // Assignments exist only once a routing has been delivered: a round written now is delivered after commit.
    const assigned = before.routingRound > 0 ? await liveAssignments(m, after.id) : [];
    return {
      requestId: after.id,
      details: { folio: after.folio, ...cmd.details },
      jobs,
      notices: (eventId) =>
        notificationsFor(ctx, eventId, cmd.action, before.status, after, assigned, cmd.noticeParams),
    };
  }

  conflict(current: RequestEntity, actor: Actor): AppError {
    return new AppError('REQUEST.VERSION_CONFLICT', HttpStatus.CONFLICT, { current: current.version }, [], {
      current: toRequestView(current, actor),
    });
  }

  private refusalError(
    decision: Extract<ReturnType<typeof decideRequestTransition>, { ok: false }>,
    cmd: LifecycleCommand<RequestEntity, RequestAction>,
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
        // Only a claimed request can be handed over: before the claim, say so plainly.
        if (cmd.action === 'hand_over' && !current.claimedBy && !isTerminalRequestStatus(current.status)) {
          return new AppError('REQUEST.NOT_CLAIMED', HttpStatus.CONFLICT, params);
        }
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
        if (decision.guard === 'claimant') {
          return current.claimedBy
            ? new AppError('REQUEST.NOT_CLAIMANT', HttpStatus.CONFLICT, params, [], {
                current: toRequestView(current, cmd.actor),
              })
            : new AppError('REQUEST.NOT_CLAIMED', HttpStatus.CONFLICT, params);
        }
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

function result(o: TransitionOutcome<RequestEntity, RequestTransition>): TransitionResult {
  return { request: o.row, transition: o.transition, auditEventId: o.auditEventId };
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
  extra: Record<string, string | number | boolean | null> = {},
): OutboxItem[] {
  return noticeOutbox(
    ctx,
    { kind: 'request', action, from, request: policyRequestOf(request), assigned },
    sourceEventId,
    request.id,
    { ...extra, folio: request.folio, status: request.status, title: request.title },
  );
}
