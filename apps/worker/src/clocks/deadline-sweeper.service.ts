import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { WORKER_LOGGER } from '../worker-logger.js';
import { FireDeadlineHandler } from './fire-deadline.handler.js';

const BATCH = 100;

/**
 * The safety net under the delayed jobs: every few seconds, fires any clock step that is overdue by more than
 * the grace period (its job was lost, say, with a Redis that forgot it). Every worker runs one; the handler's
 * row locks make concurrent sweeps and late jobs harmless.
 */
@Injectable()
export class DeadlineSweeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
    private readonly fire: FireDeadlineHandler,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweepOnce()
        .catch((err: unknown) => {
          this.logger.error({ err }, 'deadline sweep failed; will retry');
          return 0;
        })
        .finally(() => {
          this.running = null;
        });
    }, this.config.clockSweepMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Fires every overdue step it finds; returns how many it looked at. */
  async sweepOnce(): Promise<number> {
    const due = (await this.db.query(
      `SELECT id FROM clock_deadlines
        WHERE fired_at IS NULL AND cancelled_at IS NULL AND fire_at < now() - make_interval(secs => $1)
        ORDER BY fire_at LIMIT $2`,
      [this.config.clockSweepGraceMs / 1000, BATCH],
    )) as Array<{ id: string }>;
    for (const { id } of due) {
      await this.fire.handle({ deadlineId: id });
      this.logger.warn({ deadlineId: id }, 'clock step fired by the sweeper: its delayed job did not run');
    }
    return due.length;
  }
}
