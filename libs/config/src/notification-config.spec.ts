import { ConfigError, loadConfig } from './config.js';

describe('notification channel settings', () => {
  it('defaults to logging e-mails, a From address, 8 attempts from 30 s and a 10 s webhook timeout', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      smtpUrl: null,
      smtpFrom: 'Ventanilla <no-reply@ventanilla.invalid>',
      deliveryAttempts: 8,
      deliveryBackoffMs: 30_000,
      webhookTimeoutMs: 10_000,
    });
  });

  it('accepts smtp:// and smtps:// URLs and an address with or without a display name', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://user:pw@mail.example.test:465' }).smtpUrl).toBe(
      'smtps://user:pw@mail.example.test:465',
    );
    expect(loadConfig({ SMTP_FROM: 'avisos@sre.example' }).smtpFrom).toBe('avisos@sre.example');
    expect(loadConfig({ SMTP_FROM: 'Ventanilla SRE <avisos@sre.example>' }).smtpFrom).toBe(
      'Ventanilla SRE <avisos@sre.example>',
    );
  });

  it('names every wrong value at once', () => {
    let error: unknown;
    try {
      loadConfig({
        SMTP_URL: 'http://mail.example.test',
        SMTP_FROM: 'nobody',
        DELIVERY_ATTEMPTS: '0',
        WEBHOOK_TIMEOUT_MS: 'x',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['SMTP_URL', 'SMTP_FROM', 'DELIVERY_ATTEMPTS', 'WEBHOOK_TIMEOUT_MS'])
      expect(problems).toContain(name);
  });
});
