import { API_PATHS } from './api-contract';

const has = (path: string) => API_PATHS.includes(path);

/**
 * Screens that wait for an API still being built. Each turns on by itself when `npm run api:types` finds its
 * path in the OpenAPI document; until then its menu entry and its slots stay hidden.
 */
export const capabilities = {
  /** Hub: server-side counts per queue. */
  queueCounts: has('/api/requests/queues'),
  /** Hub: the routing panel (the rules' proposal, agency picker, route / re-route). */
  routing: has('/api/requests/{id}/routing-proposal'),
  /** Agency officers: the inbox of assignments. */
  assignments: has('/api/assignments'),
  /** Liaisons and agencies: notices to acknowledge. */
  notifications: has('/api/notifications'),
  /** Auditors: audit search, verification, exports. */
  audit: has('/api/audit/events'),
  /** Administrators (and, read-only, the hub and auditors): the versioned routing rules. */
  routingRules: has('/api/admin/routing-rules'),
  /** Administrators: user accounts. */
  users: has('/api/admin/users'),
  /** Administrators: e-mail and webhook deliveries that failed every attempt. */
  deadLetters: has('/api/admin/dead-letters'),
  /** Auditors: the no-surprises compliance report (issue 4). */
  compliance: has('/api/reports/no-surprises'),
  /** Hub: notices to a US agency about a request; liaisons: an exigent action's post-action report. */
  hubNotices: has('/api/requests/{id}/notices'),
  postActionReports: has('/api/requests/{id}/post-action-report'),
} as const;

export type Capability = keyof typeof capabilities;
