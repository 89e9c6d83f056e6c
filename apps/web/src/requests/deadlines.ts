import type { RequestView } from '../api/client';

type Clock = RequestView['clock'];

/**
 * The deadline that matters now for a request in `status`: routing while the hub holds it, the first
 * response while agencies do, closing after the response. Null when no clock runs (drafts, terminal states,
 * or a pending clarification, which pauses the clocks).
 */
export function nextDeadline(r: Pick<RequestView, 'status' | 'clock'>): string | null {
  const c: Clock = r.clock;
  if (c.paused) return null;
  switch (r.status) {
    case 'submitted':
      return c.acknowledgeDueAt;
    case 'registered':
    case 'in_analysis':
    case 'awaiting_authorization':
      return c.routeDueAt;
    case 'routed':
    case 'in_progress':
      return c.firstResponseDueAt;
    case 'responses_received':
    case 'response_sent':
      return c.closeDueAt;
    default:
      return null;
  }
}

export function isOverdue(r: Pick<RequestView, 'status' | 'clock'>, now = Date.now()): boolean {
  const due = nextDeadline(r);
  return due !== null && new Date(due).getTime() < now;
}
