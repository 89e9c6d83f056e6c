import { REQUEST_STATUSES } from '@ventanilla/domain/request-status.js';
import type { SortKey } from '@ventanilla/http/keyset-cursor.js';
import { DUE_KEY } from './request-queues.sql.js';
import type { RequestSort } from './requests.dto.js';

const STATUS_ORDER = `array_position(ARRAY[${REQUEST_STATUSES.map((s) => `'${s}'`).join(', ')}]::text[], r.status::text)`;

/**
 * Keys on alias `r`. The default two (newest first; nearest deadline first, word for word the key of the queues'
 * partial index) are the ones the indexes serve; the others sort the caller's filtered scope. Requests without a
 * deadline come last both ways.
 */
export const REQUEST_SORT_KEYS: Record<RequestSort, SortKey> = {
  created: { sql: 'r.created_at', kind: 'instant', order: 'desc' },
  updated: { sql: 'r.updated_at', kind: 'instant', order: 'desc' },
  deadline: {
    sql: (order) => (order === 'asc' ? DUE_KEY : `COALESCE(r.next_due_at, '0001-01-01T00:00:00.000Z'::timestamptz)`),
    kind: 'instant',
    order: 'asc',
  },
  folio: { sql: `COALESCE(r.folio, '')`, kind: 'text', order: 'asc' },
  title: { sql: 'lower(r.title)', kind: 'text', order: 'asc' },
  type: { sql: 'r.type', kind: 'text', order: 'asc' },
  agency: { sql: 'r.requesting_agency', kind: 'text', order: 'asc' },
  status: { sql: STATUS_ORDER, kind: 'int', order: 'asc' },
  priority: { sql: 'r.priority', kind: 'text', order: 'asc' },
};
