import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobType, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import { ALL_QUEUES } from './jobs.js';

/** The job states reported per queue; `paused` is derived (see readJobCounts). */
export const REPORTED_STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
  'completed',
  'paused',
  'prioritized',
  'waiting-children',
] as const;
export type ReportedState = (typeof REPORTED_STATES)[number];

/** A scrape must not hang on a queue store that stopped answering. */
const SCRAPE_DEADLINE_MS = 2000;

/**
 * Job counts of one queue, the same on both backends. BullMQ 6 has no `paused` job state: on Redis a
 * paused queue keeps its jobs in `waiting`, while the PostgreSQL backend reports them as `paused`. Here,
 * jobs held by a paused queue are `paused` and `waiting` means jobs a worker may take now.
 */
export async function readJobCounts(queue: Queue): Promise<{ paused: boolean; counts: Record<ReportedState, number> }> {
  const [counts, paused] = await Promise.all([
    queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'failed',
      'completed',
      'prioritized',
      'waiting-children',
      'paused' as JobType,
    ),
    queue.isPaused(),
  ]);
  const held = (counts.waiting ?? 0) + (counts.paused ?? 0);
  return {
    paused,
    counts: {
      waiting: paused ? 0 : held,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
      paused: paused ? held : 0,
      prioritized: counts.prioritized ?? 0,
      'waiting-children': counts['waiting-children'] ?? 0,
    },
  };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * One read shared by the gauges of a scrape: prom-client starts every collect in the same tick, so the
 * gauges await the read already in flight instead of each asking the store again. The next scrape reads anew.
 */
function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () =>
    (inFlight ??= read().finally(() => {
      inFlight = null;
    }));
}

/**
 * Queue and outbox gauges, read from BullMQ and PostgreSQL when Prometheus scrapes (no polling in
 * between). Registered by the API: the numbers are the same from every process, one exporter suffices.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  private readonly logger = new Logger(QueueMetrics.name);

  constructor(
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    const queues = ALL_QUEUES.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    const queueState = sharedRead(async () => {
      try {
        const all = await withDeadline(Promise.all(queues.map((q) => readJobCounts(q))), SCRAPE_DEADLINE_MS);
        return all.map((read, i) => ({ queue: queues[i].name, ...read }));
      } catch (err) {
        this.logger.warn(`queue counts unavailable: ${(err as Error).message}`);
        return null;
      }
    });
    this.metrics.gauge({
      name: 'ventanilla_queue_jobs',
      help: 'Jobs per queue and state, read from BullMQ at scrape time.',
      labelNames: ['queue', 'state'],
      collect: async (gauge) => {
        gauge.reset();
        for (const { queue, counts } of (await queueState()) ?? []) {
          for (const state of REPORTED_STATES) gauge.set({ queue, state }, counts[state]);
        }
      },
    });
    this.metrics.gauge({
      name: 'ventanilla_queue_paused',
      help: 'Whether the queue is paused (1) or running (0).',
      labelNames: ['queue'],
      collect: async (gauge) => {
        gauge.reset();
        for (const { queue, paused } of (await queueState()) ?? []) gauge.set({ queue }, paused ? 1 : 0);
      },
    });
    this.metrics.gauge({
      name: 'ventanilla_queue_store_up',
      help: 'Whether the queue store answered the job counts at this scrape (1) or not (0).',
      collect: async (gauge) => gauge.set((await queueState()) ? 1 : 0),
    });

    const outbox = sharedRead(async () => {
      try {
        const [row] = (await this.db.query(
          `SELECT count(*)::int AS rows, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
             FROM outbox WHERE relayed_at IS NULL`,
        )) as Array<{ rows: number; age: number }>;
        return row;
      } catch (err) {
        this.logger.warn(`outbox backlog unavailable: ${(err as Error).message}`);
        return null;
      }
    });
    // A failed read reports NaN (unknown) rather than a reassuring 0.
    this.metrics.gauge({
      name: 'ventanilla_outbox_unrelayed_rows',
      help: 'Outbox rows committed but not yet moved into BullMQ.',
      collect: async (gauge) => gauge.set((await outbox())?.rows ?? NaN),
    });
    this.metrics.gauge({
      name: 'ventanilla_outbox_oldest_unrelayed_age_seconds',
      help: 'Age of the oldest outbox row not yet relayed; 0 when the outbox is drained.',
      collect: async (gauge) => gauge.set((await outbox())?.age ?? NaN),
    });
  }
}
