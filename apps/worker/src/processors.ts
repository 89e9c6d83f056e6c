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

@Processor(QueueName.Notifications, { concurrency: 8 })
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }
  async process(job: Job): Promise<void> {
    await this.dispatcher.dispatch(job.name, job.data, job.id ?? '');
  }
}
