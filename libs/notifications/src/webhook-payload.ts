import type { DeliveryContext } from './notification-delivery.service.js';
import { renderNotice } from './templates.js';

/**
 * The JSON a webhook receives. `id` is the notification (stable across retries and replays, so receivers can
 * de-duplicate); `deliveryId` names this delivery. Field names are part of the public contract.
 */
export function webhookPayload(d: DeliveryContext): Record<string, unknown> {
  const notice = renderNotice(d.event, d.params, d.language, d.ackRequired);
  return {
    id: d.notificationId,
    deliveryId: d.id,
    event: d.event,
    agency: d.recipientAgency,
    requestId: d.requestId,
    folio: d.params.folio ?? null,
    status: d.params.status ?? null,
    ackRequired: d.ackRequired,
    createdAt: d.notifiedAt.toISOString(),
    message: { language: notice.language, subject: notice.subject, body: notice.body },
    params: d.params,
  };
}
