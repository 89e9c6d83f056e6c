import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@ventanilla/config/config.js';
import { ALL_QUEUES } from './jobs.js';
import { OutboxWriter } from './outbox.writer.js';
import { QueueHealth } from './queue-health.js';
import { queueConnection, type QueueBackendKind } from './queue-connection.js';

export const QUEUE_BACKEND = Symbol('QUEUE_BACKEND');

/** BullMQ on Redis or on PostgreSQL (see queue-connection.ts), with every queue of the catalogue registered. */
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const { kind, options } = queueConnection(config, databaseUrl);
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({
          ...options,
          defaultJobOptions: {
            attempts: 8,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: { age: 24 * 3600, count: 10_000 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        }),
        BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
      ],
      providers: [OutboxWriter, QueueHealth, { provide: QUEUE_BACKEND, useValue: kind satisfies QueueBackendKind }],
      exports: [BullModule, OutboxWriter, QueueHealth, QUEUE_BACKEND],
    };
  }
}
