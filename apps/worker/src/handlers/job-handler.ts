import type { JobName, JobPayloads } from '@ventanilla/queue/jobs.js';

/** One handler per job name. Handlers must be idempotent: BullMQ delivers at least once. */
export interface JobHandler<N extends JobName = JobName> {
  readonly jobName: N;
  handle(payload: JobPayloads[N], jobId: string): Promise<void>;
}

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
