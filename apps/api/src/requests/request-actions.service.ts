import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { AssignmentEntity, AssignmentResponseEntity } from '@ventanilla/database/entities/assignment.entity.js';
import {
  ClarificationEntity,
  RequestEntity,
  type ConsolidatedResponse,
} from '@ventanilla/database/entities/request.entity.js';
import { releaseAttachments } from '@ventanilla/documents/attachment-release.js';
import { HUB_AGENCY } from '@ventanilla/domain/notification-policy.js';
import {
  isRequestAction,
  REQUEST_TRANSITIONS,
  type Actor,
  type RequestAction,
} from '@ventanilla/domain/request-transitions.js';
import { shiftForPause } from '@ventanilla/domain/sla-clock.js';
import { AppError, type FieldError } from '@ventanilla/http/app-error.js';
import { UUID_PATTERN } from '@ventanilla/http/keyset-cursor.js';
import { actorOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { JobName } from '@ventanilla/queue/jobs.js';
import type { OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { AdvanceNoticeService } from '@ventanilla/requests/advance-notice.service.js';
import { EffectsWriter } from '@ventanilla/requests/effects.writer.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { RequestLifecycleService, type TransitionCommand } from '@ventanilla/requests/request-lifecycle.service.js';
import { toRequestView, type RequestView } from '@ventanilla/requests/request-view.js';
import { RoutingService, type CheckedPlan } from '@ventanilla/requests/routing.service.js';
import { checkRequestFields, draftFields } from './request-field-checks.js';
import { RequestQueriesService } from './request-queries.service.js';
import type { ActionDto } from './requests.dto.js';

/** Actions only the system takes (registration, the lead's acceptance, consolidation): never sent by users. */
const SYSTEM_ACTIONS: ReadonlySet<RequestAction> = new Set(['register', 'start_progress', 'complete_responses']);

/** Body fields beyond `version` and `reason` that an action takes; any other action refuses them. */
const ACTION_FIELDS: Partial<Record<RequestAction, ReadonlyArray<keyof ActionDto>>> = {
  route: ['lead', 'support'],
  reroute: ['lead', 'support'],
  release_response: ['response', 'answerIds', 'attachmentIds'],
  hand_over: ['colleague'],
};

/** The hub coordinator a request is handed to, as checked before the hand-over. */
interface Colleague {
  id: string;
  displayName: string;
}

/**
 * The lifecycle actions callers take on a request (`POST /api/requests/{id}/actions/{action}`), each one
 * transition of the request lifecycle with what it changes besides the status and what it sets in motion; and
 * the requester's answer to a question the hub relayed.
 */
@Injectable()
export class RequestActionsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly lifecycle: RequestLifecycleService,
    private readonly reference: ReferenceRepository,
    private readonly audit: AuditWriter,
    private readonly effectsWriter: EffectsWriter,
    private readonly routing: RoutingService,
    private readonly advanceNotice: AdvanceNoticeService,
    private readonly queries: RequestQueriesService,
  ) {}

  /** The requester answers a question the hub relayed from an agency; the hub is told and answers the agency. */
  async answerRelayed(
    user: SessionUser,
    id: string,
    clarificationId: string,
    answer: string,
    ctx: CallContext,
  ): Promise<RequestView> {
    const r = await this.queries.findVisible(user, id, ctx);
    if (user.role !== 'liaison' || r.requestingAgency !== user.agency) {
      throw new AppError('REQUEST.FORBIDDEN_ACTION', HttpStatus.FORBIDDEN, { action: 'answer_relayed' });
    }
    const actor = actorOf(user);
    await this.db.transaction(async (m) => {
      const [updated] = (await m.query(
        `UPDATE request_clarifications SET answer = $3, answered_by = $4, answered_at = now()
          WHERE id = $2 AND request_id = $1 AND relayed_from IS NOT NULL AND answered_at IS NULL RETURNING id`,
        [r.id, UUID_PATTERN.test(clarificationId) ? clarificationId : null, answer.trim(), user.id],
      )) as [Array<{ id: string }>, number];
      if (updated.length === 0) throw new AppError('REQUEST.NO_RELAYED_QUESTION', HttpStatus.CONFLICT);
      const event = await this.audit.append(
        m,
        {
          actor,
          action: 'request.clarification_answered',
          objectType: 'request',
          objectId: r.id,
          requestId: r.id,
          fromStatus: r.status,
          toStatus: r.status,
          changedFields: ['clarifications'],
          details: { clarificationId },
        },
        ctx,
      );
      await this.effectsWriter.write(m, [
        {
          job: JobName.DeliverNotification,
          payload: {
            sourceEventId: event.id,
            requestId: r.id,
            recipientAgency: HUB_AGENCY,
            event: 'request.clarification_answered',
            ackRequired: false,
            params: { folio: r.folio, title: r.title, status: r.status },
          },
        },
      ]);
    });
    return this.queries.get(user, id, ctx);
  }

  async act(user: SessionUser, id: string, action: string, dto: ActionDto, ctx: CallContext): Promise<RequestView> {
    if (!isRequestAction(action))
      throw new AppError('REQUEST.UNKNOWN_ACTION', HttpStatus.NOT_FOUND, { action: action.slice(0, 60) });
    const visible = await this.queries.findVisible(user, id, ctx);
    const actor = actorOf(user);
    if (SYSTEM_ACTIONS.has(action)) {
      throw new AppError('REQUEST.FORBIDDEN_ACTION', HttpStatus.FORBIDDEN, { action });
    }
    this.checkActionFields(action, dto);
    // The plan is judged only for a role that may route at all: anyone else is refused by the transition (403),
    // whatever the plan holds.
    const mayAct = REQUEST_TRANSITIONS.some((t) => t.action === action && t.roles.includes(actor.role));
    const plan =
      (action === 'route' || action === 'reroute') && mayAct
        ? await this.routing.checkPlan(
            this.db.manager,
            visible.id,
            { lead: dto.lead ?? '', supports: dto.support ?? [] },
            dto.reason,
          )
        : null;
    // Likewise the colleague of a hand-over: only a hub coordinator's choice is looked at.
    const colleague = action === 'hand_over' && mayAct ? await this.checkColleague(user, dto.colleague!) : null;
    const cmd: TransitionCommand = {
      requestId: visible.id,
      action,
      actor,
      // As read for the scope check: the compare-and-set refuses the change if the row moved since.
      current: visible,
      expectedVersion: dto.version,
      reason: dto.reason ?? null,
      ctx,
      ...this.effects(action, actor, dto, ctx, plan),
      ...(colleague ? this.handOver(user, colleague, dto) : {}),
    };
    try {
      // The answer's clarifications are read in the same transaction: one commit for the whole call.
      return await this.db.transaction(async (m) => {
        const done = await this.lifecycle.transitionIn(m, cmd);
        const request = await this.continueAfter(m, action, done.request, ctx, actor);
        const clarifications = await m
          .getRepository(ClarificationEntity)
          .find({ where: { requestId: request.id }, order: { askedAt: 'ASC' } });
        return toRequestView(request, actor, clarifications);
      });
    } catch (err) {
      await this.lifecycle.auditRefusal(err, ctx);
      throw err;
    }
  }

  /** What each wired action changes besides status, and what it sets in motion. */
  private effects(
    action: RequestAction,
    actor: Actor,
    dto: ActionDto,
    ctx: CallContext,
    plan: CheckedPlan | null,
  ): Pick<TransitionCommand, 'patch' | 'afterUpdate' | 'followUps' | 'details'> {
    switch (action) {
      case 'route':
      case 'reroute': {
        const deliveries: OutboxItem[] = [];
        return {
          patch: (current) => ({ routing_round: current.routingRound + 1, routed_at: new Date() }),
          afterUpdate: async (r, m) => {
            await this.routing.recordDecision(m, r, plan!, actor, dto.reason?.trim() || null);
            if (action === 'reroute') await this.routing.cancelDropped(m, r.id, plan!, actor, dto.reason!.trim(), ctx);
            deliveries.push(...(await this.routing.deliveries(m, r, plan!)));
          },
          followUps: () => deliveries,
          // No plan when the caller may not route: the transition refuses before any of this runs.
          details: plan ? { lead: plan.lead, support: plan.supports } : {},
        };
      }
      case 'authorize':
        return { patch: () => ({ authorization_granted: true }) };
      case 'deny':
        return { patch: () => ({ closing_reason: dto.reason!.trim(), closed_at: new Date() }) };
      case 'release_response':
        return {
          patch: async (current, m) => ({
            response: JSON.stringify(await this.consolidatedResponse(m, current.id, dto)),
            response_released_at: new Date(),
          }),
          // The hub's reply files go with it, and the agencies' files the hub picked (issue 11).
          afterUpdate: (r, m) => releaseAttachments(m, r.id, dto.attachmentIds ?? []),
        };
      case 'submit':
        return {
          patch: async (current) => {
            await checkRequestFields(this.reference, draftFields(current), true);
            return { submitted_at: new Date() };
          },
          followUps: (r) => [{ job: JobName.RegisterRequest, payload: { requestId: r.id } }],
        };
      case 'claim':
        return { patch: () => ({ claimed_by: actor.userId }) };
      case 'request_clarification':
        return {
          patch: () => ({ clock_paused_at: new Date() }),
          afterUpdate: async (r, m) => {
            await m.getRepository(ClarificationEntity).insert({
              requestId: r.id,
              question: dto.reason!.trim(),
              askedBy: actor.userId!,
              askedAt: new Date(),
            });
          },
        };
      case 'answer_clarification':
        return {
          patch: async (current) => this.resumeClock(current),
          afterUpdate: async (r, m) => {
            await m.query(
              `UPDATE request_clarifications SET answer = $2, answered_by = $3, answered_at = now()
                WHERE id = (SELECT id FROM request_clarifications WHERE request_id = $1 AND answered_at IS NULL AND relayed_from IS NULL
                             ORDER BY asked_at DESC LIMIT 1)`,
              [r.id, dto.reason!.trim(), actor.userId],
            );
          },
        };
      case 'reject':
        return { patch: () => ({ closing_reason: dto.reason!.trim(), closed_at: new Date(), clock_paused_at: null }) };
      case 'withdraw':
        return {
          patch: () => ({ closing_reason: dto.reason!.trim(), closed_at: new Date(), clock_paused_at: null }),
          afterUpdate: async (r, m) => {
            await this.routing.cancelAll(m, r.id, `Withdrawn by the requester: ${dto.reason!.trim()}`, ctx);
          },
        };
      case 'close':
        return { patch: () => ({ closed_at: new Date(), closing_reason: dto.reason?.trim() || null }) };
      default:
        return {};
    }
  }

  /**
   * What follows an action in its own transaction. A submitted notice is measured against its minimum lead
   * time (NS-3). A re-routing that keeps an accepted lead leaves the request in progress: the table sends
   * `reroute` to `routed`, and the lead's standing acceptance moves it on at once.
   */
  private async continueAfter(
    m: EntityManager,
    action: RequestAction,
    r: RequestEntity,
    ctx: CallContext,
    actor: Actor,
  ): Promise<RequestEntity> {
    if (action === 'submit') return this.advanceNotice.atSubmission(m, r, actor, ctx);
    if (action !== 'reroute') return r;
    const [lead] = (await m.query(
      `SELECT 1 FROM assignments WHERE request_id = $1 AND role = 'lead' AND status IN ('accepted', 'responded')`,
      [r.id],
    )) as unknown[];
    if (!lead) return r;
    const next = await this.lifecycle.transitionIn(m, {
      requestId: r.id,
      action: 'start_progress',
      actor: { userId: null, role: 'system', agency: null },
      ctx,
    });
    return next.request;
  }

  /**
   * The colleague of a hand-over must be another active hub coordinator (400 naming `colleague` otherwise).
   * Read in the hand-over's transaction would not help: an account disabled a moment later is the admin's to
   * sort out, like any other work its holder left.
   */
  private async checkColleague(user: SessionUser, id: string): Promise<Colleague> {
    const fail = (code: string) =>
      new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'colleague', code }]);
    if (id === user.id) throw fail('self');
    const [u] = (await this.db.query(
      `SELECT id, display_name AS "displayName", role, disabled_at AS "disabledAt" FROM users WHERE id = $1`,
      [id],
    )) as Array<Colleague & { role: string; disabledAt: Date | null }>;
    if (!u || u.role !== 'hub_coordinator') throw fail('not_hub_coordinator');
    if (u.disabledAt) throw fail('inactive_user');
    return { id: u.id, displayName: u.displayName };
  }

  /** A hand-over: the colleague holds the request from now on; the hub is told who handed what to whom. */
  private handOver(
    user: SessionUser,
    colleague: Colleague,
    dto: ActionDto,
  ): Pick<TransitionCommand, 'patch' | 'details' | 'noticeParams'> {
    return {
      patch: () => ({ claimed_by: colleague.id }),
      details: { from: user.id, to: colleague.id, toName: colleague.displayName },
      noticeParams: {
        fromName: user.displayName,
        toName: colleague.displayName,
        toUserId: colleague.id,
        text: dto.reason?.trim() ?? '',
      },
    };
  }

  private checkActionFields(action: RequestAction, dto: ActionDto): void {
    const allowed = ACTION_FIELDS[action] ?? [];
    const errors: FieldError[] = (['lead', 'support', 'response', 'answerIds', 'attachmentIds', 'colleague'] as const)
      .filter((f) => dto[f] !== undefined && !allowed.includes(f))
      .map((field) => ({ field, code: 'unknown_field' }));
    if ((action === 'route' || action === 'reroute') && !dto.lead) errors.push({ field: 'lead', code: 'required' });
    if (action === 'release_response' && !dto.response?.trim()) errors.push({ field: 'response', code: 'required' });
    if (action === 'hand_over' && !dto.colleague) errors.push({ field: 'colleague', code: 'required' });
    if (errors.length > 0) throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, errors);
  }

  /** The hub's reply with each agency's final answer attributed (all of them unless `answerIds` picks some). */
  private async consolidatedResponse(
    m: EntityManager,
    requestId: string,
    dto: ActionDto,
  ): Promise<ConsolidatedResponse> {
    const answers = await m
      .getRepository(AssignmentResponseEntity)
      .createQueryBuilder('x')
      .innerJoin(AssignmentEntity, 'a', 'a.id = x.assignment_id')
      .where('x.request_id = :requestId', { requestId })
      .andWhere('x.final')
      .andWhere(`a.status = 'responded'`)
      .orderBy(`CASE WHEN a.role = 'lead' THEN 0 ELSE 1 END`)
      .addOrderBy('x.created_at')
      .select(['x.id AS id', 'x.agency AS agency', 'a.role AS role', 'x.text AS text', 'x.created_at AS created_at'])
      .getRawMany<{ id: string; agency: string; role: string; text: string; created_at: Date }>();
    const picked = dto.answerIds ? answers.filter((a) => dto.answerIds!.includes(a.id)) : answers;
    const unknown = (dto.answerIds ?? []).filter((id) => !answers.some((a) => a.id === id));
    if (unknown.length > 0) {
      throw new AppError(
        'VALIDATION.FAILED',
        HttpStatus.BAD_REQUEST,
        {},
        unknown.map((id) => ({ field: `answerIds[${dto.answerIds!.indexOf(id)}]`, code: 'invalid' })),
      );
    }
    return {
      text: dto.response!.trim(),
      answers: picked.map((a) => ({
        id: a.id,
        agency: a.agency,
        role: a.role,
        text: a.text,
        respondedAt: new Date(a.created_at).toISOString(),
      })),
    };
  }

  /** Clarification answered: every open deadline moves later by the time the clock stood still. */
  private async resumeClock(current: RequestEntity): Promise<Record<string, unknown>> {
    if (!current.clockPausedAt) return {};
    const ref = await this.reference.get();
    const targets = await this.reference.slaTargets(current.priority, current.type);
    const now = new Date();
    const shift = (d: Date | null) =>
      d ? shiftForPause(d, current.clockPausedAt!, now, targets.calendar, ref.calendar) : null;
    return {
      clock_paused_at: null,
      acknowledge_due_at: shift(current.acknowledgeDueAt),
      route_due_at: shift(current.routeDueAt),
      first_response_due_at: shift(current.firstResponseDueAt),
      close_due_at: shift(current.closeDueAt),
    };
  }
}
