import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import type { JobHandler } from './job-handler.js';

/**
 * In-app delivery: one notification row per (event, recipient agency). A second delivery of the same job
 * finds the row already there and does nothing.
 */
@Injectable()
export class DeliverNotificationHandler implements JobHandler<JobName.DeliverNotification> {
  readonly jobName = JobName.DeliverNotification;

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async handle(p: JobPayloads[JobName.DeliverNotification]): Promise<void> {
    await this.db.query(
      `INSERT INTO notifications (source_event_id, request_id, recipient_agency, event, params, ack_required)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (source_event_id, recipient_agency) DO NOTHING`,
      [p.sourceEventId, p.requestId, p.recipientAgency, p.event, JSON.stringify(p.params), p.ackRequired],
    );
  }
}
