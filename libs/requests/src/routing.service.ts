import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CallContext } from '@ventanilla/audit/audit.writer.js';
import {
  AssignmentEntity,
  RoutingDecisionEntity,
  RoutingProposalEntity,
} from '@ventanilla/database/entities/assignment.entity.js';
import type { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import type { AssignmentRole } from '@ventanilla/domain/assignment-status.js';
import type { Priority } from '@ventanilla/domain/request-status.js';
import type { Actor } from '@ventanilla/domain/request-transitions.js';
import {
  checkRoutePlan,
  departsFromProposal,
  resolveRouting,
  type RoutePlan,
  type RoutingProposal,
} from '@ventanilla/domain/routing-resolver.js';
import type { RoutingAgency } from '@ventanilla/domain/routing-rules.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { JobName } from '@ventanilla/queue/jobs.js';
import type { OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { AssignmentLifecycleService } from './assignment-lifecycle.service.js';
import { ReferenceRepository } from './reference.repository.js';

const LIVE = `status NOT IN ('declined', 'cancelled')`;

/** A coordinator's plan, normalised and checked, and whether it is the rules' proposal. */
export type CheckedPlan = RoutePlan & { followsProposal: boolean };

/**
 * Routing: the rules' proposal at registration, a coordinator's plan checked against it, and the fan-out of a
 * plan into one delivery job per agency. Re-routing cancels the live assignments that are no longer in the plan
 * and delivers the new ones; nothing is deleted.
 */
@Injectable()
export class RoutingService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly reference: ReferenceRepository,
    private readonly assignments: AssignmentLifecycleService,
  ) {}

  /** Computes the proposal for a request being registered and stores it (once). */
  async propose(m: EntityManager, r: RequestEntity): Promise<RoutingProposal> {
    const { requestTypes } = await this.reference.get();
    const type = requestTypes.get(r.type);
    const { version, doc } = await this.reference.ruleSet();
    const proposal = resolveRouting(doc, version, {
      requestType: r.type,
      family: type?.family ?? '',
      topics: r.topics,
      priority: r.priority as Priority,
      involvesMexicanOfficials: r.subjects.some((s) => s.isMexicanOfficial === true),
      usPersonnelOnMexicanSoil: r.usPersonnelOnMexicanSoil,
      typeRequiresAuthorization: type?.noSurprises === 'authorization',
    });
    await m.query(
      `INSERT INTO routing_proposals (request_id, rule_set_version, lead, supports, needs_authorization, authorizer,
         priority_floor, rule_ids) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (request_id) DO NOTHING`,
      [
        r.id,
        proposal.ruleSetVersion,
        proposal.lead,
        proposal.supports,
        proposal.needsAuthorization,
        proposal.authorizer,
        proposal.priorityFloor,
        proposal.ruleIds,
      ],
    );
    return proposal;
  }

  async proposalOf(requestId: string, m: EntityManager = this.db.manager): Promise<RoutingProposalEntity | null> {
    return m.getRepository(RoutingProposalEntity).findOneBy({ requestId });
  }

  /**
   * A coordinator's plan, normalised and checked against the proposal and the agency list: 400 if wrong. A plan
   * that departs from the proposal needs the coordinator's reason (`reason`), kept with the decision.
   */
  async checkPlan(m: EntityManager, requestId: string, plan: RoutePlan, reason?: string | null): Promise<CheckedPlan> {
    const stored = await this.proposalOf(requestId, m);
    if (!stored) throw new AppError('ROUTING.NO_PROPOSAL', HttpStatus.CONFLICT);
    const { agencies } = await this.reference.get();
    const list: RoutingAgency[] = [...agencies.values()]
      .filter((a) => a.active)
      .map((a) => ({ code: a.code, country: a.country, role: a.role }));
    const normalised = { lead: plan.lead.trim(), supports: plan.supports.map((s) => s.trim()) };
    const problems = checkRoutePlan(normalised, toProposal(stored), list);
    if (departsFromProposal(normalised, { lead: stored.lead, supports: stored.supports }) && !reason?.trim()) {
      problems.push({ field: 'reason', code: 'required_to_depart' });
    }
    if (problems.length > 0) {
      throw new AppError(
        'ROUTING.INVALID_PLAN',
        HttpStatus.BAD_REQUEST,
        {},
        problems.map((p) => ({ field: p.field.replace(/^supports\b/, 'support'), code: p.code })),
      );
    }
    const followsProposal =
      stored.lead === normalised.lead &&
      stored.supports.length === normalised.supports.length &&
      stored.supports.every((s) => normalised.supports.includes(s));
    return { ...normalised, followsProposal };
  }

  /** Records the decision of a routing round (the plan as `checkPlan` answered it). */
  async recordDecision(
    m: EntityManager,
    r: RequestEntity,
    plan: CheckedPlan,
    actor: Actor,
    reason: string | null,
  ): Promise<void> {
    await m.getRepository(RoutingDecisionEntity).insert({
      requestId: r.id,
      round: r.routingRound,
      lead: plan.lead,
      supports: plan.supports,
      followsProposal: plan.followsProposal,
      decidedBy: actor.userId!,
      reason,
    });
  }

  /** The delivery job of a round: every agency of the plan that has no live assignment in the same role already. */
  async deliveries(m: EntityManager, r: RequestEntity, plan: RoutePlan): Promise<OutboxItem[]> {
    // Before the first round has been delivered there is nothing live to compare with.
    const live =
      r.routingRound > 1
        ? ((await m.query(`SELECT agency, role FROM assignments WHERE request_id = $1 AND ${LIVE}`, [r.id])) as Array<{
            agency: string;
            role: AssignmentRole;
          }>)
        : [];
    const wanted: Array<{ agency: string; role: AssignmentRole }> = [
      { agency: plan.lead, role: 'lead' },
      ...plan.supports.map((agency) => ({ agency, role: 'support' as const })),
    ];
    const agencies = wanted.filter((w) => !live.some((l) => l.agency === w.agency && l.role === w.role));
    return agencies.length === 0
      ? []
      : [{ job: JobName.DeliverRound, payload: { requestId: r.id, round: r.routingRound, agencies } }];
  }

  /**
   * Re-routing: every live assignment whose agency left the plan, or changed role, is cancelled (the agency is
   * told by the cancellation's notifications). Runs inside the re-routing transaction.
   */
  async cancelDropped(
    m: EntityManager,
    requestId: string,
    plan: RoutePlan,
    actor: Actor,
    reason: string,
    ctx: CallContext,
  ): Promise<string[]> {
    const live = await m
      .getRepository(AssignmentEntity)
      .createQueryBuilder('a')
      .where('a.request_id = :requestId', { requestId })
      .andWhere(`a.${LIVE}`)
      .andWhere(`a.status <> 'responded'`)
      .getMany();
    const keep = (a: AssignmentEntity) =>
      a.role === 'lead' ? a.agency === plan.lead : plan.supports.includes(a.agency);
    const dropped = live.filter((a) => !keep(a));
    for (const a of dropped) {
      await this.assignments.transitionIn(m, {
        assignmentId: a.id,
        action: 'cancel',
        actor,
        reason,
        ctx,
        patch: () => ({ closing_reason: reason }),
        details: { rerouted: true },
      });
    }
    return dropped.map((a) => a.agency);
  }

  /** A withdrawn request takes every open assignment with it; each agency is told by its cancellation. */
  async cancelAll(m: EntityManager, requestId: string, reason: string, ctx: CallContext): Promise<string[]> {
    return this.cancelDropped(m, requestId, { lead: '', supports: [] }, SYSTEM_ACTOR, reason, ctx);
  }
}

/** The system, cancelling assignments on the request's behalf (a withdrawal). */
const SYSTEM_ACTOR: Actor = { userId: null, role: 'system', agency: null };

export function toProposal(p: RoutingProposalEntity): RoutingProposal {
  return {
    lead: p.lead,
    supports: p.supports,
    needsAuthorization: p.needsAuthorization,
    authorizer: p.authorizer,
    priority: (p.priorityFloor ?? 'P4') as Priority,
    priorityFloor: p.priorityFloor,
    ruleIds: p.ruleIds,
    ruleSetVersion: p.ruleSetVersion,
  };
}
