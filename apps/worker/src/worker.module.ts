import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AuditWriter } from '@ventanilla/audit/audit.writer.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG, ConfigModule } from '@ventanilla/config/config.module.js';
import { DatabaseModule } from '@ventanilla/database/database.module.js';
import { MetricsModule } from '@ventanilla/metrics/metrics.module.js';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import { createMailTransport, MAIL_TRANSPORT } from '@ventanilla/notifications/mail-transport.js';
import { NotificationDeliveryService } from '@ventanilla/notifications/notification-delivery.service.js';
import { QueueModule } from '@ventanilla/queue/queue.module.js';
import { REQUEST_SERVICES } from '@ventanilla/requests/request-services.js';
import { AuditSealerService } from './audit/audit-sealer.service.js';
import { DeadlineSweeperService } from './clocks/deadline-sweeper.service.js';
import { ChannelSender } from './deliveries/channel-sender.js';
import { DeliveryDispatcherService } from './deliveries/delivery-dispatcher.service.js';
import { RetentionService } from './retention/retention.service.js';
import { FireDeadlineHandler } from './clocks/fire-deadline.handler.js';
import { ConsolidateRequestHandler } from './handlers/consolidate-request.handler.js';
import {
  AssignmentDelivery,
  DeliverAssignmentHandler,
  DeliverRoundHandler,
} from './handlers/deliver-assignment.handler.js';
import { DeliverNotificationHandler } from './handlers/deliver-notification.handler.js';
import { ExtractAttachmentTextHandler } from './handlers/extract-attachment-text.handler.js';
import { JobDispatcher } from './handlers/job-dispatcher.js';
import { JOB_HANDLERS } from './handlers/job-handler.js';
import { RegisterRequestHandler } from './handlers/register-request.handler.js';
import { CallWebhookHandler, SendEmailHandler } from './handlers/retry-delivery.handler.js';
import {
  ClocksProcessor,
  DeliveriesProcessor,
  DocumentsProcessor,
  NotificationsProcessor,
  RegistrationProcessor,
  RoutingProcessor,
} from './processors.js';
import { OutboxRelayService } from './relay/outbox-relay.service.js';
import { WorkerInstrumentation } from './worker-instrumentation.js';
import { WORKER_LOGGER } from './worker-logger.js';

const HANDLERS = [
  RegisterRequestHandler,
  DeliverNotificationHandler,
  DeliverAssignmentHandler,
  DeliverRoundHandler,
  ConsolidateRequestHandler,
  FireDeadlineHandler,
  SendEmailHandler,
  CallWebhookHandler,
  ExtractAttachmentTextHandler,
];

@Module({})
export class WorkerModule {
  static forRoot(
    config: AppConfig,
    dataSource: DataSource,
    databaseUrl: string,
    logger: Logger,
    metrics: MetricsService = new MetricsService(),
  ): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(dataSource),
        QueueModule.forRoot(config, databaseUrl),
        MetricsModule.forRoot(metrics),
        DiscoveryModule,
      ],
      providers: [
        { provide: WORKER_LOGGER, useValue: logger },
        WorkerInstrumentation,
        AuditWriter,
        ...REQUEST_SERVICES,
        NotificationDeliveryService,
        ChannelSender,
        AssignmentDelivery,
        {
          provide: MAIL_TRANSPORT,
          useFactory: (c: AppConfig, l: Logger) => createMailTransport(c, l),
          inject: [APP_CONFIG, WORKER_LOGGER],
        },
        ...HANDLERS,
        { provide: JOB_HANDLERS, useFactory: (...h: unknown[]) => h, inject: HANDLERS },
        JobDispatcher,
        RegistrationProcessor,
        NotificationsProcessor,
        RoutingProcessor,
        ClocksProcessor,
        DeliveriesProcessor,
        DocumentsProcessor,
        OutboxRelayService,
        DeliveryDispatcherService,
        DeadlineSweeperService,
        AuditSealerService,
        RetentionService,
      ],
    };
  }
}
