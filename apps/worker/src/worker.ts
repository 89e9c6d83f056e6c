import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { NestPinoLogger } from '@ventanilla/http/logger.js';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import { WorkerModule } from './worker.module.js';

/** The worker: BullMQ processors and the outbox relay, no HTTP. */
export async function createWorkerApp(opts: {
  config: AppConfig;
  dataSource: DataSource;
  databaseUrl: string;
  logger: Logger;
  /** The registry to report into; pass the API's when both run in one process. */
  metrics?: MetricsService;
}): Promise<INestApplicationContext> {
  const metrics = opts.metrics ?? new MetricsService();
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(opts.config, opts.dataSource, opts.databaseUrl, opts.logger, metrics),
    { logger: new NestPinoLogger(opts.logger), abortOnError: false },
  );
  app.enableShutdownHooks();
  await app.init();
  return app;
}
