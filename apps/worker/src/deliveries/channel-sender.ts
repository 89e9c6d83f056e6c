import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { MAIL_TRANSPORT, type MailTransport } from '@ventanilla/notifications/mail-transport.js';
import type { DeliveryContext, DeliveryOutcome } from '@ventanilla/notifications/notification-delivery.service.js';
import { noticeAsText, renderNotice } from '@ventanilla/notifications/templates.js';
import { WebhookAddressPolicy } from '@ventanilla/notifications/webhook-address.js';
import { callWebhook } from '@ventanilla/notifications/webhook-client.js';
import { webhookPayload } from '@ventanilla/notifications/webhook-payload.js';

/**
 * One attempt at one delivery, over its channel: an e-mail in the address's language, or one signed POST to
 * the endpoint's current URL with its current secret. Never throws: the outcome says what happened, for the
 * caller to record (the dispatcher for a batch of first attempts, a delivery job for a retry).
 */
@Injectable()
export class ChannelSender {
  private readonly addresses: WebhookAddressPolicy;

  constructor(
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.addresses = new WebhookAddressPolicy(config.webhookAllowedNetworks);
  }

  async send(d: DeliveryContext): Promise<DeliveryOutcome> {
    switch (d.channel) {
      case 'email':
        return this.email(d);
      case 'webhook':
        return this.webhook(d);
    }
  }

  private async email(d: DeliveryContext): Promise<DeliveryOutcome> {
    const notice = renderNotice(d.event, d.params, d.language, d.ackRequired);
    try {
      const receipt = await this.mail.send({
        to: d.target,
        subject: notice.subject,
        text: noticeAsText(notice),
        language: d.language,
        headers: { 'X-Ventanilla-Notification': d.notificationId, 'X-Ventanilla-Event': d.event },
      });
      return {
        kind: 'sent',
        detail: {
          to: d.target,
          language: d.language,
          transport: receipt.transport,
          messageId: receipt.messageId,
          response: receipt.response.slice(0, 200),
        },
      };
    } catch (err) {
      return { kind: 'failed', error: err instanceof Error ? err.message : String(err), detail: { to: d.target } };
    }
  }

  private async webhook(d: DeliveryContext): Promise<DeliveryOutcome> {
    if (!d.endpoint?.active) return { kind: 'cancelled', reason: 'endpoint_inactive' };
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
    return outcome.ok ? { kind: 'delivered', detail } : { kind: 'failed', error: outcome.error ?? 'failed', detail };
  }
}
