import { Inject, Injectable } from '@nestjs/common';
import { MAIL_TRANSPORT, type MailTransport } from '@ventanilla/notifications/mail-transport.js';
import { NotificationDeliveryService } from '@ventanilla/notifications/notification-delivery.service.js';
import { noticeAsText, renderNotice } from '@ventanilla/notifications/templates.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import type { JobAttempt, JobHandler } from './job-handler.js';

/**
 * One notice to one address, in the address's language. Each attempt leaves its step in the trail; a failure
 * is rethrown so BullMQ retries with backoff, and the last one is dead-lettered. A delivery already sent (a
 * duplicate job) is not sent again.
 */
@Injectable()
export class SendEmailHandler implements JobHandler<JobName.SendEmail> {
  readonly jobName = JobName.SendEmail;

  constructor(
    private readonly deliveries: NotificationDeliveryService,
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
  ) {}

  async handle({ deliveryId }: JobPayloads[JobName.SendEmail], _jobId: string, attempt: JobAttempt): Promise<void> {
    const d = await this.deliveries.load(deliveryId);
    if (!d) throw new Error(`delivery ${deliveryId} does not exist`);
    if (!this.deliveries.isOpen(d)) return;
    const notice = renderNotice(d.event, d.params, d.language, d.ackRequired);
    let receipt;
    try {
      receipt = await this.mail.send({
        to: d.target,
        subject: notice.subject,
        text: noticeAsText(notice),
        language: d.language,
        headers: { 'X-Ventanilla-Notification': d.notificationId, 'X-Ventanilla-Event': d.event },
      });
    } catch (err) {
      await this.deliveries.failed(d, attempt, err instanceof Error ? err.message : String(err), { to: d.target });
      throw err;
    }
    await this.deliveries.succeeded(d, attempt, 'sent', {
      to: d.target,
      language: d.language,
      transport: receipt.transport,
      messageId: receipt.messageId,
      response: receipt.response.slice(0, 200),
    });
  }
}
