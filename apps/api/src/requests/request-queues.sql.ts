import { ESCALATION_LEVELS } from '@ventanilla/domain/request-status.js';
import { REQUEST_QUEUES, type RequestQueue } from './requests.dto.js';

/*
 * The hub's queues as SQL on alias `r`, shared by the listing, the counts and the queue-listing benchmark's
 * bare-pg baseline (which must run exactly what the API runs).
 */

export const CLOSED_SQL = `'closed', 'rejected', 'withdrawn', 'authorization_denied'`;

/** Requests without a running deadline sort last; their cursor carries this instant. */
export const NO_DEADLINE = new Date('9999-12-31T00:00:00.000Z');
export const DUE_KEY = `COALESCE(r.next_due_at, '9999-12-31T00:00:00.000Z'::timestamptz)`;

/**
 * Open: submitted and not finished. Word for word the predicate of `requests_open_due_idx`, the partial
 * index on the deadline key every queue is read through, so a million finished requests cost nothing.
 */
export const OPEN_SQL = `r.status NOT IN ('draft', ${CLOSED_SQL})`;

/**
 * Each hub queue as a condition on alias `r` (`$me`, bound as `$1`/`:me`, is the caller), holding open
 * requests only. A queue named by open statuses says so alone: PostgreSQL proves the partial index's
 * predicate from it and estimates its size right (adding OPEN_SQL as well would count the status twice and
 * turn a 0.2 ms keyset page into a 17 ms sort). The others add OPEN_SQL. Assignment conditions are `IN`
 * lists the planner hashes once from a small partial index rather than probing per request.
 */
export const QUEUE_SQL: Record<RequestQueue, string> = {
  unclaimed: `r.status = 'registered'`,
  mine: `${OPEN_SQL} AND r.claimed_by = $me`,
  clarification: `${OPEN_SQL} AND (r.status = 'clarification_requested' OR r.id IN (SELECT qa.request_id FROM assignments qa
      WHERE qa.status = 'clarification_requested'))`,
  authorization: `r.status = 'awaiting_authorization'`,
  routed: `r.status IN ('routed', 'in_progress')`,
  // The lead declined and no new lead holds the request yet (a delivery still in the queue counts as held).
  needs_rerouting: `r.status IN ('routed', 'in_progress')
      AND r.id IN (SELECT qa.request_id FROM assignments qa WHERE qa.role = 'lead' AND qa.status = 'declined')
      AND NOT EXISTS (SELECT 1 FROM assignments qa WHERE qa.request_id = r.id AND qa.role = 'lead'
                        AND qa.status NOT IN ('declined', 'cancelled'))
      AND NOT EXISTS (SELECT 1 FROM routing_decisions qd WHERE qd.request_id = r.id AND qd.round = r.routing_round
                        AND qd.decided_at > (SELECT max(qa.updated_at) FROM assignments qa
                                               WHERE qa.request_id = r.id AND qa.role = 'lead'))`,
  ready_to_release: `r.status = 'responses_received'`,
  at_risk: `${OPEN_SQL} AND r.next_risk_at <= now() AND r.next_due_at > now()`,
  overdue: `${OPEN_SQL} AND r.next_due_at <= now()`,
};
export const QUEUE_WHERE = Object.fromEntries(
  Object.entries(QUEUE_SQL).map(([k, v]) => [k, v.replace('$me', ':me')]),
) as Record<RequestQueue, string>;

/** Every queue's count and the open requests at each escalation level, in one pass over the open ones (`$1` is the caller). */
export const QUEUE_COUNTS_SQL = `SELECT ${[
  ...REQUEST_QUEUES.map((q) => `count(*) FILTER (WHERE ${QUEUE_SQL[q].replace('$me', '$1')})::int AS "${q}"`),
  ...ESCALATION_LEVELS.map((l) => `count(*) FILTER (WHERE r.escalation_level = '${l}')::int AS "${l}"`),
].join(', ')} FROM requests r WHERE ${OPEN_SQL}`;
