import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookAddressPolicy } from './webhook-address.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './webhook-signature.js';

export interface WebhookCall {
  url: string;
  secret: string;
  /** The exact JSON text that is sent and signed. */
  body: string;
  event: string;
  deliveryId: string;
  timeoutMs: number;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}

export interface WebhookOutcome {
  ok: boolean;
  /** HTTP status, or null when no answer came (refused, timed out). */
  status: number | null;
  ms: number;
  error: string | null;
}

/**
 * One signed POST. Only a 2xx counts as delivered; redirects are not followed (an endpoint that moved must be
 * updated by an administrator, not chased). The host is resolved and judged by `policy` first, and the
 * connection goes to exactly the addresses judged, so a name cannot be re-pointed inward between the check
 * and the call (DNS rebinding). Never throws: the caller records the outcome and decides.
 */
export async function callWebhook(call: WebhookCall, policy: WebhookAddressPolicy): Promise<WebhookOutcome> {
  const timestamp = String(call.timestamp ?? Math.floor(Date.now() / 1000));
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const url = new URL(call.url);
  const checked = await policy.check(url);
  if (!checked.ok) {
    const error =
      checked.reason === 'unresolvable'
        ? `cannot resolve ${url.hostname}`
        : `address not allowed: ${checked.address} (${checked.kind}; see WEBHOOK_ALLOWED_NETWORKS)`;
    return { ok: false, status: null, ms: ms(), error };
  }
  const { addresses } = checked;
  const pinned = ((_host: string, options: { all?: boolean }, done: (...args: unknown[]) => void) => {
    if (options.all) done(null, addresses);
    else done(null, addresses[0].address, addresses[0].family);
  }) as unknown as LookupFunction;
  const transport = url.protocol === 'https:' ? https : http;
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(call.body)),
    'user-agent': 'Ventanilla-Webhooks/1',
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: webhookSignature(call.secret, timestamp, call.body),
    'X-Ventanilla-Event': call.event,
    'X-Ventanilla-Delivery': call.deliveryId,
  };
  return new Promise<WebhookOutcome>((resolve) => {
    const req = transport.request(
      url,
      { method: 'POST', headers, lookup: pinned, signal: AbortSignal.timeout(call.timeoutMs) },
      (res) => {
        const status = res.statusCode ?? 0;
        // The answer's body is not read: only the status counts.
        res.resume();
        res.on('error', () => undefined);
        const ok = status >= 200 && status < 300;
        resolve({ ok, status, ms: ms(), error: ok ? null : `HTTP ${status}` });
      },
    );
    req.on('error', (err: Error & { code?: string }) => {
      const error =
        err.name === 'TimeoutError' || err.name === 'AbortError'
          ? `no answer within ${call.timeoutMs} ms`
          : (err.code ?? err.message).slice(0, 300);
      resolve({ ok: false, status: null, ms: ms(), error });
    });
    req.end(call.body);
  });
}
