import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { AppConfig } from '@ventanilla/config/config.js';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  language: 'en' | 'es';
  headers?: Record<string, string>;
}

export interface MailReceipt {
  transport: 'smtp' | 'log';
  messageId: string;
  /** The server's last reply (e.g. `250 OK: queued`), or `logged`. */
  response: string;
}

/** Where notification e-mails go: an SMTP server, or (without SMTP_URL) the log. */
export interface MailTransport {
  readonly kind: 'smtp' | 'log';
  send(message: MailMessage): Promise<MailReceipt>;
  /** Nest calls it on the provider at shutdown: closes pooled connections, if any. */
  onApplicationShutdown(): void;
}

/** A short, safe description of the transport for start-up messages (no credentials). */
export function describeMailTransport(config: Pick<AppConfig, 'smtpUrl'>): string {
  if (!config.smtpUrl) return 'no SMTP_URL: notification e-mails are written to the log, not sent';
  const u = new URL(config.smtpUrl);
  return `notification e-mails go to ${u.protocol}//${u.hostname}:${u.port || (u.protocol === 'smtps:' ? 465 : 587)}`;
}

export function createMailTransport(config: Pick<AppConfig, 'smtpUrl' | 'smtpFrom'>, logger: Logger): MailTransport {
  const compose = (m: MailMessage) => ({
    from: config.smtpFrom,
    to: m.to,
    subject: m.subject,
    text: m.text,
    headers: { 'Content-Language': m.language, ...m.headers },
  });

  if (config.smtpUrl) {
    const transporter = nodemailer.createTransport({
      url: config.smtpUrl,
      // Fail an attempt in seconds rather than minutes: the queue retries it with backoff.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return {
      kind: 'smtp',
      async send(m) {
        const info = await transporter.sendMail(compose(m));
        return { transport: 'smtp', messageId: info.messageId, response: String(info.response ?? '') };
      },
      onApplicationShutdown: () => transporter.close(),
    };
  }

  // Same composition as a real send, so what the log shows is what would have gone out.
  const transporter = nodemailer.createTransport({ jsonTransport: true });
  logger.warn(describeMailTransport(config));
  return {
    kind: 'log',
    async send(m) {
      const info = await transporter.sendMail(compose(m));
      logger.info(
        { mail: { to: m.to, subject: m.subject, text: m.text, language: m.language } },
        'e-mail (logged, not sent)',
      );
      return { transport: 'log', messageId: info.messageId, response: 'logged' };
    },
    onApplicationShutdown: () => transporter.close(),
  };
}
