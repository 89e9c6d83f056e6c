import type { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import type { BusinessCalendar } from '@ventanilla/domain/business-calendar.js';
import {
  acknowledgementSchedule,
  noticeRecipients,
  policyEventName,
  type PolicyEvent,
  type PolicyReference,
  type PolicyRequest,
} from '@ventanilla/domain/notification-policy.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import type { OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import type { ReferenceRepository } from './reference.repository.js';

/** What turning a policy answer into outbox rows needs: reference data, the calendar, and the event's time. */
export interface NoticeContext {
  policy: PolicyReference;
  calendar: BusinessCalendar;
  /** When the event happened: acknowledgement deadlines count from here. */
  now: Date;
}

export async function noticeContext(reference: ReferenceRepository, now = new Date()): Promise<NoticeContext> {
  const { policy, calendar } = await reference.get();
  return { policy, calendar, now };
}

export function policyRequestOf(r: RequestEntity): PolicyRequest {
  return {
    type: r.type,
    priority: r.priority,
    status: r.status,
    requestingAgency: r.requestingAgency,
    needsAuthorization: r.needsAuthorization,
    actionKind: r.actionKind,
  };
}

type Params = JobPayloads[JobName.DeliverNotification]['params'];

/**
 * NS-2: one notification job per recipient the policy names, carrying whether an acknowledgement is required,
 * what it stands for, when it is due and when it escalates (NS-4). Callers write the rows in the transaction
 * of the event they announce.
 */
export function noticeOutbox(
  ctx: NoticeContext,
  event: PolicyEvent,
  sourceEventId: string,
  requestId: string | null,
  params: Params,
): OutboxItem[] {
  const name = policyEventName(event);
  return noticeRecipients(event, ctx.policy).map((recipient) => {
    const schedule = recipient.ack ? acknowledgementSchedule(recipient.ack.window, ctx.now, ctx.calendar) : null;
    return {
      job: JobName.DeliverNotification,
      payload: {
        sourceEventId,
        requestId,
        recipientAgency: recipient.agency,
        event: name,
        ackRequired: recipient.ack !== null,
        params,
        ack:
          recipient.ack && schedule
            ? {
                purpose: recipient.ack.purpose,
                dueAt: schedule.dueAt.toISOString(),
                steps: schedule.steps.map((s) => ({ level: s.level, at: s.at.toISOString(), trigger: s.trigger })),
              }
            : null,
      },
    };
  });
}
