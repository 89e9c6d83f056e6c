import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { blobStoreFor, type BlobStore } from '@ventanilla/documents/blob-store.js';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import { WORKER_LOGGER } from '../worker-logger.js';
import { retentionRules, type RetentionRule } from './retention-rules.js';

/**
 * Removes what is past its retention (retention-rules.ts), every RETENTION_INTERVAL_MINUTES, in batches of
 * RETENTION_BATCH_ROWS: each batch is one short statement that deletes only rows nobody holds (`SKIP LOCKED`),
 * so writers never wait on it, and a table is done once a batch comes back short. Every worker runs one; two
 * at once simply skip each other's rows.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopping = false;
  private readonly deleted: Counter<'table'>;
  private readonly blobs: BlobStore;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
    metrics: MetricsService,
  ) {
    this.deleted = metrics.counter({
      name: 'ventanilla_retention_deleted_rows_total',
      help: 'Rows removed by the retention job, per table.',
      labelNames: ['table'],
    });
    this.blobs = blobStoreFor(config, db);
  }

  onApplicationBootstrap(): void {
    const run = () => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((err: unknown) => this.logger.error({ err }, 'retention run failed; will retry at the next interval'))
        .finally(() => {
          this.running = null;
        });
    };
    this.timer = setInterval(run, this.config.retention.intervalMinutes * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    (this.blobs as { close?: () => void }).close?.();
  }

  /** One pass over every rule: how many rows each table lost. */
  async runOnce(): Promise<Record<string, number>> {
    const removed: Record<string, number> = {};
    for (const rule of retentionRules(this.config)) {
      removed[rule.table] = await this.drain(rule);
      if (removed[rule.table] > 0) this.deleted.inc({ table: rule.table }, removed[rule.table]);
    }
    removed.attachment_orphans = await this.removeOrphans(
      new Date(Date.now() - this.config.retention.orphanMinutes * 60_000),
    );
    if (removed.attachment_orphans > 0) this.deleted.inc({ table: 'attachment_orphans' }, removed.attachment_orphans);
    if (Object.values(removed).some((n) => n > 0)) this.logger.info({ removed }, 'retention: old rows removed');
    return removed;
  }

  /**
   * Stored bytes that no attachment row names and that were written before `before`: an upload cut short (a
   * client gone, a process killed) or refused after storing. Removed from the store, database or S3 alike.
   */
  async removeOrphans(before: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const keys = await this.blobs.orphans(before, this.config.retention.batchRows);
      for (const key of keys) await this.blobs.remove(key);
      total += keys.length;
      if (keys.length < this.config.retention.batchRows || this.stopping) return total;
    }
  }

  private async drain(rule: RetentionRule): Promise<number> {
    const batch = this.config.retention.batchRows;
    let total = 0;
    for (;;) {
      const [{ n }] = await this.db.query<Array<{ n: number }>>(
        `WITH doomed AS (SELECT ctid FROM ${rule.table} WHERE ${rule.where} LIMIT $2 FOR UPDATE SKIP LOCKED),
              gone AS (DELETE FROM ${rule.table} WHERE ctid IN (SELECT ctid FROM doomed) RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [rule.seconds, batch],
      );
      total += n;
      if (n < batch || this.stopping) return total;
    }
  }
}
