import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import {
  NotificationDeliveryService,
  type DeliveryContext,
} from '@ventanilla/notifications/notification-delivery.service.js';
import { WORKER_LOGGER } from '../worker-logger.js';
import { ChannelSender } from './channel-sender.js';

/** Deliveries taken at once: one statement claims them, one records how they went. */
const BATCH = 50;
/** Batches on their way at once, so that a slow endpoint does not hold up the next batch. */
const IN_FLIGHT = 4;

/**
 * First attempts of e-mail and webhook deliveries, in batches. The outbox relay claims the deliveries nobody
 * has tried yet in its own transaction (FOR UPDATE SKIP LOCKED, with a lease: another worker takes them over if
 * this one dies before recording them); once that commits, this sends them all at once and records every
 * outcome with its evidence in one statement. A delivery that failed is retried alone, by a job of its own
 * with backoff, and dead-lettered alone after its last attempt.
 */
@Injectable()
export class DeliveryDispatcherService implements OnApplicationShutdown {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
    private readonly deliveries: NotificationDeliveryService,
    private readonly sender: ChannelSender,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  /** Takes up to a batch of untried deliveries, inside the caller's transaction. */
  claim(m: EntityManager): Promise<DeliveryContext[]> {
    return this.deliveries.claim(BATCH, this.leaseSeconds(), m);
  }

  isFullBatch(batch: DeliveryContext[]): boolean {
    return batch.length >= BATCH;
  }

  /** Sends a claimed batch in the background; waits only while IN_FLIGHT batches are on their way. */
  async dispatch(batch: DeliveryContext[]): Promise<void> {
    const sending: Promise<void> = this.deliver(batch)
      .catch((err: unknown) => this.logger.error({ err }, 'delivery batch failed; its lease will expire'))
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
    if (this.inFlight.size >= IN_FLIGHT) await Promise.race(this.inFlight);
  }

  private async deliver(batch: DeliveryContext[]): Promise<void> {
    const results = await Promise.all(batch.map(async (d) => ({ d, outcome: await this.sender.send(d) })));
    await this.deliveries.recordFirstAttempts(results, this.config.deliveryAttempts, this.config.deliveryBackoffMs);
  }

  /** Long enough for every send of a batch to time out, with room to record the outcomes. */
  private leaseSeconds(): number {
    return Math.ceil(Math.max(30, (2 * this.config.webhookTimeoutMs) / 1000 + 30));
  }
}
