import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuditSealer, type SealResult } from '@ventanilla/audit/audit-sealer.js';
import { privateKeyFromPem } from '@ventanilla/audit/audit-signing.js';
import { sealingLagSeconds } from '@ventanilla/audit/audit-store.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import { WORKER_LOGGER } from '../worker-logger.js';

/** Events chained per transaction: large enough to drain a backlog fast, small enough to commit quickly. */
export const SEAL_BATCH = 2000;

/**
 * The background sealer. Every worker runs one; the advisory lock inside AuditSealer makes them take turns,
 * so exactly one chains at any moment and a crashed worker's turn passes to the next. It drains the
 * unsealed queue batch by batch, then rests AUDIT_SEAL_INTERVAL_MS. Writers never wait for it.
 */
@Injectable()
export class AuditSealerService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private sealer: AuditSealer | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Feeds the counters registered in onModuleInit. */
  private count: (r: SealResult) => void = () => undefined;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge({
      name: 'ventanilla_audit_sealing_lag_seconds',
      help: 'Age of the oldest committed audit event that is not sealed into the hash chain yet (0: caught up).',
      collect: async (gauge) => {
        // A scrape must not fail because the database is briefly away: the gauge keeps its last value.
        const lag = await sealingLagSeconds(this.db.manager).catch(() => null);
        if (lag !== null) gauge.set(lag);
      },
    });
    const sealed = this.metrics.counter({
      name: 'ventanilla_audit_sealed_total',
      help: 'Audit events this process chained.',
    });
    const checkpoints = this.metrics.counter({
      name: 'ventanilla_audit_checkpoints_total',
      help: 'Signed audit checkpoints this process wrote.',
    });
    this.count = (r) => {
      sealed.inc(r.sealed);
      checkpoints.inc(r.checkpoints.length);
    };
  }

  onApplicationBootstrap(): void {
    const signingKey = this.config.auditSigningKey ? privateKeyFromPem(this.config.auditSigningKey) : null;
    if (!signingKey) {
      if (this.config.env === 'production') {
        throw new Error('AUDIT_SIGNING_KEY is required for the worker to sign audit checkpoints in production');
      }
      this.logger.warn('no AUDIT_SIGNING_KEY: audit events are sealed, but no checkpoint is signed');
    }
    this.sealer = new AuditSealer(this.db, {
      batchSize: SEAL_BATCH,
      checkpointEvents: this.config.auditCheckpointEvents,
      checkpointSeconds: this.config.auditCheckpointSeconds,
      signingKey,
    });
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  /** Seals one batch now (tests and benchmarks drive it directly). */
  async sealOnce(): Promise<SealResult> {
    if (!this.sealer) throw new Error('the sealer has not started');
    const result = await this.sealer.sealOnce();
    this.count(result);
    return result;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const result = await this.sealOnce();
        if (result.sealed === SEAL_BATCH) continue;
      } catch (err) {
        this.logger.error({ err }, 'audit sealing failed; will retry');
      }
      await this.rest();
    }
  }

  private rest(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.config.auditSealIntervalMs);
      this.wake = done;
    });
  }
}
