import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import { WORKER_LOGGER } from './worker-logger.js';

const DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Watches every BullMQ worker of this process (each `@Processor`, whoever adds it): counts and times the
 * jobs, and logs worker errors (lost connections, failed lock renewals) through pino, which BullMQ would
 * otherwise print on the console. Runs after @nestjs/bullmq has created the workers, before they matter.
 */
@Injectable()
export class WorkerInstrumentation implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: MetricsService,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const processed = this.metrics.counter({
      name: 'ventanilla_jobs_processed_total',
      help: 'Job attempts that ran to an end, completed or failed.',
      labelNames: ['queue', 'job'],
    });
    const failed = this.metrics.counter({
      name: 'ventanilla_jobs_failed_total',
      help: 'Job attempts that failed; final="true" when no retry is left and the job stays failed.',
      labelNames: ['queue', 'job', 'final'],
    });
    const duration = this.metrics.histogram({
      name: 'ventanilla_job_duration_seconds',
      help: 'Time from a job attempt starting to its end, by outcome.',
      labelNames: ['queue', 'job', 'outcome'],
      buckets: DURATION_BUCKETS,
    });
    const errors = this.metrics.counter({
      name: 'ventanilla_worker_errors_total',
      help: 'Errors a BullMQ worker reported outside any job (connection, lock renewal, …).',
      labelNames: ['queue'],
    });

    for (const worker of this.workers()) {
      const queue = worker.name;
      worker.on('error', (err) => {
        errors.inc({ queue });
        this.logger.error({ err, queue }, 'queue worker error');
      });
      worker.on('completed', (job: Job) => {
        processed.inc({ queue, job: job.name });
        duration.observe({ queue, job: job.name, outcome: 'completed' }, secondsSpent(job));
      });
      worker.on('failed', (job: Job | undefined, err: Error) => {
        if (!job) return;
        const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
        processed.inc({ queue, job: job.name });
        failed.inc({ queue, job: job.name, final: String(final) });
        duration.observe({ queue, job: job.name, outcome: 'failed' }, secondsSpent(job));
        this.logger.warn(
          { queue, job: job.name, jobId: job.id, attemptsMade: job.attemptsMade, final, err },
          final ? 'job failed; no retry left' : 'job attempt failed; will retry',
        );
      });
    }
  }

  private workers(): Worker[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker);
  }
}

function secondsSpent(job: Job): number {
  const started = job.processedOn ?? Date.now();
  return Math.max(0, ((job.finishedOn ?? Date.now()) - started) / 1000);
}
