import type { Job } from 'bullmq';

/** A job as administrators see it: where it stands and why it failed, never the request content it may carry. */
export interface JobView {
  id: string;
  queue: string;
  name: string;
  state: string;
  attemptsMade: number;
  maxAttempts: number;
  failedReason: string | null;
  createdAt: string;
  processedAt: string | null;
  finishedAt: string | null;
  /** Top-level ids and codes of the payload; nested objects (such as notification texts) are redacted. */
  data: Record<string, unknown>;
}

const REDACTED = '[redacted]';
const MAX_TEXT = 200;

/**
 * Payloads carry ids and codes at the top level; anything nested (a notification's params hold a title)
 * may be request content, which administrators do not see (need-to-know). Used by the API and the dashboard.
 */
export function redactJobData(data: unknown): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (value === null || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (typeof value === 'string') out[key] = value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
    else out[key] = REDACTED;
  }
  return out;
}

const iso = (ms: number | undefined | null): string | null => (ms ? new Date(ms).toISOString() : null);

export function toJobView(job: Job, state: string): JobView {
  return {
    id: job.id ?? '',
    queue: job.queueName,
    name: job.name,
    state,
    attemptsMade: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    failedReason: job.failedReason || null,
    createdAt: new Date(job.timestamp).toISOString(),
    processedAt: iso(job.processedOn),
    finishedAt: iso(job.finishedOn),
    data: redactJobData(job.data),
  };
}
