import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { ChannelListener } from '@ventanilla/database/channel-listener.js';
import type { DeliveryContext } from '@ventanilla/notifications/notification-delivery.service.js';
import { ALL_QUEUES, type QueueName } from '@ventanilla/queue/jobs.js';
import { DeliveryDispatcherService } from '../deliveries/delivery-dispatcher.service.js';
import { WORKER_LOGGER } from '../worker-logger.js';
import { Wakeup } from './wakeup.js';

/** Signalled by the triggers on outbox and notification_deliveries: there is work for the relay. */
export const OUTBOX_CHANNEL = 'ventanilla_outbox';
const BATCH = 200;

interface OutboxRow {
  id: string;
  queue: QueueName;
  job_name: string;
  payload: Record<string, unknown>;
  run_at: Date | null;
}

/**
 * Moves committed outbox rows into BullMQ, the outbox id being the job id, and in the same transaction takes
 * the e-mail and webhook deliveries nobody has tried yet, which the delivery dispatcher sends once it commits
 * (a state change writes both, so one round serves both). Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * several workers relay in parallel without taking the same row; a row is marked relayed only after BullMQ
 * accepted the job, so a crash in between relays it again (same job id). LISTEN/NOTIFY wake-ups keep latency
 * low; the poll interval catches anything a notification missed (and deliveries whose lease expired).
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private queues = new Map<QueueName, Queue>();
  private listener: ChannelListener | null = null;
  private readonly wakeup = new Wakeup();
  private stopping = false;
  private loop: Promise<void> | null = null;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
    private readonly moduleRef: ModuleRef,
    private readonly dispatcher: DeliveryDispatcherService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const name of ALL_QUEUES)
      this.queues.set(name, this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    const { url } = this.db.driver.options as { url?: string };
    this.listener = new ChannelListener(url ?? '', 'ventanilla-outbox-listener', (err) =>
      this.logger.warn({ err }, 'outbox listener: no connection; polling only'),
    );
    // Wake-ups sent while the connection was down were missed: one round at once.
    this.listener.onReconnect(() => this.wakeup.signal());
    await this.listener.listen(OUTBOX_CHANNEL, () => this.wakeup.signal());
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wakeup.signal();
    await this.loop;
    await this.listener?.close();
  }

  /** One round: relays what is due and takes untried deliveries; answers whether either batch was full. */
  async relayOnce(): Promise<{ moved: number; deliveries: DeliveryContext[] }> {
    return this.db.transaction(async (m) => {
      const rows = (await m.query(
        `SELECT id, queue, job_name, payload, run_at FROM outbox
          WHERE relayed_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      )) as OutboxRow[];
      const deliveries = await this.dispatcher.claim(m);
      if (rows.length === 0) return { moved: 0, deliveries };
      // One bulk add per queue, all at once: a round trip per batch instead of one per job.
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      await Promise.all(
        [...byQueue].map(([name, batch]) => {
          const queue = this.queues.get(name);
          if (!queue) throw new Error(`outbox row ${batch[0].id} names unknown queue ${name}`);
          return queue.addBulk(
            batch.map((row) => ({
              name: row.job_name,
              data: row.payload,
              opts: {
                jobId: row.id,
                delay: row.run_at ? Math.max(0, new Date(row.run_at).getTime() - Date.now()) : 0,
              },
            })),
          );
        }),
      );
      await m.query(`UPDATE outbox SET relayed_at = now(), relay_attempts = relay_attempts + 1 WHERE id = ANY($1)`, [
        rows.map((r) => r.id),
      ]);
      return { moved: rows.length, deliveries };
    });
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const { moved, deliveries } = await this.relayOnce();
        // Sent once the claim is committed; waits only while the dispatcher has its hands full.
        if (deliveries.length > 0) await this.dispatcher.dispatch(deliveries);
        if (moved === BATCH || this.dispatcher.isFullBatch(deliveries)) continue;
      } catch (err) {
        this.logger.error({ err }, 'outbox relay failed; will retry');
      }
      await this.wakeup.rest(this.config.outboxPollMs);
    }
  }
}
