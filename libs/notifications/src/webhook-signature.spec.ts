import { createHmac } from 'node:crypto';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = 'whsec_test-secret-0123456789';
  const body = '{"id":"n1","event":"request.submit"}';
  const ts = '1780000000';

  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(webhookSignature(secret, ts, body)).toBe(`sha256=${expected}`);
  });

  it('verifies what it signs, within the tolerance', () => {
    const sig = webhookSignature(secret, ts, body);
    expect(verifyWebhookSignature(secret, ts, body, sig, { nowSeconds: 1780000100 })).toBe(true);
  });

  it('refuses another body, another secret, a stale timestamp or a malformed header', () => {
    const sig = webhookSignature(secret, ts, body);
    const now = { nowSeconds: 1780000000 };
    expect(verifyWebhookSignature(secret, ts, `${body} `, sig, now)).toBe(false);
    expect(verifyWebhookSignature('another-secret-0000', ts, body, sig, now)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, sig, { nowSeconds: 1780000301 })).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, 'sha256=00', now)).toBe(false);
    expect(verifyWebhookSignature(secret, 'yesterday', body, sig, now)).toBe(false);
  });
});
