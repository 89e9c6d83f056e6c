import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_CONTEXT } from '@ventanilla/audit/audit.writer.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { entityFromRow } from '@ventanilla/database/row-mapper.js';
import { localDateOf, MEXICO_CITY_TIME_ZONE } from '@ventanilla/domain/business-calendar.js';
import { formatFolio } from '@ventanilla/domain/folio.js';
import { computeDueDates } from '@ventanilla/domain/sla-clock.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { RequestLifecycleService } from '@ventanilla/requests/request-lifecycle.service.js';
import { RoutingService } from '@ventanilla/requests/routing.service.js';
import type { JobHandler } from './job-handler.js';

/**
 * Registration: folio, acknowledgement (the notifications of the `register` transition), the routing proposal
 * (which may raise the priority and require authorization) and the SLA due dates of the resulting priority.
 * The folio counter row is bumped in the same transaction as the status change, so a rolled-back
 * registration gives its number back: folios are gap-free per year. A request no longer `submitted` (already
 * registered by an earlier delivery, or withdrawn) is left alone.
 */
@Injectable()
export class RegisterRequestHandler implements JobHandler<JobName.RegisterRequest> {
  readonly jobName = JobName.RegisterRequest;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly lifecycle: RequestLifecycleService,
    private readonly reference: ReferenceRepository,
    private readonly routing: RoutingService,
  ) {}

  async handle({ requestId }: JobPayloads[JobName.RegisterRequest]): Promise<void> {
    await this.db.transaction(async (m) => {
      // Lock the row so two deliveries of this job queue up here instead of both taking a folio.
      const [row] = (await m.query(`SELECT * FROM requests WHERE id = $1 FOR UPDATE`, [requestId])) as Array<
        Record<string, unknown>
      >;
      // The outbox row committed with the request, so a missing request is a fault to surface as a failed job.
      if (!row) throw new Error(`request ${requestId} does not exist`);
      if (row.status !== 'submitted') return;
      const current = entityFromRow(m, RequestEntity, row);
      const now = new Date();
      const year = Number(localDateOf(now, MEXICO_CITY_TIME_ZONE).slice(0, 4));
      const [{ last_sequence }] = (await m.query(
        `INSERT INTO folio_counters (year, last_sequence) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last_sequence = folio_counters.last_sequence + 1
         RETURNING last_sequence`,
        [year],
      )) as Array<{ last_sequence: number }>;
      const proposal = await this.routing.propose(m, current);
      const { calendar } = await this.reference.get();
      const due = computeDueDates(now, await this.reference.slaTargets(proposal.priority, current.type), calendar);
      await this.lifecycle.transitionIn(m, {
        requestId,
        action: 'register',
        actor: { userId: null, role: 'system', agency: null },
        ctx: SYSTEM_CONTEXT,
        current,
        patch: () => ({
          folio: formatFolio(year, last_sequence),
          priority: proposal.priority,
          needs_authorization: proposal.needsAuthorization,
          registered_at: now,
          acknowledge_due_at: due.acknowledgeDueAt,
          route_due_at: due.routeDueAt,
          first_response_due_at: due.firstResponseDueAt,
          close_due_at: due.closeDueAt,
        }),
        details: { routingRuleIds: proposal.ruleIds, ruleSetVersion: proposal.ruleSetVersion },
      });
    });
  }
}
