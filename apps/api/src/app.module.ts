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
import { MetricsModule } from '@ventanilla/metrics/metrics.module.js';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import { QueueMetrics } from '@ventanilla/queue/queue-metrics.js';
import { TableMetrics } from './metrics/table-metrics.js';
import { RateLimitService } from './rate-limit/rate-limit.service.js';
import { QueueModule } from '@ventanilla/queue/queue.module.js';
import { REQUEST_SERVICES } from '@ventanilla/requests/request-services.js';
import { AdminModule } from './admin/admin.module.js';
import { NotificationAdminModule } from './admin/notification-admin.module.js';
import { AssignmentsModule } from './assignments/assignments.module.js';
import { AttachmentsModule } from './attachments/attachments.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { HomeModule } from './home/home.module.js';
import { AuditModule } from './audit/audit.module.js';
import { RoutingRulesController } from './routing/routing-rules.controller.js';
import { AuthModule } from './auth/auth.module.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ReferenceController } from './reference/reference.controller.js';
import { NoticesModule } from './notices/notices.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { RequestsModule } from './requests/requests.module.js';
import { SavedViewsModule } from './saved-views/saved-views.module.js';

/** Providers shared by the API's feature modules. */
@Module({})
class ApiCoreModule {
  static forRoot(): DynamicModule {
    const providers = [AuditWriter, SessionService, LoginThrottleService, ...REQUEST_SERVICES];
    return { module: ApiCoreModule, global: true, providers, exports: providers };
  }
}

@Module({})
export class ApiModule {
  static forRoot(
    config: AppConfig,
    dataSource: DataSource,
    databaseUrl: string,
    metrics: MetricsService = new MetricsService(),
  ): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(dataSource),
        QueueModule.forRoot(config, databaseUrl),
        MetricsModule.forRoot(metrics),
        ApiCoreModule.forRoot(),
        AuthModule,
        RequestsModule,
        AssignmentsModule,
        AdminModule,
        NotificationsModule,
        NotificationAdminModule,
        AuditModule,
        NoticesModule,
        ReportsModule,
        AttachmentsModule,
        DocumentsModule,
        SavedViewsModule,
        HomeModule,
      ],
      controllers: [HealthController, MetricsController, ReferenceController, RoutingRulesController],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }, QueueMetrics, TableMetrics, RateLimitService],
    };
  }
}
