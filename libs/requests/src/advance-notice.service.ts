import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { assessNotice, requiresAdvanceNotice } from '@ventanilla/domain/advance-notice.js';
import { maxEscalationLevel } from '@ventanilla/domain/request-status.js';
import type { Actor } from '@ventanilla/domain/request-transitions.js';
import { ClockPlanner } from './clock-planner.service.js';
import { EffectsWriter } from './effects.writer.js';
import { ESCALATION_HOLDERS } from './escalation-holders.js';
import { noticeContext, noticeOutbox, policyRequestOf } from './notice-outbox.js';
import { ReferenceRepository } from './reference.repository.js';

/** Short notice is escalated at once to at least this level (DESIGN §4 NS-3). */
const SURPRISE_RISK_LEVEL = 'L1' as const;

/**
 * NS-3 at submission, in the submitting transaction: measures the notice against its kind's minimum lead time.
 * Short notice is accepted but flagged `surprise_risk`, escalated at once (audited as `request.surprise_risk`,
 * the holders of the level told); an exigent action gets the due date of its post-action report, whose clock
 * the planner runs until the report is filed.
 */
@Injectable()
export class AdvanceNoticeService {
  constructor(
    private readonly reference: ReferenceRepository,
    private readonly audit: AuditWriter,
    private readonly effects: EffectsWriter,
    private readonly clocks: ClockPlanner,
  ) {}

  /** Returns the request as it stands afterwards. */
  async atSubmission(m: EntityManager, r: RequestEntity, actor: Actor, ctx: CallContext): Promise<RequestEntity> {
    const ref = await this.reference.get();
    if (!requiresAdvanceNotice(ref.policy.noSurprisesOf(r.type))) return r;
    const lead = r.actionKind ? ref.noticeLeadTimes.get(r.actionKind) : undefined;
    if (!lead || !r.proposedActionAt || !r.submittedAt) return r;
    const assessed = assessNotice(r.proposedActionAt, r.submittedAt, lead, ref.calendar);
    const level = assessed.surpriseRisk
      ? maxEscalationLevel(r.escalationLevel, SURPRISE_RISK_LEVEL)
      : r.escalationLevel;
    await m.query(
      `UPDATE requests SET surprise_risk = $2, post_action_report_due_at = $3, escalation_level = $4 WHERE id = $1`,
      [r.id, assessed.surpriseRisk, assessed.postActionReportDueAt, level],
    );
    const after = await m.getRepository(RequestEntity).findOneByOrFail({ id: r.id });
    const timers = assessed.postActionReportDueAt ? await this.clocks.planRequest(m, after) : [];
    if (!assessed.surpriseRisk) {
      await this.effects.write(m, timers);
      return after;
    }
    const event = await this.audit.append(
      m,
      {
        actor,
        action: 'request.surprise_risk',
        objectType: 'request',
        objectId: r.id,
        requestId: r.id,
        changedFields: ['surpriseRisk', 'escalationLevel'],
        reason: 'Notice shorter than the minimum lead time for its kind of action.',
        details: {
          folio: r.folio,
          actionKind: r.actionKind,
          proposedActionAt: r.proposedActionAt.toISOString(),
          submittedAt: r.submittedAt.toISOString(),
          leadHours: Math.round((assessed.leadMillis / 3_600_000) * 100) / 100,
          minLeadTime: lead.minLeadTime,
          enoughFrom: assessed.enoughFrom?.toISOString() ?? null,
          from: r.escalationLevel,
          to: level,
        },
      },
      ctx,
    );
    await this.effects.write(m, [
      ...timers,
      ...noticeOutbox(
        await noticeContext(this.reference),
        { kind: 'surprise_risk', request: policyRequestOf(after), holders: ESCALATION_HOLDERS[level] },
        event.id,
        r.id,
        { folio: after.folio, title: after.title, status: after.status, level },
      ),
    ]);
    return after;
  }
}
