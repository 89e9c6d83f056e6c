import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { RoutingDecisionEntity } from '@ventanilla/database/entities/assignment.entity.js';
import { AuditEventEntity } from '@ventanilla/database/entities/audit-event.entity.js';
import { ClarificationEntity, RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { ESCALATION_LEVELS, type RequestStatus } from '@ventanilla/domain/request-status.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { decodeCursor, encodeCursor, keysetSort, UUID_PATTERN } from '@ventanilla/http/keyset-cursor.js';
import type { Page } from '@ventanilla/http/page-query.js';
import { actorOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { mergeByTime, notificationTimeline } from '@ventanilla/notifications/notification-timeline.js';
import { applyRequestScope } from '@ventanilla/requests/request-scope.js';
import { toRequestView, type RequestView } from '@ventanilla/requests/request-view.js';
import { RoutingService } from '@ventanilla/requests/routing.service.js';
import { QUEUE_COUNTS_SQL, QUEUE_WHERE } from './request-queues.sql.js';
import { REQUEST_SORT_KEYS } from './request-sorts.js';
import {
  REQUEST_QUEUES,
  type AuthorizationDecision,
  type AuthorizationDecisionsQuery,
  type ListRequestsQuery,
  type RequestQueue,
  type RequestSort,
} from './requests.dto.js';

/** The column a plain (unsearched) list is sorted by: `newest` is `created`; a queue defaults to its deadline. */
function sortOf(query: ListRequestsQuery): RequestSort {
  if (query.sort === 'newest' || query.sort === 'relevance') return 'created';
  return query.sort ?? (query.queue !== undefined ? 'deadline' : 'created');
}

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

export interface TimelineEntry {
  id: string;
  occurredAt: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  outcome: string;
  reason: string | null;
  actor: { role: string; agency: string | null; userId?: string | null };
  /** A hand-over (`request.hand_over`, seen by the hub and auditors only): the colleague who took it over. */
  handedTo?: { userId: string; displayName: string };
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

/**
 * What callers may read of requests: one request in their scope (outside it: 404, audited), the scoped list
 * and the hub's queues, the routing proposal, the timeline, GANS's past decisions. Writes nothing but the
 * audit of a refused look.
 */
@Injectable()
export class RequestQueriesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly routing: RoutingService,
  ) {}

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
    const sorting = keysetSort(REQUEST_SORT_KEYS, sortOf(query), query.order);
    if (query.cursor) {
      const c = sorting.decode(query.cursor);
      qb.andWhere(sorting.after('r.id', ':cValue', ':cId'), { cValue: c.value, cId: c.id });
    }
    const { raw, entities } = await qb
      .addSelect(sorting.select, 'sort_key')
      .orderBy(sorting.expr, sorting.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('r.id', sorting.order === 'asc' ? 'ASC' : 'DESC')
      .limit(limit + 1)
      .getRawAndEntities();
    const keys = new Map(raw.map((row: Record<string, unknown>) => [row.r_id as string, row.sort_key]));
    const page = entities.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toRequestView(r, actorOf(user))),
      nextCursor: entities.length > limit && last ? sorting.encode(keys.get(last.id), last.id) : null,
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
    const nextCursor = rows.length > limit && last ? encodeCursor(last.decidedAt, last.id) : null;
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
    // Outsiders see the request's own history, not who looked at it or who was refused, nor which hub
    // coordinator holds it (a hand-over is the hub's own business).
    if (!insider)
      qb.andWhere("e.action LIKE 'request.%' AND e.outcome = 'success' AND e.action <> 'request.hand_over'");
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
          ...(e.action === 'request.hand_over' && e.outcome === 'success' ? { handedTo: handedTo(e.details) } : {}),
        })),
        await notificationTimeline(this.db, r.id, user),
      ),
    };
  }
}

/** The colleague named in a hand-over's audit details. */
function handedTo(details: Record<string, unknown>): { userId: string; displayName: string } {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { userId: text(details.to), displayName: text(details.toName) };
}
