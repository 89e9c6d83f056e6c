import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import { EffectsWriter } from '@ventanilla/requests/effects.writer.js';
import type { JobHandler } from './job-handler.js';

/**
 * In-app delivery of one notice queued as a job: state changes now deliver their notices in their own
 * transaction (effects.writer.ts), and this handles the jobs written before that, or by hand. The notice, its
 * pending e-mail and webhook deliveries, its evidence and its acknowledgement clock are written in one
 * transaction; a second delivery of the same job finds the notice there and does nothing.
 */
@Injectable()
export class DeliverNotificationHandler implements JobHandler<JobName.DeliverNotification> {
  readonly jobName = JobName.DeliverNotification;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly effects: EffectsWriter,
  ) {}

  async handle(p: JobPayloads[JobName.DeliverNotification]): Promise<void> {
    await this.db.transaction((m) => this.effects.write(m, [{ job: JobName.DeliverNotification, payload: p }]));
  }
}
