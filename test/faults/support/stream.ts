import { randomBytes } from 'node:crypto';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import type { ApiClient, ApiResponse } from '@ventanilla/testing/http-client.js';
import type { Acknowledged } from './invariants.js';

/** Titles of one drill's requests start with this, followed by the Idempotency-Key that created them. */
export function drillTitlePrefix(): string {
  return `Fault drill ${randomBytes(3).toString('hex')} `;
}

export interface StreamResult {
  acknowledged: Acknowledged;
  /** Which client (index into `clients`) submitted each key: keys belong to the user who sent them. */
  owner: Map<string, number>;
  /** Attempts that got no answer (connection refused or reset) or a 5xx/409 before the key's 201. */
  failedAttempts: number;
  /** Every answer that was neither 201 nor a retryable failure: should stay empty. */
  unexpected: Array<{ key: string; status: number; body: unknown }>;
}

export interface StreamOptions {
  titlePrefix: string;
  keys: string[];
  /** Clients take keys in turn (one per API process, say); each runs `concurrency` submissions at once. */
  clients: ApiClient[];
  concurrency?: number;
  /** Retry a key until it is acknowledged (a client that lost its answer); false: one attempt per key. */
  retryUntil?: number | null;
  /** Called after each acknowledgement (a drill kills a process once enough are in flight). */
  onAck?: (count: number) => void;
}

const retryable = (res: ApiResponse | null) =>
  res === null || res.status >= 500 || (res.status === 409 && res.body?.code === 'IDEMPOTENCY.IN_FLIGHT');

/**
 * Submits one request per key, `concurrency` at a time per client, each with its Idempotency-Key and a title
 * naming the key. A retried key must come back with the same request id as any earlier 201 for it.
 */
export async function submitStream(opts: StreamOptions): Promise<StreamResult> {
  const acknowledged: Acknowledged = new Map();
  const unexpected: StreamResult['unexpected'] = [];
  const owner = new Map<string, number>();
  let failedAttempts = 0;
  const queue = [...opts.keys];
  const submit = async (client: ApiClient, key: string) => {
    owner.set(key, opts.clients.indexOf(client));
    const body = newRequestBody({ title: `${opts.titlePrefix}${key}` });
    for (;;) {
      const res = await client.post('/api/requests', body, { 'idempotency-key': key }).catch(() => null);
      if (res?.status === 201) {
        const earlier = acknowledged.get(key);
        if (earlier !== undefined && earlier !== res.body.id)
          unexpected.push({ key, status: 201, body: { replayedId: res.body.id as string, earlier } });
        acknowledged.set(key, res.body.id as string);
        opts.onAck?.(acknowledged.size);
        return;
      }
      if (!retryable(res)) {
        unexpected.push({ key, status: res!.status, body: res!.body });
        return;
      }
      failedAttempts++;
      if (!opts.retryUntil || Date.now() > opts.retryUntil) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const lane = async (client: ApiClient) => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) await submit(client, key);
  };
  await Promise.all(opts.clients.flatMap((c) => Array.from({ length: opts.concurrency ?? 4 }, () => lane(c))));
  return { acknowledged, owner, failedAttempts, unexpected };
}

export function drillKeys(count: number, tag: string): string[] {
  return Array.from({ length: count }, (_, i) => `${tag}-${String(i).padStart(4, '0')}`);
}
