import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_CONTEXT } from '@ventanilla/audit/audit.writer.js';
import { RoutingDecisionEntity } from '@ventanilla/database/entities/assignment.entity.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import { RequestLifecycleService } from '@ventanilla/requests/request-lifecycle.service.js';
import type { JobHandler } from './job-handler.js';

/**
 * Consolidation: once every agency of the latest plan holds an assignment, every assignment is terminal and the
 * lead has answered, the request moves to `responses_received`. Anything short of that (a delivery still to
 * run, an agency still working, a declined lead the hub must replace) leaves it alone, and so does a second run.
 */
@Injectable()
export class ConsolidateRequestHandler implements JobHandler<JobName.ConsolidateRequest> {
  readonly jobName = JobName.ConsolidateRequest;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly lifecycle: RequestLifecycleService,
  ) {}

  async handle({ requestId }: JobPayloads[JobName.ConsolidateRequest]): Promise<void> {
    await this.db.transaction(async (m) => {
      const [locked] = (await m.query(`SELECT status FROM requests WHERE id = $1 FOR UPDATE`, [requestId])) as Array<{
        status: string;
      }>;
      if (!locked || (locked.status !== 'routed' && locked.status !== 'in_progress')) return;
      const rows = (await m.query(`SELECT agency, role, status, round FROM assignments WHERE request_id = $1`, [
        requestId,
      ])) as Array<{ agency: string; role: string; status: string; round: number }>;
      if (rows.some((a) => a.status === 'pending' || a.status === 'accepted' || a.status === 'clarification_requested'))
        return;
      const [plan] = await m
        .getRepository(RoutingDecisionEntity)
        .find({ where: { requestId }, order: { round: 'DESC' }, take: 1 });
      const planned = plan
        ? [{ agency: plan.lead, role: 'lead' }, ...plan.supports.map((agency) => ({ agency, role: 'support' }))]
        : [];
      // A declined or cancelled assignment of an earlier round does not count: the plan re-delivers to it.
      const settled = (p: { agency: string; role: string }) =>
        rows.some(
          (a) =>
            a.agency === p.agency &&
            a.role === p.role &&
            ((a.status !== 'declined' && a.status !== 'cancelled') || a.round === plan?.round),
        );
      if (!planned.every(settled)) return;
      // The lead's answer is the core of the reply: a declined lead waits for the hub to re-route.
      if (!rows.some((a) => a.role === 'lead' && a.agency === plan?.lead && a.status === 'responded')) return;
      await this.lifecycle.transitionIn(m, {
        requestId,
        action: 'complete_responses',
        actor: { userId: null, role: 'system', agency: null },
        ctx: SYSTEM_CONTEXT,
      });
    });
  }
}
