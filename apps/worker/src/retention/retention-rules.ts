import type { AppConfig } from '@ventanilla/config/config.js';

/**
 * What the retention job removes (issue 12): rows whose work is done and whose retention has passed. Each rule
 * is a table and a condition on rows nobody needs any more. Audit tables (audit_events, audit_chain,
 * audit_checkpoints, notification_events) and the record itself (requests, assignments, notifications…) have
 * no rule and are never touched.
 */
export interface RetentionRule {
  table: string;
  /** SQL condition over the table's rows; `$1` is the cutoff, in seconds before now. */
  where: string;
  seconds: number;
}

const DAY = 86_400;

export function retentionRules(config: Pick<AppConfig, 'retention' | 'loginLockMinutes'>): RetentionRule[] {
  const r = config.retention;
  return [
    {
      // Relayed long ago: BullMQ has had the job (its id is the outbox id) for days.
      table: 'outbox',
      where: `relayed_at IS NOT NULL AND created_at < now() - make_interval(secs => $1) AND relayed_at < now() - make_interval(secs => $1)`,
      seconds: r.outboxDays * DAY,
    },
    {
      // Ended (signed out, revoked or expired) that long ago.
      table: 'sessions',
      where: `expires_at < now() - make_interval(secs => $1) OR revoked_at < now() - make_interval(secs => $1)`,
      seconds: r.sessionDays * DAY,
    },
    {
      // Past the window in which a retried Idempotency-Key is answered with the first response.
      table: 'idempotency_keys',
      where: `created_at < now() - make_interval(secs => $1)`,
      seconds: r.idempotencyHours * 3600,
    },
    {
      // A key forgets after LOGIN_LOCK_MINUTES without an attempt (libs/domain/src/sign-in-throttle.ts).
      table: 'login_throttle',
      where: `last_attempt_at < now() - make_interval(secs => $1) AND (blocked_until IS NULL OR blocked_until < now())`,
      seconds: config.loginLockMinutes * 60,
    },
    {
      // The rate limits' counters (milliseconds since the epoch), expired an hour ago.
      table: 'rate_limits',
      where: `expire < (extract(epoch FROM now() - make_interval(secs => $1)) * 1000)::bigint`,
      seconds: 3600,
    },
    {
      table: 'login_known_clients',
      where: `last_success_at < now() - make_interval(secs => $1)`,
      seconds: r.knownClientDays * DAY,
    },
  ];
}
