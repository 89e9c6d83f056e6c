import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JOB_QUEUE, type JobName, type JobPayloads } from './jobs.js';

export interface OutboxItem<N extends JobName = JobName> {
  job: N;
  payload: JobPayloads[N];
  /** Timers: the job becomes runnable at this instant. */
  runAt?: Date | null;
}

/** Writes follow-up jobs into the outbox inside the caller's transaction; the relay moves them to BullMQ. */
@Injectable()
export class OutboxWriter {
  async write(manager: EntityManager, items: OutboxItem[]): Promise<void> {
    if (items.length === 0) return;
    const values: unknown[] = [];
    const tuples = items.map((item, i) => {
      values.push(JOB_QUEUE[item.job], item.job, JSON.stringify(item.payload), item.runAt ?? null);
      const b = i * 4;
      return `($${b + 1}, $${b + 2}, $${b + 3}::jsonb, $${b + 4}::timestamptz)`;
    });
    await manager.query(`INSERT INTO outbox (queue, job_name, payload, run_at) VALUES ${tuples.join(', ')}`, values);
  }
}
