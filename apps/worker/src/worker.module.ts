import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AuditWriter } from '@ventanilla/audit/audit.writer.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { ConfigModule } from '@ventanilla/config/config.module.js';
import { DatabaseModule } from '@ventanilla/database/database.module.js';
import { QueueModule } from '@ventanilla/queue/queue.module.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { RequestLifecycleService } from '@ventanilla/requests/request-lifecycle.service.js';
import { DeliverNotificationHandler } from './handlers/deliver-notification.handler.js';
import { JobDispatcher } from './handlers/job-dispatcher.js';
import { JOB_HANDLERS } from './handlers/job-handler.js';
import { RegisterRequestHandler } from './handlers/register-request.handler.js';
import { NotificationsProcessor, RegistrationProcessor } from './processors.js';
import { OutboxRelayService } from './relay/outbox-relay.service.js';
import { WORKER_LOGGER } from './worker-logger.js';

const HANDLERS = [RegisterRequestHandler, DeliverNotificationHandler];

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, dataSource: DataSource, databaseUrl: string, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(dataSource),
        QueueModule.forRoot(config, databaseUrl),
      ],
      providers: [
        { provide: WORKER_LOGGER, useValue: logger },
        AuditWriter,
        ReferenceRepository,
        RequestLifecycleService,
        ...HANDLERS,
        { provide: JOB_HANDLERS, useFactory: (...h: unknown[]) => h, inject: HANDLERS },
        JobDispatcher,
        RegistrationProcessor,
        NotificationsProcessor,
        OutboxRelayService,
      ],
    };
  }
}
