import { Injectable } from '@nestjs/common';
import { NotificationDeliveryService } from '@ventanilla/notifications/notification-delivery.service.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import { ClockPlanner } from '@ventanilla/requests/clock-planner.service.js';
import type { JobHandler } from './job-handler.js';

/**
 * In-app delivery: one notification row per (event, recipient agency), and in the same transaction one queued
 * delivery per e-mail contact and webhook endpoint of that agency and, when the policy requires an
 * acknowledgement, the clock that escalates it if none comes (NS-4). A second delivery of the same job finds
 * the row already there and does nothing.
 */
@Injectable()
export class DeliverNotificationHandler implements JobHandler<JobName.DeliverNotification> {
  readonly jobName = JobName.DeliverNotification;

  constructor(
    private readonly deliveries: NotificationDeliveryService,
    private readonly clocks: ClockPlanner,
  ) {}

  async handle(p: JobPayloads[JobName.DeliverNotification]): Promise<void> {
    const ack = p.ackRequired && p.requestId ? p.ack : null;
    const requestId = p.requestId;
    await this.deliveries.deliverInApp(
      p,
      ack && requestId
        ? (m, notificationId) =>
            this.clocks.planNoticeAck(m, {
              notificationId,
              requestId,
              assignmentId: typeof p.params.assignmentId === 'string' ? p.params.assignmentId : null,
              ack,
            })
        : undefined,
    );
  }
}
