import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter, SYSTEM_CONTEXT } from '@ventanilla/audit/audit.writer.js';
import { ClockDeadlineEntity, AssignmentEntity } from '@ventanilla/database/entities/assignment.entity.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { maxEscalationLevel, type EscalationLevel } from '@ventanilla/domain/request-status.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import { EffectsWriter } from '@ventanilla/requests/effects.writer.js';
import { ESCALATION_HOLDERS } from '@ventanilla/requests/escalation-holders.js';
import { noticeContext, noticeOutbox, policyRequestOf } from '@ventanilla/requests/notice-outbox.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { RequestLifecycleService } from '@ventanilla/requests/request-lifecycle.service.js';
import type { JobHandler } from '../handlers/job-handler.js';

const SYSTEM = { userId: null, role: 'system', agency: null } as const;

/** The notice a `notice_ack` step waits on. */
interface AwaitedNotice {
  id: string;
  recipient_agency: string;
  ack_purpose: string | null;
  acknowledged_at: Date | null;
}

/**
 * Fires one clock step: raises the escalation level of the request (and of the assignment, for an agency's
 * clock), audits it and tells the parties the notification policy names (the escalation holders of the level
 * among them); an `auto_close` step closes a released request. A `notice_ack` step (NS-4) escalates only while
 * its notice is unacknowledged. The delayed job and the sweeper both land here; the row lock and `fired_at`
 * make the second arrival a no-op, and a step whose clock stopped or moved was cancelled and is skipped.
 */
@Injectable()
export class FireDeadlineHandler implements JobHandler<JobName.FireDeadline> {
  readonly jobName = JobName.FireDeadline;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly effects: EffectsWriter,
    private readonly lifecycle: RequestLifecycleService,
    private readonly reference: ReferenceRepository,
  ) {}

  async handle({ deadlineId }: JobPayloads[JobName.FireDeadline]): Promise<void> {
    const found = await this.db.getRepository(ClockDeadlineEntity).findOneBy({ id: deadlineId });
    if (!found || found.firedAt || found.cancelledAt) return;
    await this.db.transaction(async (m) => {
      // Request first, then the notice, then the step: the order every transition and acknowledgement keeps.
      await m.query(`SELECT 1 FROM requests WHERE id = $1 FOR UPDATE`, [found.requestId]);
      const [notice] = found.notificationId
        ? ((await m.query(
            `SELECT id, recipient_agency, ack_purpose, acknowledged_at FROM notifications WHERE id = $1 FOR UPDATE`,
            [found.notificationId],
          )) as AwaitedNotice[])
        : [];
      const [step] = (await m.query(
        `SELECT id FROM clock_deadlines WHERE id = $1 AND fired_at IS NULL AND cancelled_at IS NULL FOR UPDATE`,
        [deadlineId],
      )) as Array<{ id: string }>;
      if (!step) return;
      if (found.notificationId && (!notice || notice.acknowledged_at)) {
        // Acknowledged meanwhile (the acknowledgement cancels its steps; this one was already on its way).
        await m.query(`UPDATE clock_deadlines SET cancelled_at = now() WHERE id = $1`, [deadlineId]);
        return;
      }
      await m.query(`UPDATE clock_deadlines SET fired_at = now() WHERE id = $1`, [deadlineId]);
      if (found.trigger === 'auto_close') await this.autoClose(m, found);
      else if (found.level) await this.escalate(m, found, found.level, notice ?? null);
    });
  }

  private async autoClose(m: EntityManager, d: ClockDeadlineEntity): Promise<void> {
    const r = await m.getRepository(RequestEntity).findOneByOrFail({ id: d.requestId });
    if (r.status !== 'response_sent') return;
    await this.lifecycle.transitionIn(m, {
      requestId: r.id,
      action: 'close',
      actor: SYSTEM,
      reason: 'Closed automatically: the close window after the released response has passed.',
      ctx: SYSTEM_CONTEXT,
      patch: () => ({ closed_at: new Date(), closing_reason: 'auto_close' }),
    });
  }

  private async escalate(
    m: EntityManager,
    d: ClockDeadlineEntity,
    level: EscalationLevel,
    notice: AwaitedNotice | null,
  ): Promise<void> {
    const r = await m.getRepository(RequestEntity).findOneByOrFail({ id: d.requestId });
    const requestLevel = maxEscalationLevel(r.escalationLevel, level);
    await m.query(`UPDATE requests SET escalation_level = $2 WHERE id = $1`, [r.id, requestLevel]);
    // Whose clock ran late: the agency of the assignment, the addressee of the notice, or the requester.
    let owner = notice?.recipient_agency ?? r.requestingAgency;
    if (d.assignmentId) {
      const a = await m.getRepository(AssignmentEntity).findOneByOrFail({ id: d.assignmentId });
      await m.query(`UPDATE assignments SET escalation_level = $2 WHERE id = $1`, [
        a.id,
        maxEscalationLevel(a.escalationLevel, level),
      ]);
      owner = a.agency;
    }
    const kind = d.assignmentId ? 'assignment' : 'request';
    const event = await this.audit.append(
      m,
      {
        actor: SYSTEM,
        action: `${kind}.escalated`,
        objectType: kind,
        objectId: d.assignmentId ?? r.id,
        requestId: r.id,
        changedFields: ['escalationLevel'],
        details: {
          folio: r.folio,
          clock: d.clock,
          trigger: d.trigger,
          level,
          from: r.escalationLevel,
          to: requestLevel,
          dueAt: d.dueAt.toISOString(),
          agency: d.assignmentId ? owner : null,
          ...(notice
            ? { notificationId: notice.id, awaitedAgency: notice.recipient_agency, ackPurpose: notice.ack_purpose }
            : {}),
        },
      },
      SYSTEM_CONTEXT,
    );
    await this.effects.write(
      m,
      noticeOutbox(
        await noticeContext(this.reference),
        {
          kind: 'escalation',
          scope: kind,
          level,
          request: policyRequestOf(r),
          owner,
          holders: ESCALATION_HOLDERS[level],
        },
        event.id,
        r.id,
        { folio: r.folio, title: r.title, clock: d.clock, trigger: d.trigger, level },
      ),
    );
  }
}
