import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertNotices } from '@ventanilla/notifications/notice-store.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import { OutboxWriter, type OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { ClockPlanner } from './clock-planner.service.js';

type NoticeItem = OutboxItem<JobName.DeliverNotification>;

const isNotice = (item: OutboxItem): item is NoticeItem => item.job === JobName.DeliverNotification;

/**
 * What a state change sets in motion, written in its transaction: the notices the policy names are delivered
 * in-app at once (rows, pending e-mail and webhook deliveries, evidence; see notice-store.ts) with the clocks
 * of their required acknowledgements, and every other follow-up job goes to the outbox in one insert. NS-2
 * holds by construction: the change and its notices commit or roll back together.
 */
@Injectable()
export class EffectsWriter {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly clocks: ClockPlanner,
  ) {}

  async write(m: EntityManager, items: OutboxItem[]): Promise<void> {
    const notices = items.filter(isNotice).map((i) => i.payload);
    const jobs = items.filter((i) => !isNotice(i));
    if (notices.length > 0) jobs.push(...(await this.deliverNotices(m, notices)));
    // Called even with nothing to write: every transaction that changes state goes through the outbox writer once.
    await this.outbox.write(m, jobs);
  }

  /** The notices, and the acknowledgement clocks of those just written; answers the clocks' timer jobs. */
  private async deliverNotices(
    m: EntityManager,
    notices: Array<JobPayloads[JobName.DeliverNotification]>,
  ): Promise<OutboxItem[]> {
    const stored = await insertNotices(m, notices);
    const acks = stored.flatMap(({ id, index }) => {
      const n = notices[index];
      return n.ackRequired && n.requestId && n.ack
        ? [
            {
              notificationId: id,
              requestId: n.requestId,
              assignmentId: typeof n.params.assignmentId === 'string' ? n.params.assignmentId : null,
              ack: n.ack,
            },
          ]
        : [];
    });
    return acks.length > 0 ? this.clocks.planNoticeAcks(m, acks) : [];
  }
}
