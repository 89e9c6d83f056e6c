import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from './jobs.js';

/** Readiness: can we talk to the queue store within a short deadline? */
@Injectable()
export class QueueHealth {
  constructor(@InjectQueue(QueueName.Registration) private readonly queue: Queue) {}

  async check(timeoutMs = 2000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.queue.getJobCounts('waiting').then(() => true), deadline]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
