import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRAIL_KINDS } from '@ventanilla/notifications/notification-trail.js';
import type { EmailContactView } from './email-contacts.service.js';
import type { WebhookAttemptView, WebhookView, WebhookWithSecret } from './webhooks.service.js';

/* Response bodies of /api/admin/webhooks and /api/admin/email-contacts; `implements` keeps them in step. */

export class WebhookViewSchema implements WebhookView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() agency: string;
  @ApiProperty() url: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({
    example: '…a1B2',
    description: "The secret's last four characters, to tell which one a receiver holds.",
  })
  secretHint: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class WebhookWithSecretSchema extends WebhookViewSchema implements WebhookWithSecret {
  @ApiProperty({ description: 'Shown only in the answer that created or rotated it.' }) secret: string;
}

export class WebhookUpdatedSchema extends WebhookViewSchema {
  @ApiPropertyOptional({ description: 'The new secret, when the change rotated it (`rotateSecret: true`).' })
  secret?: string;
}

export class WebhookListSchema {
  @ApiProperty({ type: [WebhookViewSchema] }) items: WebhookViewSchema[];
}

export class WebhookAttemptSchema implements WebhookAttemptView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: TRAIL_KINDS }) kind: string;
  @ApiProperty({ type: Number, nullable: true }) attempt: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) deliveryId: string | null;
  @ApiProperty({ format: 'uuid' }) notificationId: string;
  @ApiProperty() event: string;
  @ApiProperty({ type: Number, nullable: true, description: "The receiver's HTTP status." }) status: number | null;
  @ApiProperty({ type: Number, nullable: true }) ms: number | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class WebhookAttemptPageSchema {
  @ApiProperty({ type: [WebhookAttemptSchema] }) items: WebhookAttemptSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class EmailContactViewSchema implements EmailContactView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() agency: string;
  @ApiProperty() email: string;
  @ApiProperty({
    type: String,
    enum: ['en', 'es'],
    nullable: true,
    description: "null: the language of the user with this address, else the agency's country (MX → es).",
  })
  language: 'en' | 'es' | null;
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class EmailContactListSchema {
  @ApiProperty({ type: [EmailContactViewSchema] }) items: EmailContactViewSchema[];
}
