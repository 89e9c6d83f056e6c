import type { JobsOptions } from 'bullmq';
import type { AppConfig } from '@ventanilla/config/config.js';
import { QueueName } from './jobs.js';

/**
 * Retry policy of a queue, on top of the defaults. Deliveries retry as configured (DELIVERY_ATTEMPTS,
 * exponential from DELIVERY_BACKOFF_MS): their last failure is dead-lettered, so how long to keep trying is a
 * deployment's choice, and tests need it short.
 */
export function queueJobOptions(
  name: QueueName,
  config: Pick<AppConfig, 'deliveryAttempts' | 'deliveryBackoffMs'>,
): JobsOptions {
  switch (name) {
    case QueueName.Deliveries:
      return { attempts: config.deliveryAttempts, backoff: { type: 'exponential', delay: config.deliveryBackoffMs } };
    default:
      return {};
  }
}
