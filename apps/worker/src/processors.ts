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

/** E-mail and webhook deliveries; they need to know which attempt this is, to dead-letter the last one. */
@Processor(QueueName.Deliveries, { concurrency: 8 })
export class DeliveriesProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }
  async process(job: Job): Promise<void> {
    await this.dispatcher.dispatch(job.name, job.data, job.id ?? '', {
      number: job.attemptsMade + 1,
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
