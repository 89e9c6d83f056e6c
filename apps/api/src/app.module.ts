import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AuditWriter } from '@ventanilla/audit/audit.writer.js';
import { AuthGuard } from '@ventanilla/auth/auth.guard.js';
import { LoginThrottleService } from '@ventanilla/auth/login-throttle.service.js';
import { SessionService } from '@ventanilla/auth/session.service.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { ConfigModule } from '@ventanilla/config/config.module.js';
import { DatabaseModule } from '@ventanilla/database/database.module.js';
import { QueueModule } from '@ventanilla/queue/queue.module.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { RequestLifecycleService } from '@ventanilla/requests/request-lifecycle.service.js';
import { AuthModule } from './auth/auth.module.js';
import { HealthController } from './health/health.controller.js';
import { ReferenceController } from './reference/reference.controller.js';
import { RequestsModule } from './requests/requests.module.js';

/** Providers shared by the API's feature modules. */
@Module({})
class ApiCoreModule {
  static forRoot(): DynamicModule {
    const providers = [AuditWriter, SessionService, LoginThrottleService, ReferenceRepository, RequestLifecycleService];
    return { module: ApiCoreModule, global: true, providers, exports: providers };
  }
}

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, dataSource: DataSource, databaseUrl: string): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(dataSource),
        QueueModule.forRoot(config, databaseUrl),
        ApiCoreModule.forRoot(),
        AuthModule,
        RequestsModule,
      ],
      controllers: [HealthController, ReferenceController],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
