import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { NotificationDeliveryService } from '@ventanilla/notifications/notification-delivery.service.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import { ChannelSender } from '../deliveries/channel-sender.js';
import type { JobAttempt, JobHandler } from './job-handler.js';

export class DeliveryFailedError extends Error {
  override name = 'DeliveryFailedError';
}

type DeliveryJob = JobName.SendEmail | JobName.CallWebhook;

/**
 * One more attempt at one delivery whose earlier attempt failed (or that an administrator replayed): each
 * attempt leaves its step in the trail; a failure is rethrown so BullMQ retries with backoff, and the last one
 * is dead-lettered and ends the job. A delivery already through (a duplicate job) is not sent again.
 */
@Injectable()
abstract class RetryDeliveryHandler<N extends DeliveryJob> implements JobHandler<N> {
  abstract readonly jobName: N;

  constructor(
    private readonly deliveries: NotificationDeliveryService,
    private readonly sender: ChannelSender,
  ) {}

  async handle({ deliveryId }: JobPayloads[N], _jobId: string, attempt: JobAttempt): Promise<void> {
    const d = await this.deliveries.load(deliveryId);
    if (!d) throw new Error(`delivery ${deliveryId} does not exist`);
    if (!this.deliveries.isOpen(d)) return;
    const outcome = await this.sender.send(d);
    switch (outcome.kind) {
      case 'sent':
      case 'delivered':
        await this.deliveries.succeeded(d, attempt, outcome.kind, outcome.detail);
        return;
      case 'cancelled':
        await this.deliveries.cancelled(d, outcome.reason);
        return;
      case 'failed': {
        await this.deliveries.failed(d, attempt, outcome.error, outcome.detail);
        const message = `${d.channel} delivery ${d.id}: ${outcome.error}`;
        // The budget counts the attempts made before this job too: BullMQ must not go on past it.
        throw attempt.number >= attempt.of ? new UnrecoverableError(message) : new DeliveryFailedError(message);
      }
    }
  }
}

@Injectable()
export class SendEmailHandler extends RetryDeliveryHandler<JobName.SendEmail> {
  readonly jobName = JobName.SendEmail;
}

@Injectable()
export class CallWebhookHandler extends RetryDeliveryHandler<JobName.CallWebhook> {
  readonly jobName = JobName.CallWebhook;
}
