import { Global, Module, type DynamicModule } from '@nestjs/common';
import { MetricsService } from './metrics.service.js';

/**
 * Makes one `MetricsService` injectable everywhere. The caller creates it, so that processes sharing a
 * registry (API and worker in the zero-setup start, or in a test system) hand the same one to both.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(metrics: MetricsService): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: MetricsService, useValue: metrics }],
      exports: [MetricsService],
    };
  }
}
