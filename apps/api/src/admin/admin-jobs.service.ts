import { getQueueToken } from '@nestjs/bullmq';
import { HttpStatus, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import type { Page } from '@ventanilla/http/page-query.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { ALL_QUEUES, type QueueName } from '@ventanilla/queue/jobs.js';
import type { ListableJobState, ListJobsQuery } from './admin-jobs.dto.js';
import { toJobView, type JobView } from './job-view.js';

export type JobPage = Page<JobView>;

/** Failed (and other) jobs for administrators; the retry of a failed job and the promotion of a delayed one, audited. */
@Injectable()
export class AdminJobsService implements OnModuleInit {
  private readonly queues = new Map<string, Queue>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    for (const name of ALL_QUEUES)
      this.queues.set(name, this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
  }

  /**
   * Newest first, queue by queue in catalogue order. The cursor is `<queue index>.<offset>`: BullMQ pages
   * by position, so a job finishing meanwhile may shift a page by one — fine for an operator's list.
   */
  async list(query: ListJobsQuery): Promise<JobPage> {
    const state: ListableJobState = query.state ?? 'failed';
    const limit = query.limit ?? 50;
    const names = query.queue ? [query.queue] : ALL_QUEUES;
    let [queueIndex, offset] = (query.cursor ?? '0.0').split('.').map(Number);
    const items: JobView[] = [];
    while (queueIndex < names.length) {
      const queue = this.queues.get(names[queueIndex])!;
      const wanted = limit - items.length;
      // One more than needed tells whether this queue has a next page.
      const jobs = (await queue.getJobs([state], offset, offset + wanted)).filter((j): j is Job => !!j);
      items.push(...jobs.slice(0, wanted).map((j) => toJobView(j, state)));
      if (jobs.length > wanted) return { items, nextCursor: `${queueIndex}.${offset + wanted}` };
      queueIndex += 1;
      offset = 0;
      if (items.length === limit) {
        const more = await this.firstNonEmpty(names, queueIndex, state);
        return { items, nextCursor: more === null ? null : `${more}.0` };
      }
    }
    return { items, nextCursor: null };
  }

  async retry(user: SessionUser, queueName: string, jobId: string, ctx: CallContext): Promise<JobView> {
    const { queue, job } = await this.find(queueName, jobId);
    await this.expectFailed(job);
    try {
      // The audit event commits only if BullMQ took the retry; a retry that fails leaves no event behind.
      await this.db.transaction(async (m) => {
        await this.audit.append(
          m,
          {
            actor: { userId: user.id, role: user.role, agency: user.agency },
            action: 'job.retry',
            objectType: 'job',
            objectId: `${queueName}/${jobId}`,
            details: {
              queue: queueName,
              jobId,
              job: job.name,
              attemptsMade: job.attemptsMade,
              failedReason: job.failedReason?.slice(0, 500) ?? null,
            },
          },
          ctx,
        );
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      });
    } catch (err) {
      // Someone else retried (or removed) it between our read and BullMQ's move: say what it is now.
      await this.expectFailed(job);
      throw err;
    }
    const state = await job.getState();
    return toJobView((await queue.getJob(jobId)) ?? job, state);
  }

  /** Runs a delayed job (a clock step, a delivery's back-off) now instead of at its time; audited as job.promote. */
  async promote(user: SessionUser, queueName: string, jobId: string, ctx: CallContext): Promise<JobView> {
    const { queue, job } = await this.find(queueName, jobId);
    await this.expectState(job, 'delayed', 'JOB.NOT_DELAYED');
    try {
      await this.db.transaction(async (m) => {
        await this.audit.append(
          m,
          {
            actor: { userId: user.id, role: user.role, agency: user.agency },
            action: 'job.promote',
            objectType: 'job',
            objectId: `${queueName}/${jobId}`,
            details: {
              queue: queueName,
              jobId,
              job: job.name,
              delayedUntil: new Date(job.timestamp + job.delay).toISOString(),
            },
          },
          ctx,
        );
        await job.promote();
      });
    } catch (err) {
      await this.expectState(job, 'delayed', 'JOB.NOT_DELAYED');
      throw err;
    }
    return toJobView((await queue.getJob(jobId)) ?? job, await job.getState());
  }

  private async find(queueName: string, jobId: string): Promise<{ queue: Queue; job: Job }> {
    const queue = this.queues.get(queueName);
    // Job ids are outbox UUIDs or BullMQ's own short forms; anything longer is nobody's, and so is one holding
    // U+0000, which the queue store on PostgreSQL cannot even look up (the query fails: a 500).
    const job = queue && jobId.length <= 200 && !jobId.includes('\u0000') ? await queue.getJob(jobId) : undefined;
    if (!queue || !job) throw new AppError('JOB.NOT_FOUND', HttpStatus.NOT_FOUND, { queue: queueName });
    return { queue, job };
  }

  private async expectState(
    job: Job,
    wanted: 'failed' | 'delayed',
    code: 'JOB.NOT_FAILED' | 'JOB.NOT_DELAYED',
  ): Promise<void> {
    const state = await job.getState();
    if (state === 'unknown') throw new AppError('JOB.NOT_FOUND', HttpStatus.NOT_FOUND, { queue: job.queueName });
    if (state !== wanted) throw new AppError(code, HttpStatus.CONFLICT, { state });
  }

  private expectFailed(job: Job): Promise<void> {
    return this.expectState(job, 'failed', 'JOB.NOT_FAILED');
  }

  private async firstNonEmpty(names: readonly string[], from: number, state: ListableJobState): Promise<number | null> {
    for (let i = from; i < names.length; i++) {
      if ((await this.queues.get(names[i] as QueueName)!.getJobCountByTypes(state)) > 0) return i;
    }
    return null;
  }
}
