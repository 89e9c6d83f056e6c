import type { JobName, JobPayloads } from '@ventanilla/queue/jobs.js';

/** Which try this is: attempt `number` of `of` (BullMQ's `attempts`); handlers that dead-letter need it. */
export interface JobAttempt {
  number: number;
  of: number;
}

/** One handler per job name. Handlers must be idempotent: BullMQ delivers at least once. */
export interface JobHandler<N extends JobName = JobName> {
  readonly jobName: N;
  handle(payload: JobPayloads[N], jobId: string, attempt: JobAttempt): Promise<void>;
}

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
