import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter, SYSTEM_CONTEXT } from '@ventanilla/audit/audit.writer.js';
import { AssignmentEntity, RoutingDecisionEntity } from '@ventanilla/database/entities/assignment.entity.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { addSlaDuration } from '@ventanilla/domain/sla-clock.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import { OutboxWriter } from '@ventanilla/queue/outbox.writer.js';
import { assignmentNotifications } from '@ventanilla/requests/assignment-lifecycle.service.js';
import { ClockPlanner } from '@ventanilla/requests/clock-planner.service.js';
import { noticeContext } from '@ventanilla/requests/notice-outbox.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import type { JobHandler } from './job-handler.js';

const SYSTEM = { userId: null, role: 'system', agency: null } as const;

/**
 * The fan-out: creates one agency's assignment of a routing round and tells the agency, once. The request row
 * is locked so a delivery and a re-routing never interleave; a delivery the latest plan no longer wants (the
 * coordinator re-routed before it ran) does nothing, and a second run finds the row there and does nothing.
 */
@Injectable()
export class DeliverAssignmentHandler implements JobHandler<JobName.DeliverAssignment> {
  readonly jobName = JobName.DeliverAssignment;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly clocks: ClockPlanner,
    private readonly reference: ReferenceRepository,
  ) {}

  async handle({ requestId, round, agency, role }: JobPayloads[JobName.DeliverAssignment]): Promise<void> {
    await this.db.transaction(async (m) => {
      const [locked] = (await m.query(`SELECT status FROM requests WHERE id = $1 FOR UPDATE`, [requestId])) as Array<{
        status: string;
      }>;
      if (!locked || (locked.status !== 'routed' && locked.status !== 'in_progress')) return;
      const [plan] = await m
        .getRepository(RoutingDecisionEntity)
        .find({ where: { requestId }, order: { round: 'DESC' }, take: 1 });
      const wanted = plan && (role === 'lead' ? plan.lead === agency : plan.supports.includes(agency));
      if (!wanted) return;
      const request = await m.getRepository(RequestEntity).findOneByOrFail({ id: requestId });
      const dueAt = await this.responseDue(request);
      const [inserted] = (await m.query(
        `INSERT INTO assignments (request_id, agency, role, round, status, response_due_at, delivered_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, now())
         ON CONFLICT (request_id, agency, round) DO NOTHING RETURNING id`,
        [requestId, agency, role, round, dueAt],
      )) as Array<{ id: string }>;
      if (!inserted) return;
      const assignment = await m.getRepository(AssignmentEntity).findOneByOrFail({ id: inserted.id });
      await this.clocks.planAssignment(m, assignment, request.priority, request.type);
      const event = await this.audit.append(
        m,
        {
          actor: SYSTEM,
          action: 'assignment.delivered',
          objectType: 'assignment',
          objectId: assignment.id,
          requestId,
          toStatus: 'pending',
          details: { agency, role, round, folio: request.folio, responseDueAt: dueAt.toISOString() },
        },
        SYSTEM_CONTEXT,
      );
      // The policy decides who hears of it; a lead's notice of a notice-type request asks for its acknowledgement.
      await this.outbox.write(
        m,
        assignmentNotifications(
          await noticeContext(this.reference),
          event.id,
          'assignment.delivered',
          assignment,
          request,
        ),
      );
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
