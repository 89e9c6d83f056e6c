import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { NestPinoLogger } from '@ventanilla/http/logger.js';
import { WorkerModule } from './worker.module.js';

/** The worker: BullMQ processors and the outbox relay, no HTTP. */
export async function createWorkerApp(opts: {
  config: AppConfig;
  dataSource: DataSource;
  databaseUrl: string;
  logger: Logger;
}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(opts.config, opts.dataSource, opts.databaseUrl, opts.logger),
    { logger: new NestPinoLogger(opts.logger), abortOnError: false },
  );
  app.enableShutdownHooks();
  await app.init();
  return app;
}
