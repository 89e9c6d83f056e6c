import type { operations } from '../api/schema';
import type { MessageKey } from '../i18n/en';

type ListQuery = NonNullable<operations['RequestsController_list']['parameters']['query']>;
export type QueueKey = NonNullable<ListQuery['queue']>;

/**
 * The hub's working queues, in the order of the desk (the server defines each one: GET /api/requests?queue=…).
 * Typed against the generated API, so a queue renamed or added on the server fails the type check here.
 */
export const QUEUES = [
  { key: 'unclaimed', label: 'hub.queue.unclaimed' },
  { key: 'mine', label: 'hub.queue.mine' },
  { key: 'clarification', label: 'hub.queue.clarification' },
  { key: 'authorization', label: 'hub.queue.authorization' },
  { key: 'routed', label: 'hub.queue.routed' },
  { key: 'needs_rerouting', label: 'hub.queue.needsRerouting' },
  { key: 'ready_to_release', label: 'hub.queue.ready' },
  { key: 'at_risk', label: 'hub.queue.atRisk' },
  { key: 'overdue', label: 'hub.queue.overdue' },
] as const satisfies ReadonlyArray<{ key: QueueKey; label: MessageKey }>;

// Every server queue has a tab: a new one fails here until it is placed above.
type Missing = Exclude<QueueKey, (typeof QUEUES)[number]['key']>;
const everyQueueHasATab: [Missing] extends [never] ? true : Missing = true;
void everyQueueHasATab;

export type QueueDefinition = (typeof QUEUES)[number];
export const queueByKey = (key: string | null): QueueDefinition => QUEUES.find((q) => q.key === key) ?? QUEUES[0];
