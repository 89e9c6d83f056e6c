import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import {
  AssignmentClarificationEntity,
  AssignmentEntity,
  AssignmentResponseEntity,
} from '@ventanilla/database/entities/assignment.entity.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { ASSIGNMENT_STATUSES, type AssignmentStatus } from '@ventanilla/domain/assignment-status.js';
import { decideAssignmentTransition, isAssignmentAction } from '@ventanilla/domain/assignment-transitions.js';
import type { Actor } from '@ventanilla/domain/request-transitions.js';
import { shiftForPause } from '@ventanilla/domain/sla-clock.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { keysetSort, UUID_PATTERN, type SortKey } from '@ventanilla/http/keyset-cursor.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { JobName } from '@ventanilla/queue/jobs.js';
import {
  AssignmentLifecycleService,
  assignmentNotifications,
  type AssignmentTransitionCommand,
} from '@ventanilla/requests/assignment-lifecycle.service.js';
import { EffectsWriter } from '@ventanilla/requests/effects.writer.js';
import { noticeContext } from '@ventanilla/requests/notice-outbox.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { RequestLifecycleService } from '@ventanilla/requests/request-lifecycle.service.js';
import type { Page } from '@ventanilla/http/page-query.js';
import { toAssignmentView, type AssignmentView } from './assignment-view.js';
import type { AssignmentActionDto, AssignmentSort, ListAssignmentsQuery } from './assignments.dto.js';

const actorOf = (u: SessionUser): Actor => ({ userId: u.id, role: u.role, agency: u.agency });

/**
 * Need-to-know for assignments, as a WHERE clause on alias `a`: an agency sees its own; the hub and auditors
 * see all; requesters never see them (NS-1: the hub speaks for the agencies); nobody else does.
 */
/** The request's column, for sorting assignments by what they are about. */
const ofRequest = (column: string) => `(SELECT qr.${column} FROM requests qr WHERE qr.id = a.request_id)`;
const ASSIGNMENT_STATUS_ORDER = `array_position(ARRAY[${ASSIGNMENT_STATUSES.map((s) => `'${s}'`).join(', ')}]::text[], a.status::text)`;

/** Sort keys on alias `a`; assignments without a running answer clock come last both ways. */
const ASSIGNMENT_SORT_KEYS: Record<AssignmentSort, SortKey> = {
  created: { sql: 'a.created_at', kind: 'instant', order: 'desc' },
  due: {
    sql: (order) =>
      `COALESCE(a.response_due_at, '${order === 'asc' ? '9999-12-31' : '0001-01-01'}T00:00:00.000Z'::timestamptz)`,
    kind: 'instant',
    order: 'asc',
  },
  folio: { sql: `COALESCE(${ofRequest('folio')}, '')`, kind: 'text', order: 'asc' },
  title: { sql: `lower(${ofRequest('title')})`, kind: 'text', order: 'asc' },
  role: { sql: 'a.role', kind: 'text', order: 'asc' },
  status: { sql: ASSIGNMENT_STATUS_ORDER, kind: 'int', order: 'asc' },
  priority: { sql: ofRequest('priority'), kind: 'text', order: 'asc' },
  agency: { sql: 'a.agency', kind: 'text', order: 'asc' },
};

export function applyAssignmentScope(
  qb: SelectQueryBuilder<AssignmentEntity>,
  viewer: SessionUser,
): SelectQueryBuilder<AssignmentEntity> {
  switch (viewer.role) {
    case 'agency_coordinator':
      return qb.andWhere('a.agency = :scopeAgency', { scopeAgency: viewer.agency ?? '' });
    case 'hub_coordinator':
    case 'auditor':
      return qb;
    default:
      return qb.andWhere('FALSE');
  }
}

/** The agency inbox and the assignment actions (accept, decline, clarification, respond). */
@Injectable()
export class AssignmentsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly lifecycle: AssignmentLifecycleService,
    private readonly requests: RequestLifecycleService,
    private readonly reference: ReferenceRepository,
    private readonly audit: AuditWriter,
    private readonly effects: EffectsWriter,
  ) {}

  async list(user: SessionUser, query: ListAssignmentsQuery): Promise<Page<AssignmentView>> {
    const limit = query.limit ?? 50;
    const qb = applyAssignmentScope(this.db.getRepository(AssignmentEntity).createQueryBuilder('a'), user);
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.role) qb.andWhere('a.role = :role', { role: query.role });
    if (query.requestId) qb.andWhere('a.request_id = :requestId', { requestId: query.requestId });
    if (query.agency) qb.andWhere('a.agency = :agency', { agency: query.agency });
    const sorting = keysetSort(ASSIGNMENT_SORT_KEYS, query.sort ?? 'created', query.order);
    if (query.cursor) {
      const c = sorting.decode(query.cursor);
      qb.andWhere(sorting.after('a.id', ':cValue', ':cId'), { cValue: c.value, cId: c.id });
    }
    const { raw, entities } = await qb
      .addSelect(sorting.select, 'sort_key')
      .orderBy(sorting.expr, sorting.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('a.id', sorting.order === 'asc' ? 'ASC' : 'DESC')
      .limit(limit + 1)
      .getRawAndEntities();
    const keys = new Map(raw.map((row: Record<string, unknown>) => [row.a_id as string, row.sort_key]));
    const page = entities.slice(0, limit);
    const requests = await this.requestsById(page.map((a) => a.requestId));
    const last = page[page.length - 1];
    return {
      items: page.map((a) => toAssignmentView(a, requests.get(a.requestId)!, actorOf(user))),
      nextCursor: entities.length > limit && last ? sorting.encode(keys.get(last.id), last.id) : null,
    };
  }

  /** How many assignments the caller may see in each status: the counts on the inbox's tabs, in one statement. */
  async counts(user: SessionUser): Promise<{ byStatus: Record<AssignmentStatus, number>; total: number }> {
    const rows = await applyAssignmentScope(this.db.getRepository(AssignmentEntity).createQueryBuilder('a'), user)
      .select('a.status', 'status')
      .addSelect('count(*)::int', 'n')
      .groupBy('a.status')
      .getRawMany<{ status: AssignmentStatus; n: number }>();
    const byStatus = Object.fromEntries(ASSIGNMENT_STATUSES.map((s) => [s, 0])) as Record<AssignmentStatus, number>;
    for (const r of rows) byStatus[r.status] = r.n;
    return { byStatus, total: rows.reduce((sum, r) => sum + r.n, 0) };
  }

  async get(user: SessionUser, id: string, ctx: CallContext): Promise<AssignmentView> {
    const a = await this.findVisible(user, id, ctx);
    return this.view(user, a);
  }

  /** The assignments of one request the caller may see (the hub's routing panel, an agency's own). */
  async forRequest(user: SessionUser, requestId: string): Promise<{ items: AssignmentView[] }> {
    const rows = await applyAssignmentScope(
      this.db.getRepository(AssignmentEntity).createQueryBuilder('a').where('a.request_id = :requestId', { requestId }),
      user,
    )
      .orderBy('a.round', 'ASC')
      .addOrderBy(`CASE WHEN a.role = 'lead' THEN 0 ELSE 1 END`)
      .addOrderBy('a.agency')
      .getMany();
    return { items: await Promise.all(rows.map((a) => this.view(user, a))) };
  }

  async act(
    user: SessionUser,
    id: string,
    action: string,
    dto: AssignmentActionDto,
    ctx: CallContext,
  ): Promise<AssignmentView> {
    if (!isAssignmentAction(action))
      throw new AppError('ASSIGNMENT.UNKNOWN_ACTION', HttpStatus.NOT_FOUND, { action: action.slice(0, 60) });
    const visible = await this.findVisible(user, id, ctx);
    const actor = actorOf(user);
    // Cancelling is re-routing's business: the hub re-routes, and the plan cancels what it drops.
    if (action === 'cancel') throw new AppError('ASSIGNMENT.FORBIDDEN_ACTION', HttpStatus.FORBIDDEN, { action });
    if (dto.final !== undefined && action !== 'respond') {
      throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'final', code: 'unknown_field' }]);
    }
    if (action === 'respond' && dto.final === false) return this.respondPartly(user, visible, dto, ctx);

    const reason = dto.reason?.trim() ?? null;
    const cmd: AssignmentTransitionCommand = {
      assignmentId: visible.id,
      action,
      actor,
      expectedVersion: dto.version,
      reason: dto.reason ?? null,
      ctx,
    };
    switch (action) {
      case 'accept':
        cmd.patch = () => ({ accepted_by: actor.userId, accepted_at: new Date() });
        break;
      case 'decline':
        cmd.patch = () => ({ closing_reason: reason });
        break;
      case 'request_clarification':
        cmd.patch = () => ({ clock_paused_at: new Date() });
        cmd.afterUpdate = async (a, m) => {
          await m
            .getRepository(AssignmentClarificationEntity)
            .insert({ assignmentId: a.id, question: reason!, askedBy: actor.userId!, askedAt: new Date() });
        };
        break;
      case 'answer_clarification':
        cmd.patch = (current) => this.resumeClock(current);
        cmd.afterUpdate = async (a, m) => {
          await m.query(
            `UPDATE assignment_clarifications SET answer = $2, answered_by = $3, answered_at = now()
              WHERE id = (SELECT id FROM assignment_clarifications WHERE assignment_id = $1 AND answered_at IS NULL
                           ORDER BY asked_at DESC LIMIT 1)`,
            [a.id, reason, actor.userId],
          );
        };
        break;
      case 'respond':
        cmd.patch = () => ({ responded_at: new Date() });
        cmd.afterUpdate = async (a, m) => {
          await m.getRepository(AssignmentResponseEntity).insert({
            assignmentId: a.id,
            requestId: a.requestId,
            agency: a.agency,
            text: reason!,
            final: true,
            respondedBy: actor.userId!,
          });
        };
        break;
    }
    try {
      // The answer is read in the same transaction: one commit for the whole call instead of one per read.
      return await this.db.transaction(async (m) => {
        const result = await this.lifecycle.transitionIn(m, cmd);
        if (action === 'accept') await this.startProgressIfLead(m, result.assignment, ctx);
        return this.view(user, result.assignment, m);
      });
    } catch (err) {
      await this.lifecycle.auditRefusal(err, ctx);
      if (err instanceof AppError && err.code === 'NOTICE.ACKNOWLEDGEMENTS_PENDING') {
        await this.auditUnclearedAccept(visible, actor, err, ctx);
      }
      throw err;
    }
  }

  /**
   * NS-3: the lead's acceptance would put the request in progress before every required acknowledgement is in.
   * The whole acceptance rolled back; the attempt is recorded as the coordinator's, refused, with who is missing.
   */
  private async auditUnclearedAccept(
    a: AssignmentEntity,
    actor: Actor,
    err: AppError,
    ctx: CallContext,
  ): Promise<void> {
    await this.db.transaction((m) =>
      this.audit.append(
        m,
        {
          actor,
          action: 'assignment.accept',
          objectType: 'assignment',
          objectId: a.id,
          requestId: a.requestId,
          fromStatus: a.status,
          outcome: 'denied',
          details: { code: err.code, status: err.status, agency: a.agency, missing: err.extra.missing },
        },
        ctx,
      ),
    );
  }

  /** The lead's acceptance moves a routed request to `in_progress`, in the acceptance's transaction. */
  private async startProgressIfLead(m: EntityManager, a: AssignmentEntity, ctx: CallContext): Promise<void> {
    if (a.role !== 'lead') return;
    const [r] = (await m.query(`SELECT status FROM requests WHERE id = $1 FOR UPDATE`, [a.requestId])) as Array<{
      status: string;
    }>;
    if (r?.status !== 'routed') return;
    await this.requests.transitionIn(m, {
      requestId: a.requestId,
      action: 'start_progress',
      actor: { userId: null, role: 'system', agency: null },
      ctx,
      details: { leadAgency: a.agency, assignmentId: a.id },
    });
  }

  /** A partial answer: recorded, audited and sent to the hub; the assignment stays open. */
  private async respondPartly(
    user: SessionUser,
    a: AssignmentEntity,
    dto: AssignmentActionDto,
    ctx: CallContext,
  ): Promise<AssignmentView> {
    const actor = actorOf(user);
    const decision = decideAssignmentTransition('respond', actor, { status: a.status, agency: a.agency }, dto);
    if (!decision.ok) {
      // Let the lifecycle produce (and audit) the same refusal a final answer would get.
      await this.lifecycle.transition({
        assignmentId: a.id,
        action: 'respond',
        actor,
        reason: dto.reason ?? null,
        ctx,
      });
    }
    if (dto.version !== a.version) throw this.lifecycle.conflict(a);
    return this.db.transaction(async (m) => {
      const [row] = (await m.query(`SELECT version, status FROM assignments WHERE id = $1 FOR UPDATE`, [
        a.id,
      ])) as Array<{
        version: number;
        status: string;
      }>;
      if (row.version !== dto.version || row.status !== 'accepted') {
        throw this.lifecycle.conflict(await m.getRepository(AssignmentEntity).findOneByOrFail({ id: a.id }));
      }
      await m.getRepository(AssignmentResponseEntity).insert({
        assignmentId: a.id,
        requestId: a.requestId,
        agency: a.agency,
        text: dto.reason!.trim(),
        final: false,
        respondedBy: actor.userId!,
      });
      const request = await m.getRepository(RequestEntity).findOneByOrFail({ id: a.requestId });
      const event = await this.audit.append(
        m,
        {
          actor,
          action: 'assignment.respond_partial',
          objectType: 'assignment',
          objectId: a.id,
          requestId: a.requestId,
          fromStatus: a.status,
          toStatus: a.status,
          changedFields: ['responses'],
          details: { agency: a.agency, role: a.role, folio: request.folio },
        },
        ctx,
      );
      await this.effects.write(
        m,
        assignmentNotifications(
          await noticeContext(this.reference),
          event.id,
          'assignment.respond_partial',
          a,
          request,
        ),
      );
      return this.view(user, a, m);
    });
  }

  /** The hub answered: the agency's deadline moves later by the time its clock stood still. */
  private async resumeClock(current: AssignmentEntity): Promise<Record<string, unknown>> {
    if (!current.clockPausedAt || !current.responseDueAt) return { clock_paused_at: null };
    const request = await this.db.getRepository(RequestEntity).findOneByOrFail({ id: current.requestId });
    const { calendar } = await this.reference.get();
    const targets = await this.reference.slaTargets(request.priority, request.type);
    return {
      clock_paused_at: null,
      response_due_at: shiftForPause(
        current.responseDueAt,
        current.clockPausedAt,
        new Date(),
        targets.calendar,
        calendar,
      ),
    };
  }

  /**
   * The hub relays an agency's pending question to the requester (NS-1: through the window, never directly):
   * it becomes a question on the request, without pausing or moving the request, which the requester answers
   * with `answer-relayed`; the hub then answers the agency with `answer_clarification`.
   */
  async relayClarification(
    user: SessionUser,
    id: string,
    question: string | undefined,
    ctx: CallContext,
  ): Promise<{ clarificationId: string }> {
    const a = await this.findVisible(user, id, ctx);
    return this.db.transaction(async (m) => {
      const [open] = (await m.query(
        `SELECT id, question FROM assignment_clarifications WHERE assignment_id = $1 AND answered_at IS NULL
          ORDER BY asked_at DESC LIMIT 1`,
        [a.id],
      )) as Array<{ id: string; question: string }>;
      if (a.status !== 'clarification_requested' || !open) {
        throw new AppError('ASSIGNMENT.NOTHING_TO_RELAY', HttpStatus.CONFLICT);
      }
      const [inserted] = (await m.query(
        `INSERT INTO request_clarifications (request_id, question, asked_by, asked_at, relayed_from)
         VALUES ($1, $2, $3, now(), $4) ON CONFLICT DO NOTHING RETURNING id`,
        [a.requestId, question?.trim() || open.question, user.id, open.id],
      )) as Array<{ id: string }>;
      if (!inserted) throw new AppError('ASSIGNMENT.ALREADY_RELAYED', HttpStatus.CONFLICT);
      const request = await m.getRepository(RequestEntity).findOneByOrFail({ id: a.requestId });
      const event = await this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'request.clarification_relayed',
          objectType: 'request',
          objectId: request.id,
          requestId: request.id,
          fromStatus: request.status,
          toStatus: request.status,
          changedFields: ['clarifications'],
          // The requester hears a question from the window, not which agency asked it.
          details: { clarificationId: inserted.id, assignmentClarificationId: open.id, agency: a.agency },
        },
        ctx,
      );
      await this.effects.write(m, [
        {
          job: JobName.DeliverNotification,
          payload: {
            sourceEventId: event.id,
            requestId: request.id,
            recipientAgency: request.requestingAgency,
            event: 'request.clarification_relayed',
            ackRequired: false,
            params: { folio: request.folio, title: request.title, status: request.status },
          },
        },
      ]);
      return { clarificationId: inserted.id };
    });
  }

  private async findVisible(user: SessionUser, id: string, ctx: CallContext): Promise<AssignmentEntity> {
    const found = UUID_PATTERN.test(id)
      ? await applyAssignmentScope(
          this.db.getRepository(AssignmentEntity).createQueryBuilder('a').where('a.id = :id', { id }),
          user,
        ).getOne()
      : null;
    if (found) return found;
    await this.db.transaction((m) =>
      this.audit.append(
        m,
        {
          actor: actorOf(user),
          action: 'access.denied',
          objectType: 'assignment',
          objectId: UUID_PATTERN.test(id) ? id : null,
          outcome: 'denied',
          details: { attemptedId: id.slice(0, 100) },
        },
        ctx,
      ),
    );
    throw AppError.notFound('ASSIGNMENT');
  }

  /** The assignment as `user` sees it; inside a transaction when `m` is given (what it just wrote included). */
  private async view(
    user: SessionUser,
    a: AssignmentEntity,
    m: EntityManager = this.db.manager,
  ): Promise<AssignmentView> {
    const [request, responses, clarifications, supports] = await Promise.all([
      m.getRepository(RequestEntity).findOneByOrFail({ id: a.requestId }),
      m.getRepository(AssignmentResponseEntity).find({ where: { assignmentId: a.id }, order: { createdAt: 'ASC' } }),
      m.getRepository(AssignmentClarificationEntity).find({ where: { assignmentId: a.id }, order: { askedAt: 'ASC' } }),
      a.role === 'lead'
        ? (m.query(
            `SELECT DISTINCT agency FROM assignments WHERE request_id = $1 AND role = 'support'
               AND status NOT IN ('cancelled', 'declined') ORDER BY agency`,
            [a.requestId],
          ) as Promise<Array<{ agency: string }>>)
        : Promise.resolve(null),
    ]);
    return toAssignmentView(a, request, actorOf(user), {
      responses,
      clarifications,
      ...(supports ? { supportingAgencies: supports.map((s) => s.agency) } : {}),
    });
  }

  private async requestsById(ids: string[]): Promise<Map<string, RequestEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .getRepository(RequestEntity)
      .createQueryBuilder('r')
      .where('r.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }
}
