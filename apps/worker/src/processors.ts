import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QueueName } from '@ventanilla/queue/jobs.js';
import { JobDispatcher } from './handlers/job-dispatcher.js';

// One BullMQ worker per queue; each hands its jobs to the dispatcher. Errors propagate so retries happen.

@Processor(QueueName.Registration, { concurrency: 4 })
export class RegistrationProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }
  async process(job: Job): Promise<void> {
    await this.dispatcher.dispatch(job.name, job.data, job.id ?? '');
  }
}

@Processor(QueueName.Notifications, { concurrency: 16 })
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }
  async process(job: Job): Promise<void> {
    await this.dispatcher.dispatch(job.name, job.data, job.id ?? '');
  }
}

@Processor(QueueName.Routing, { concurrency: 16 })
export class RoutingProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }
  async process(job: Job): Promise<void> {
    await this.dispatcher.dispatch(job.name, job.data, job.id ?? '');
  }
}

@Processor(QueueName.Clocks, { concurrency: 4 })
export class ClocksProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }
  async process(job: Job): Promise<void> {
    await this.dispatcher.dispatch(job.name, job.data, job.id ?? '');
  }
}

/**
 * E-mail and webhook deliveries retried alone; they need to know which attempt this is, to dead-letter the last
 * one. The budget (the queue's `attempts`) counts the attempts made before the job (`after`: the first one,
 * made in a batch by the delivery dispatcher).
 */
@Processor(QueueName.Deliveries, { concurrency: 8 })
export class DeliveriesProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }
  async process(job: Job<{ after?: number }>): Promise<void> {
    const before = typeof job.data.after === 'number' ? job.data.after : 0;
    await this.dispatcher.dispatch(job.name, job.data, job.id ?? '', {
      number: before + job.attemptsMade + 1,
      of: job.opts.attempts ?? 1,
    });
  }
}

/** Text extraction for search: one file at a time per worker (a PDF is read in a child process of its own). */
@Processor(QueueName.Documents, { concurrency: 1 })
export class DocumentsProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }
  async process(job: Job): Promise<void> {
    await this.dispatcher.dispatch(job.name, job.data, job.id ?? '');
  }
}
