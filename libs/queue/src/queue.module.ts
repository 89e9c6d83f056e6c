import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import type { AppConfig } from '@ventanilla/config/config.js';
import { ALL_QUEUES } from './jobs.js';
import { OutboxWriter } from './outbox.writer.js';
import { QueueErrorLog } from './queue-error-log.js';
import { QueueHealth } from './queue-health.js';
import { queueJobOptions } from './queue-job-options.js';
import { queueConnection, type QueueBackendKind } from './queue-connection.js';

export const QUEUE_BACKEND = Symbol('QUEUE_BACKEND');

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ on Redis or on PostgreSQL (see queue-connection.ts), with every queue of the catalogue registered. */
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const { kind, options } = queueConnection(config, databaseUrl);
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({ ...options, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
        // A queue's own defaultJobOptions replace the shared ones as a whole, hence the spread.
        BullModule.registerQueue(
          ...ALL_QUEUES.map((name) => ({
            name,
            defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...queueJobOptions(name, config) },
          })),
        ),
      ],
      providers: [
        OutboxWriter,
        QueueHealth,
        QueueErrorLog,
        { provide: QUEUE_BACKEND, useValue: kind satisfies QueueBackendKind },
      ],
      exports: [BullModule, OutboxWriter, QueueHealth, QUEUE_BACKEND],
    };
  }
}
