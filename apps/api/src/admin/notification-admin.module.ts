import { Module } from '@nestjs/common';
import { DeadLettersController } from './dead-letters.controller.js';
import { DeadLettersService } from './dead-letters.service.js';
import { EmailContactsController } from './email-contacts.controller.js';
import { EmailContactsService } from './email-contacts.service.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** Administration of the notification channels: webhook endpoints, e-mail contacts, dead letters. */
@Module({
  controllers: [WebhooksController, EmailContactsController, DeadLettersController],
  providers: [WebhooksService, EmailContactsService, DeadLettersService],
})
export class NotificationAdminModule {}
