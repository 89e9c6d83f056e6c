import type { RequestStatus } from './request-status.js';

/** The hub's own agency code: every request event concerns it. */
export const HUB_AGENCY = 'SRE-SSAN';

export interface RequestEventFacts {
  action: string;
  from: RequestStatus | null;
  to: RequestStatus;
  requestingAgency: string;
  /** Agencies holding a live assignment on the request (empty until it is routed). */
  assignedAgencies: readonly string[];
}

export interface NotificationTarget {
  agency: string;
  ackRequired: boolean;
}

/**
 * NS-2: who must hear of a request status change. Drafts concern nobody but their author; from submission
 * on, the requesting agency and the hub hear of every change, and so does every assigned agency. The fuller
 * policy (acknowledgements, deadlines, languages) grows here, and only here.
 */
export function requestEventRecipients(event: RequestEventFacts): NotificationTarget[] {
  if (event.to === 'draft') return [];
  const agencies = new Set<string>([event.requestingAgency, HUB_AGENCY, ...event.assignedAgencies]);
  return [...agencies].map((agency) => ({ agency, ackRequired: false }));
}
