import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter, SYSTEM_CONTEXT } from '@ventanilla/audit/audit.writer.js';
import { AssignmentEntity, RoutingDecisionEntity } from '@ventanilla/database/entities/assignment.entity.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { entityFromRow } from '@ventanilla/database/row-mapper.js';
import type { AssignmentRole } from '@ventanilla/domain/assignment-status.js';
import { addSlaDuration } from '@ventanilla/domain/sla-clock.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import { assignmentNotifications } from '@ventanilla/requests/assignment-lifecycle.service.js';
import { ClockPlanner } from '@ventanilla/requests/clock-planner.service.js';
import { EffectsWriter } from '@ventanilla/requests/effects.writer.js';
import { noticeContext } from '@ventanilla/requests/notice-outbox.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import type { JobHandler } from './job-handler.js';

const SYSTEM = { userId: null, role: 'system', agency: null } as const;

/**
 * The fan-out: creates the assignments of a routing round and tells each agency, once, in one transaction —
 * each assignment with its own clock, its own audit event and its own notices. The request row is locked so a
 * delivery and a re-routing never interleave; an agency the latest plan no longer wants (the coordinator
 * re-routed before the job ran) is skipped, and a second run finds the rows there and does nothing.
 */
@Injectable()
export class AssignmentDelivery {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly effects: EffectsWriter,
    private readonly clocks: ClockPlanner,
    private readonly reference: ReferenceRepository,
  ) {}

  async deliver(
    requestId: string,
    round: number,
    agencies: ReadonlyArray<{ agency: string; role: AssignmentRole }>,
  ): Promise<void> {
    await this.db.transaction(async (m) => {
      const [locked] = (await m.query(`SELECT * FROM requests WHERE id = $1 FOR UPDATE`, [requestId])) as Array<
        Record<string, unknown>
      >;
      if (!locked || (locked.status !== 'routed' && locked.status !== 'in_progress')) return;
      const request = entityFromRow(m, RequestEntity, locked);
      const [plan] = await m
        .getRepository(RoutingDecisionEntity)
        .find({ where: { requestId }, order: { round: 'DESC' }, take: 1 });
      const wanted = plan
        ? agencies.filter((a) => (a.role === 'lead' ? plan.lead === a.agency : plan.supports.includes(a.agency)))
        : [];
      if (wanted.length === 0) return;
      const dueAt = await this.responseDue(request);
      const values: unknown[] = [requestId, round, dueAt];
      const tuples = wanted.map(({ agency, role }) => {
        values.push(agency, role);
        return `($1, $${values.length - 1}, $${values.length}, $2, 'pending', $3, now())`;
      });
      const inserted = (await m.query(
        `INSERT INTO assignments (request_id, agency, role, round, status, response_due_at, delivered_at)
         VALUES ${tuples.join(', ')}
         ON CONFLICT (request_id, agency, round) DO NOTHING RETURNING *`,
        values,
      )) as Array<Record<string, unknown>>;
      if (inserted.length === 0) return;
      const assignments = inserted.map((row) => entityFromRow(m, AssignmentEntity, row));
      const timers = await this.clocks.planNewAssignments(m, assignments, request.priority, request.type);
      const events = await this.audit.appendMany(
        m,
        assignments.map((a) => ({
          actor: SYSTEM,
          action: 'assignment.delivered',
          objectType: 'assignment' as const,
          objectId: a.id,
          requestId,
          toStatus: 'pending',
          details: { agency: a.agency, role: a.role, round, folio: request.folio, responseDueAt: dueAt.toISOString() },
        })),
        SYSTEM_CONTEXT,
      );
      // The policy decides who hears of each; a lead's notice of a notice-type request asks for acknowledgement.
      const ctx = await noticeContext(this.reference);
      await this.effects.write(m, [
        ...timers,
        ...assignments.flatMap((a, i) =>
          assignmentNotifications(ctx, events[i].id, 'assignment.delivered', a, request),
        ),
      ]);
    });
  }

  /**
   * An agency answers by the request's first-response deadline, so the hub can reply on time; when routing
   * came so late that little of it is left, the agency still gets the priority's routing time from delivery.
   */
  private async responseDue(r: RequestEntity): Promise<Date> {
    const { calendar } = await this.reference.get();
    const targets = await this.reference.slaTargets(r.priority, r.type);
    const floor = addSlaDuration(new Date(), targets.routeWithin, targets.calendar, calendar);
    return r.firstResponseDueAt && r.firstResponseDueAt > floor ? r.firstResponseDueAt : floor;
  }
}

/** Every agency of a routing round in one job (what a routing writes). */
@Injectable()
export class DeliverRoundHandler implements JobHandler<JobName.DeliverRound> {
  readonly jobName = JobName.DeliverRound;

  constructor(private readonly delivery: AssignmentDelivery) {}

  async handle({ requestId, round, agencies }: JobPayloads[JobName.DeliverRound]): Promise<void> {
    await this.delivery.deliver(requestId, round, agencies);
  }
}

/** One agency of a routing round (jobs written before rounds were delivered whole). */
@Injectable()
export class DeliverAssignmentHandler implements JobHandler<JobName.DeliverAssignment> {
  readonly jobName = JobName.DeliverAssignment;

  constructor(private readonly delivery: AssignmentDelivery) {}

  async handle({ requestId, round, agency, role }: JobPayloads[JobName.DeliverAssignment]): Promise<void> {
    await this.delivery.deliver(requestId, round, [{ agency, role }]);
  }
}
