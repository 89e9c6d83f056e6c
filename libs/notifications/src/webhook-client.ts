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
 * updated by an administrator, not chased). Never throws: the caller records the outcome and decides.
 */
export async function callWebhook(call: WebhookCall): Promise<WebhookOutcome> {
  const timestamp = String(call.timestamp ?? Math.floor(Date.now() / 1000));
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(call.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(call.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Ventanilla-Webhooks/1',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: webhookSignature(call.secret, timestamp, call.body),
        'X-Ventanilla-Event': call.event,
        'X-Ventanilla-Delivery': call.deliveryId,
      },
      body: call.body,
    });
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, ms: ms(), error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    const error =
      name === 'TimeoutError' || name === 'AbortError'
        ? `no answer within ${call.timeoutMs} ms`
        : describeFetchError(err);
    return { ok: false, status: null, ms: ms(), error };
  }
}

/** fetch hides the useful part (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function describeFetchError(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  const text = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return text.slice(0, 300);
}
