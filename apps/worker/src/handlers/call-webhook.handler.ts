import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { NotificationDeliveryService } from '@ventanilla/notifications/notification-delivery.service.js';
import { WebhookAddressPolicy } from '@ventanilla/notifications/webhook-address.js';
import { callWebhook } from '@ventanilla/notifications/webhook-client.js';
import { webhookPayload } from '@ventanilla/notifications/webhook-payload.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import type { JobAttempt, JobHandler } from './job-handler.js';

export class WebhookDeliveryError extends Error {
  override name = 'WebhookDeliveryError';
}

/**
 * One signed POST of one notice to one endpoint, with the endpoint's current URL and secret. Every attempt is
 * logged in the trail (status, time taken); a non-2xx answer or no answer is rethrown so BullMQ retries with
 * exponential backoff, and the last failure becomes a dead letter.
 */
@Injectable()
export class CallWebhookHandler implements JobHandler<JobName.CallWebhook> {
  readonly jobName = JobName.CallWebhook;
  private readonly addresses: WebhookAddressPolicy;

  constructor(
    private readonly deliveries: NotificationDeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.addresses = new WebhookAddressPolicy(config.webhookAllowedNetworks);
  }

  async handle({ deliveryId }: JobPayloads[JobName.CallWebhook], _jobId: string, attempt: JobAttempt): Promise<void> {
    const d = await this.deliveries.load(deliveryId);
    if (!d) throw new Error(`delivery ${deliveryId} does not exist`);
    if (!this.deliveries.isOpen(d)) return;
    if (!d.endpoint?.active) {
      await this.deliveries.cancelled(d, 'endpoint_inactive');
      return;
    }
    const outcome = await callWebhook(
      {
        url: d.endpoint.url,
        secret: d.endpoint.secret,
        body: JSON.stringify(webhookPayload(d)),
        event: d.event,
        deliveryId: d.id,
        timeoutMs: this.config.webhookTimeoutMs,
      },
      this.addresses,
    );
    const detail = { endpointId: d.endpoint.id, status: outcome.status, ms: outcome.ms };
    if (outcome.ok) {
      await this.deliveries.succeeded(d, attempt, 'delivered', detail);
      return;
    }
    const error = outcome.error ?? 'failed';
    await this.deliveries.failed(d, attempt, error, detail);
    throw new WebhookDeliveryError(`webhook ${d.endpoint.id}: ${error}`);
  }
}
