import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ALL_JOBS, type JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import { JOB_HANDLERS, type JobAttempt, type JobHandler } from './job-handler.js';

/** Routes a job to its handler, and refuses to start unless every job name has exactly one. */
@Injectable()
export class JobDispatcher implements OnModuleInit {
  private readonly byName = new Map<JobName, JobHandler>();

  constructor(@Inject(JOB_HANDLERS) private readonly handlers: JobHandler[]) {}

  onModuleInit(): void {
    for (const h of this.handlers) {
      if (this.byName.has(h.jobName)) throw new Error(`two handlers for job ${h.jobName}`);
      this.byName.set(h.jobName, h);
    }
    const missing = ALL_JOBS.filter((n) => !this.byName.has(n));
    if (missing.length > 0) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
  }

  async dispatch(
    name: string,
    payload: unknown,
    jobId: string,
    attempt: JobAttempt = { number: 1, of: 1 },
  ): Promise<void> {
    const handler = this.byName.get(name as JobName);
    if (!handler) throw new Error(`unknown job ${name}`);
    await handler.handle(payload as JobPayloads[JobName], jobId, attempt);
  }
}
