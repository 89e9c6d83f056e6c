import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import pg from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { ALL_QUEUES, type QueueName } from '@ventanilla/queue/jobs.js';
import { WORKER_LOGGER } from '../worker-logger.js';

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
 * Moves committed outbox rows into BullMQ, the outbox id being the job id. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several workers relay in parallel without taking the same row; a row is marked
 * relayed only after BullMQ accepted the job, so a crash in between relays it again (same job id).
 * A LISTEN/NOTIFY wake-up keeps latency low; the poll interval catches anything a notification missed.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private queues = new Map<QueueName, Queue>();
  private listener: pg.Client | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private pending = false;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const name of ALL_QUEUES)
      this.queues.set(name, this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    await this.listen();
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  /** Relays everything currently due; returns how many rows it moved. */
  async relayOnce(): Promise<number> {
    return this.db.transaction(async (m) => {
      const rows = (await m.query(
        `SELECT id, queue, job_name, payload, run_at FROM outbox
          WHERE relayed_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      // One bulk add per queue: a round trip per batch instead of one per job.
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [name, batch] of byQueue) {
        const queue = this.queues.get(name);
        if (!queue) throw new Error(`outbox row ${batch[0].id} names unknown queue ${name}`);
        await queue.addBulk(
          batch.map((row) => ({
            name: row.job_name,
            data: row.payload,
            opts: { jobId: row.id, delay: row.run_at ? Math.max(0, new Date(row.run_at).getTime() - Date.now()) : 0 },
          })),
        );
      }
      await m.query(`UPDATE outbox SET relayed_at = now(), relay_attempts = relay_attempts + 1 WHERE id = ANY($1)`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const moved = await this.relayOnce();
        if (moved === BATCH) continue;
      } catch (err) {
        this.logger.error({ err }, 'outbox relay failed; will retry');
      }
      await this.sleep(this.config.outboxPollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async listen(): Promise<void> {
    const options = this.db.driver.options as { url?: string };
    const client = new pg.Client({ connectionString: options.url, application_name: 'ventanilla-outbox-listener' });
    client.on('error', (err) => this.logger.warn({ err }, 'outbox listener connection lost; polling only'));
    client.on('notification', () => {
      if (this.wake) this.wake();
      else this.pending = true;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (err) {
      this.logger.warn({ err }, 'could not LISTEN for outbox rows; polling only');
      await client.end().catch(() => undefined);
    }
  }
}
