import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { AuditEventEntity } from '@ventanilla/database/entities/audit-event.entity.js';
import { entityFromRow } from '@ventanilla/database/row-mapper.js';
import {
  AssignmentEntity,
  AssignmentResponseEntity,
  RoutingDecisionEntity,
} from '@ventanilla/database/entities/assignment.entity.js';
import {
  ClarificationEntity,
  RequestEntity,
  type ConsolidatedResponse,
} from '@ventanilla/database/entities/request.entity.js';
import { HUB_AGENCY } from '@ventanilla/domain/notification-policy.js';
import { shiftForPause } from '@ventanilla/domain/sla-clock.js';
import {
  ESCALATION_LEVELS,
  isPriority,
  requiresProposedActionAt,
  type NoSurprisesClass,
  type Priority,
  type RequestStatus,
} from '@ventanilla/domain/request-status.js';
import {
  isRequestAction,
  REQUEST_TRANSITIONS,
  type Actor,
  type RequestAction,
} from '@ventanilla/domain/request-transitions.js';
import { AppError, type FieldError } from '@ventanilla/http/app-error.js';
import { requestFieldErrors } from './request-field-checks.js';
import { releaseAttachments } from '@ventanilla/documents/attachment-release.js';
import { decodeCursor, encodeCursor, UUID_PATTERN } from '@ventanilla/http/keyset-cursor.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { mergeByTime, notificationTimeline } from '@ventanilla/notifications/notification-timeline.js';
import { JobName } from '@ventanilla/queue/jobs.js';
import type { OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { AdvanceNoticeService } from '@ventanilla/requests/advance-notice.service.js';
import { EffectsWriter } from '@ventanilla/requests/effects.writer.js';
import { noticeContext } from '@ventanilla/requests/notice-outbox.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import {
  RequestLifecycleService,
  notificationsFor,
  type TransitionCommand,
} from '@ventanilla/requests/request-lifecycle.service.js';
import { applyRequestScope } from '@ventanilla/requests/request-scope.js';
import { RoutingService, type CheckedPlan } from '@ventanilla/requests/routing.service.js';
import { toRequestView, type RequestView } from '@ventanilla/requests/request-view.js';
import {
  REQUEST_QUEUES,
  type ActionDto,
  type AuthorizationDecision,
  type AuthorizationDecisionsQuery,
  type CreateRequestDto,
  type ListRequestsQuery,
  type RequestFieldsDto,
  type RequestQueue,
  type UpdateDraftDto,
} from './requests.dto.js';
import { DUE_KEY, NO_DEADLINE, QUEUE_COUNTS_SQL, QUEUE_WHERE } from './request-queues.sql.js';

/** Actions only the system takes (registration, the lead's acceptance, consolidation): never sent by users. */
const SYSTEM_ACTIONS: ReadonlySet<RequestAction> = new Set(['register', 'start_progress', 'complete_responses']);

/** Body fields beyond `version` and `reason` that an action takes; any other action refuses them. */
const ACTION_FIELDS: Partial<Record<RequestAction, ReadonlyArray<keyof ActionDto>>> = {
  route: ['lead', 'support'],
  reroute: ['lead', 'support'],
  release_response: ['response', 'answerIds', 'attachmentIds'],
};

export interface RoutingProposalView {
  requestId: string;
  ruleSetVersion: number;
  lead: string;
  support: string[];
  needsAuthorization: boolean;
  authorizer: string | null;
  priorityFloor: string | null;
  ruleIds: string[];
  computedAt: string;
  decisions: Array<{
    round: number;
    lead: string;
    support: string[];
    followsProposal: boolean;
    reason: string | null;
    decidedAt: string;
  }>;
}

/** Abandoned in-flight idempotency records (a crashed process) may be taken over after this long. */
const IN_FLIGHT_TIMEOUT_MS = 60_000;

export interface TimelineEntry {
  id: string;
  occurredAt: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  outcome: string;
  reason: string | null;
  actor: { role: string; agency: string | null; userId?: string | null };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One decision of the authorizer (GANS) on a request, from the audit trail that recorded it. */
export interface AuthorizationDecisionView {
  id: string;
  decision: AuthorizationDecision;
  decidedAt: string;
  decidedBy: { userId: string | null; displayName: string | null; agency: string | null };
  reason: string | null;
  requestId: string;
  folio: string | null;
  title: string;
  requestingAgency: string;
  status: RequestStatus;
  priority: string;
}

const DECISION_ACTIONS: Record<AuthorizationDecision, string> = {
  authorized: 'request.authorize',
  denied: 'request.deny',
};

const actorOf = (u: SessionUser): Actor => ({ userId: u.id, role: u.role, agency: u.agency });

@Injectable()
export class RequestsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly lifecycle: RequestLifecycleService,
    private readonly reference: ReferenceRepository,
    private readonly audit: AuditWriter,
    private readonly effectsWriter: EffectsWriter,
    private readonly routing: RoutingService,
    private readonly advanceNotice: AdvanceNoticeService,
  ) {}

  // ---- create -------------------------------------------------------------------------------------------

  async create(
    user: SessionUser,
    dto: CreateRequestDto,
    idempotencyKey: string | undefined,
    ctx: CallContext,
  ): Promise<{ status: number; body: unknown }> {
    if (idempotencyKey === undefined) return { status: 201, body: await this.createOnce(user, dto, ctx, null) };
    if (!/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      throw new AppError('IDEMPOTENCY.INVALID_KEY', HttpStatus.BAD_REQUEST, {}, [
        { field: 'Idempotency-Key', code: 'invalid' },
      ]);
    }
    const bodyHash = createHash('sha256').update(canonicalJson(dto)).digest('hex');
    const claimed: unknown[] = await this.db.query(
      `INSERT INTO idempotency_keys (user_id, key, body_hash, state) VALUES ($1, $2, $3, 'in_flight')
       ON CONFLICT (user_id, key) DO UPDATE SET body_hash = EXCLUDED.body_hash, created_at = now()
         WHERE idempotency_keys.state = 'in_flight' AND idempotency_keys.created_at < now() - make_interval(secs => $4)
           AND idempotency_keys.body_hash = EXCLUDED.body_hash
       RETURNING key`,
      [user.id, idempotencyKey, bodyHash, IN_FLIGHT_TIMEOUT_MS / 1000],
    );
    if (claimed.length === 0) {
      const [existing] = (await this.db.query(
        `SELECT body_hash, state, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [user.id, idempotencyKey],
      )) as Array<{ body_hash: string; state: string; response_status: number | null; response_body: unknown }>;
      if (!existing) throw new AppError('IDEMPOTENCY.IN_FLIGHT', HttpStatus.CONFLICT);
      if (existing.body_hash !== bodyHash)
        throw new AppError('IDEMPOTENCY.KEY_REUSED', HttpStatus.UNPROCESSABLE_ENTITY);
      if (existing.state !== 'done') throw new AppError('IDEMPOTENCY.IN_FLIGHT', HttpStatus.CONFLICT);
      return { status: existing.response_status ?? 201, body: existing.response_body };
    }
    try {
      const body = await this.createOnce(user, dto, ctx, { key: idempotencyKey });
      return { status: 201, body };
    } catch (err) {
      // Nothing was created: free the key so the client's retry runs again.
      await this.db.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND state = 'in_flight'`, [
        user.id,
        idempotencyKey,
      ]);
      throw err;
    }
  }

  private async createOnce(
    user: SessionUser,
    dto: CreateRequestDto,
    ctx: CallContext,
    idem: { key: string } | null,
  ): Promise<RequestView> {
    const submit = dto.draft !== true;
    const { noSurprises, defaultPriority } = await this.checkFields(dto, submit);
    const actor = actorOf(user);
    // sla.json lists an exigent notice among P1's criteria: it takes P1 unless the requester chose otherwise.
    const exigent = noSurprises !== null && requiresProposedActionAt(noSurprises) && dto.actionKind === 'exigent';
    const priority = dto.priority ?? (exigent ? 'P1' : (defaultPriority ?? 'P3'));
    return this.db.transaction(async (m) => {
      const status = submit ? 'submitted' : 'draft';
      const values = {
        ...this.columnsFrom(dto, noSurprises, isPriority(priority) ? priority : 'P3'),
        status,
        requesting_agency: user.agency,
        created_by: user.id,
        submitted_at: submit ? new Date() : null,
      };
      const columns = Object.keys(values);
      const [row] = (await m.query(
        `INSERT INTO requests (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
        columns.map((c) => values[c as keyof typeof values]),
      )) as Array<Record<string, unknown>>;
      let created = entityFromRow(m, RequestEntity, row);
      const event = await this.audit.append(
        m,
        {
          actor,
          action: 'request.create',
          objectType: 'request',
          objectId: created.id,
          requestId: created.id,
          fromStatus: null,
          toStatus: created.status,
          changedFields: Object.keys(dto).filter((k) => k !== 'draft'),
        },
        ctx,
      );
      if (submit) {
        await this.effectsWriter.write(m, [
          { job: JobName.RegisterRequest, payload: { requestId: created.id } },
          ...notificationsFor(await noticeContext(this.reference), event.id, 'submit', null, created),
        ]);
        created = await this.advanceNotice.atSubmission(m, created, actor, ctx);
      }
      const view = toRequestView(created, actor);
      if (idem) {
        await m.query(
          `UPDATE idempotency_keys SET state = 'done', response_status = 201, response_body = $3 WHERE user_id = $1 AND key = $2`,
          [user.id, idem.key, JSON.stringify(view)],
        );
      }
      return view;
    });
  }

  /** Reference checks and, when submitting, completeness: every problem as a field error at once. */
  private async checkFields(
    dto: RequestFieldsDto,
    submitting: boolean,
  ): Promise<{ noSurprises: NoSurprisesClass | null; defaultPriority: Priority | null }> {
    const ref = await this.reference.get();
    const type = dto.type ? ref.requestTypes.get(dto.type) : undefined;
    const errors = requestFieldErrors(dto as Record<string, unknown>, ref, { submitting, now: new Date() });
    if (errors.length > 0) throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, errors);
    return {
      noSurprises: (type?.noSurprises as NoSurprisesClass | undefined) ?? null,
      defaultPriority: (type?.defaultPriority as Priority | undefined) ?? null,
    };
  }

  /**
   * Every column the requester writes, from the DTO: one mapping for create and for draft edits. A draft keeps
   * what the requester has not chosen empty, so that submitting finds it missing.
   */
  private columnsFrom(
    dto: RequestFieldsDto,
    noSurprises: NoSurprisesClass | null,
    priority: string,
  ): Record<string, unknown> {
    return {
      type: dto.type ?? '',
      topics: dto.topics ?? [],
      priority,
      title: dto.title ?? '',
      summary: dto.summary ?? '',
      language: dto.language ?? '',
      classification: dto.classification ?? '',
      handling_code: dto.handlingCode ?? '',
      legal_basis: dto.legalBasis ?? null,
      subjects: JSON.stringify(dto.subjects ?? []),
      locations: dto.locations ?? [],
      needed_by: dto.neededBy ? new Date(dto.neededBy) : null,
      proposed_action_at: dto.proposedActionAt ? new Date(dto.proposedActionAt) : null,
      action_kind: dto.actionKind ?? null,
      us_personnel_on_mexican_soil: dto.usPersonnelOnMexicanSoil ?? false,
      diplomatic_note_number: dto.diplomaticNoteNumber ?? null,
      // GANS authorization: the type's class, or US personnel on Mexican soil (routing modifier M-002).
      needs_authorization: noSurprises === 'authorization' || dto.usPersonnelOnMexicanSoil === true,
    };
  }

  // ---- edit draft ----------------------------------------------------------------------------------------

  async updateDraft(user: SessionUser, id: string, dto: UpdateDraftDto, ctx: CallContext): Promise<RequestView> {
    const current = await this.findVisible(user, id, ctx);
    const actor = actorOf(user);
    if (user.role !== 'liaison' || current.requestingAgency !== user.agency) {
      throw new AppError('REQUEST.FORBIDDEN_ACTION', HttpStatus.FORBIDDEN, { action: 'edit' });
    }
    if (current.status !== 'draft')
      throw new AppError('REQUEST.NOT_A_DRAFT', HttpStatus.CONFLICT, {}, [], {
        current: toRequestView(current, actor),
      });
    const { version, ...fields } = dto;
    const merged: RequestFieldsDto = { ...draftFields(current), ...fields };
    const { noSurprises } = await this.checkFields(merged, false);
    const values = this.columnsFrom(merged, noSurprises, merged.priority ?? current.priority);
    const changed = Object.keys(fields);
    return this.db.transaction(async (m) => {
      const columns = Object.keys(values);
      const result = (await m.query(
        `UPDATE requests SET ${columns.map((c, i) => `${c} = $${i + 4}`).join(', ')}, version = version + 1, updated_at = now()
         WHERE id = $1 AND status = 'draft' AND version = $2 AND requesting_agency = $3 RETURNING id`,
        [id, version, user.agency, ...columns.map((c) => values[c])],
      )) as [unknown[], number];
      if (result[0].length === 0) {
        const now = await m.getRepository(RequestEntity).findOneByOrFail({ id });
        throw this.lifecycle.conflict(now, actor);
      }
      await this.audit.append(
        m,
        {
          actor,
          action: 'request.edit_draft',
          objectType: 'request',
          objectId: id,
          requestId: id,
          fromStatus: 'draft',
          toStatus: 'draft',
          changedFields: changed,
        },
        ctx,
      );
      return toRequestView(await m.getRepository(RequestEntity).findOneByOrFail({ id }), actor);
    });
  }

  // ---- read ----------------------------------------------------------------------------------------------

  /** One request inside the caller's scope; outside it (or absent) → 404, and the attempt is audited. */
  async findVisible(
    user: SessionUser,
    id: string,
    ctx: CallContext,
    m: EntityManager = this.db.manager,
  ): Promise<RequestEntity> {
    const found = UUID_PATTERN.test(id)
      ? await applyRequestScope(
          m.getRepository(RequestEntity).createQueryBuilder('r').where('r.id = :id', { id }),
          user,
        ).getOne()
      : null;
    if (found) return found;
    await this.db.transaction(async (tx) => {
      const exists = UUID_PATTERN.test(id) && (await tx.getRepository(RequestEntity).existsBy({ id }));
      await this.audit.append(
        tx,
        {
          actor: actorOf(user),
          action: 'access.denied',
          objectType: 'request',
          objectId: UUID_PATTERN.test(id) ? id : null,
          requestId: exists ? id : null,
          outcome: 'denied',
          details: { exists, attemptedId: id.slice(0, 100) },
        },
        ctx,
      );
    });
    throw AppError.notFound();
  }

  async get(user: SessionUser, id: string, ctx: CallContext): Promise<RequestView> {
    const r = await this.findVisible(user, id, ctx);
    const clarifications = await this.db
      .getRepository(ClarificationEntity)
      .find({ where: { requestId: r.id }, order: { askedAt: 'ASC' } });
    return toRequestView(r, actorOf(user), clarifications);
  }

  async list(user: SessionUser, query: ListRequestsQuery): Promise<Page<RequestView>> {
    const limit = query.limit ?? 50;
    const qb = applyRequestScope(this.db.getRepository(RequestEntity).createQueryBuilder('r'), user);
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.type) qb.andWhere('r.type = :type', { type: query.type });
    if (query.topic) qb.andWhere(':topic = ANY(r.topics)', { topic: query.topic });
    if (query.priority) qb.andWhere('r.priority = :priority', { priority: query.priority });
    if (query.escalation) qb.andWhere('r.escalation_level = :escalation', { escalation: query.escalation });
    if (query.queue) qb.andWhere(QUEUE_WHERE[query.queue], { me: user.id });
    if (query.agency) qb.andWhere('r.requesting_agency = :agency', { agency: query.agency });
    if (query.from) qb.andWhere('r.created_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('r.created_at < :to', { to: query.to });
    const byDeadline = query.sort === 'deadline' || (query.queue !== undefined && query.sort !== 'newest');
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      if (byDeadline) qb.andWhere(`(${DUE_KEY}, r.id) > (:cAt, :cId)`, { cAt: c.at, cId: c.id });
      else qb.andWhere('(r.created_at, r.id) < (:cAt, :cId)', { cAt: c.at, cId: c.id });
    }
    if (byDeadline) qb.orderBy(DUE_KEY, 'ASC').addOrderBy('r.id', 'ASC');
    else qb.orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC');
    const rows = await qb.limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const key = (r: RequestEntity) => (byDeadline ? (r.nextDueAt ?? NO_DEADLINE) : r.createdAt);
    return {
      items: page.map((r) => toRequestView(r, actorOf(user))),
      nextCursor: rows.length > limit && last ? encodeCursor(key(last), last.id) : null,
    };
  }

  /**
   * GANS's past decisions, newest first: authorized or denied, when, by whom, why, with the request as it is now.
   * Read from the audit trail (the record of each decision), within the caller's scope of requests.
   */
  async authorizationDecisions(
    user: SessionUser,
    query: AuthorizationDecisionsQuery,
  ): Promise<Page<AuthorizationDecisionView>> {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
      throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'to', code: 'after_from' }]);
    }
    const limit = query.limit ?? 50;
    const params: unknown[] = [];
    const where = [`e.outcome = 'success'`];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    add(
      (p) => `e.action = ANY(${p})`,
      query.decision ? [DECISION_ACTIONS[query.decision]] : Object.values(DECISION_ACTIONS),
    );
    // The authorizer's scope (request-scope.ts): submitted requests that need its authorization.
    if (user.role === 'authorizer') where.push(`r.status <> 'draft' AND r.needs_authorization`);
    if (query.from) add((p) => `e.occurred_at >= ${p}`, query.from);
    if (query.to) add((p) => `e.occurred_at < ${p}`, query.to);
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      params.push(c.at, c.id);
      where.push(`(e.occurred_at, e.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.db.query(
      `SELECT e.id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS decided_at,
              e.action, e.reason, e.actor_user_id, u.display_name, e.actor_agency,
              r.id AS request_id, r.folio, r.title, r.requesting_agency, r.status, r.priority
         FROM audit_events e
         JOIN requests r ON r.id = e.request_id
         LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE ${where.join(' AND ')}
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT $${params.length}`,
      params,
    )) as Array<Record<string, string | null>>;
    const items = rows.slice(0, limit).map((r): AuthorizationDecisionView => ({
      id: r.id!,
      decision: r.action === DECISION_ACTIONS.denied ? 'denied' : 'authorized',
      decidedAt: r.decided_at!,
      decidedBy: { userId: r.actor_user_id, displayName: r.display_name, agency: r.actor_agency },
      reason: r.reason,
      requestId: r.request_id!,
      folio: r.folio,
      title: r.title!,
      requestingAgency: r.requesting_agency!,
      status: r.status as RequestStatus,
      priority: r.priority!,
    }));
    const last = items[items.length - 1];
    // The cursor keeps the microseconds: a millisecond instant would skip events within the same millisecond.
    const nextCursor =
      rows.length > limit && last ? Buffer.from(JSON.stringify([last.decidedAt, last.id])).toString('base64url') : null;
    return { items, nextCursor };
  }

  /** The hub's queues with their counts, and how many open requests sit at each escalation level. */
  async queueCounts(
    user: SessionUser,
  ): Promise<{ queues: Record<RequestQueue, number>; escalation: Record<string, number> }> {
    const [row] = (await this.db.query(QUEUE_COUNTS_SQL, [user.id])) as Array<Record<string, number>>;
    return {
      queues: Object.fromEntries(REQUEST_QUEUES.map((q) => [q, row[q]])) as Record<RequestQueue, number>,
      escalation: Object.fromEntries(ESCALATION_LEVELS.map((l) => [l, row[l]])),
    };
  }

  /** The rules' proposal for a request, with the rule ids and version that produced it. */
  async routingProposal(user: SessionUser, id: string, ctx: CallContext): Promise<RoutingProposalView> {
    const r = await this.findVisible(user, id, ctx);
    const p = await this.routing.proposalOf(r.id);
    if (!p) throw new AppError('ROUTING.NO_PROPOSAL', HttpStatus.NOT_FOUND);
    const decisions = await this.db
      .getRepository(RoutingDecisionEntity)
      .find({ where: { requestId: r.id }, order: { round: 'ASC' } });
    return {
      requestId: r.id,
      ruleSetVersion: p.ruleSetVersion,
      lead: p.lead,
      support: p.supports,
      needsAuthorization: p.needsAuthorization,
      authorizer: p.authorizer,
      priorityFloor: p.priorityFloor,
      ruleIds: p.ruleIds,
      computedAt: p.computedAt.toISOString(),
      decisions: decisions.map((d) => ({
        round: d.round,
        lead: d.lead,
        support: d.supports,
        followsProposal: d.followsProposal,
        reason: d.reason,
        decidedAt: d.decidedAt.toISOString(),
      })),
    };
  }

  async timeline(user: SessionUser, id: string, ctx: CallContext): Promise<{ items: TimelineEntry[] }> {
    const r = await this.findVisible(user, id, ctx);
    const insider = user.role === 'hub_coordinator' || user.role === 'auditor';
    const qb = this.db
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.request_id = :id', { id: r.id })
      .orderBy('e.occurred_at', 'ASC')
      .addOrderBy('e.id', 'ASC');
    // Outsiders see the request's own history, not who looked at it or who was refused.
    if (!insider) qb.andWhere("e.action LIKE 'request.%' AND e.outcome = 'success'");
    const events = await qb.getMany();
    return {
      // NS-2 evidence: interleaved, the trail of each notice about this request that the caller may see.
      items: mergeByTime(
        events.map((e) => ({
          id: e.id,
          occurredAt: e.occurredAt.toISOString(),
          action: e.action,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          outcome: e.outcome,
          reason: e.reason,
          actor: insider
            ? { role: e.actorRole, agency: e.actorAgency, userId: e.actorUserId }
            : { role: e.actorRole, agency: e.actorAgency },
        })),
        await notificationTimeline(this.db, r.id, user),
      ),
    };
  }

  /** The requester answers a question the hub relayed from an agency; the hub is told and answers the agency. */
  async answerRelayed(
    user: SessionUser,
    id: string,
    clarificationId: string,
    answer: string,
    ctx: CallContext,
  ): Promise<RequestView> {
    const r = await this.findVisible(user, id, ctx);
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
    return this.get(user, id, ctx);
  }

  // ---- actions -------------------------------------------------------------------------------------------

  async act(user: SessionUser, id: string, action: string, dto: ActionDto, ctx: CallContext): Promise<RequestView> {
    if (!isRequestAction(action))
      throw new AppError('REQUEST.UNKNOWN_ACTION', HttpStatus.NOT_FOUND, { action: action.slice(0, 60) });
    const visible = await this.findVisible(user, id, ctx);
    const actor = actorOf(user);
    if (SYSTEM_ACTIONS.has(action)) {
      throw new AppError('REQUEST.FORBIDDEN_ACTION', HttpStatus.FORBIDDEN, { action });
    }
    this.checkActionFields(action, dto);
    // The plan is judged only for a role that may route at all: anyone else is refused by the transition (403),
    // whatever the plan holds.
    const mayRoute = REQUEST_TRANSITIONS.some((t) => t.action === action && t.roles.includes(actor.role));
    const plan =
      (action === 'route' || action === 'reroute') && mayRoute
        ? await this.routing.checkPlan(
            this.db.manager,
            visible.id,
            { lead: dto.lead ?? '', supports: dto.support ?? [] },
            dto.reason,
          )
        : null;
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
    };
    let request: RequestEntity;
    try {
      request = await this.db.transaction(async (m) => {
        const done = await this.lifecycle.transitionIn(m, cmd);
        return this.continueAfter(m, action, done.request, ctx, actor);
      });
    } catch (err) {
      await this.lifecycle.auditRefusal(err, ctx);
      throw err;
    }
    const clarifications = await this.db
      .getRepository(ClarificationEntity)
      .find({ where: { requestId: request.id }, order: { askedAt: 'ASC' } });
    return toRequestView(request, actor, clarifications);
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
            await this.checkFields(draftFields(current), true);
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

  private checkActionFields(action: RequestAction, dto: ActionDto): void {
    const allowed = ACTION_FIELDS[action] ?? [];
    const errors: FieldError[] = (['lead', 'support', 'response', 'answerIds', 'attachmentIds'] as const)
      .filter((f) => dto[f] !== undefined && !allowed.includes(f))
      .map((field) => ({ field, code: 'unknown_field' }));
    if ((action === 'route' || action === 'reroute') && !dto.lead) errors.push({ field: 'lead', code: 'required' });
    if (action === 'release_response' && !dto.response?.trim()) errors.push({ field: 'response', code: 'required' });
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

function draftFields(r: RequestEntity): RequestFieldsDto {
  const opt = <T>(v: T | null | ''): T | undefined => (v === null || v === '' ? undefined : v);
  return {
    type: opt(r.type),
    topics: r.topics.length ? r.topics : undefined,
    priority: r.priority,
    title: opt(r.title),
    summary: opt(r.summary),
    language: opt(r.language),
    classification: opt(r.classification),
    handlingCode: opt(r.handlingCode),
    legalBasis: opt(r.legalBasis),
    subjects: r.subjects.length ? r.subjects : undefined,
    locations: r.locations.length ? r.locations : undefined,
    neededBy: r.neededBy?.toISOString(),
    proposedActionAt: r.proposedActionAt?.toISOString(),
    actionKind: r.actionKind ?? undefined,
    usPersonnelOnMexicanSoil: r.usPersonnelOnMexicanSoil,
    diplomaticNoteNumber: opt(r.diplomaticNoteNumber),
  };
}

/** Stable JSON (sorted keys) so the same body always hashes the same, whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}
