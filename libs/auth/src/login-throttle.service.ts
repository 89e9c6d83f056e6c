import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { admitAll, release, type ThrottleLimit, type ThrottleState } from '@ventanilla/domain/sign-in-throttle.js';

/** The keys one sign-in attempt was counted on, to give back if it succeeds. */
export interface SignInTicket {
  email: string;
  client: string;
  keys: Array<{ key: string; limit: ThrottleLimit }>;
}

export type SignInAdmission = { admitted: true; ticket: SignInTicket } | { admitted: false; retryAfterSeconds: number };

interface Row {
  key: string;
  failures: number;
  last_attempt_at: Date;
  blocked_until: Date | null;
}

/**
 * Sign-in throttling in PostgreSQL, shared by every API process. An attempt is counted before its password is
 * checked, under row locks, on three keys: the (account, client) pair, the client alone, and — only when the
 * client has never signed in to this account — the account. So N attempts at once cannot get more than the
 * free ones through, a stranger cannot slow the owner down where the owner usually signs in, and one client
 * cannot spray many accounts. The rules (free attempts, growing delays) are libs/domain/src/sign-in-throttle.ts.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private limit(free: number): ThrottleLimit {
    const minutes = this.config.loginLockMinutes * 60_000;
    return { free, maxDelayMs: minutes, quietMs: minutes, firstDelayMs: this.config.loginFirstDelaySeconds * 1000 };
  }

  /** Counts one attempt by `client` to sign in as `email`, or refuses it with the time to wait. */
  async attempt(email: string, client: string): Promise<SignInAdmission> {
    return this.db.transaction(async (m) => {
      const known = await m.query<unknown[]>(`SELECT 1 FROM login_known_clients WHERE email = $1 AND client = $2`, [
        email,
        client,
      ]);
      const keys = [
        { key: `pair:${email}|${client}`, limit: this.limit(this.config.loginMaxFailures) },
        { key: `client:${client}`, limit: this.limit(this.config.loginClientMaxFailures) },
        ...(known.length === 0
          ? [{ key: `account:${email}`, limit: this.limit(this.config.loginAccountMaxFailures) }]
          : []),
      ].sort((a, b) => (a.key < b.key ? -1 : 1));
      const rows = await this.lock(
        m,
        keys.map((k) => k.key),
      );
      const now = await this.now(m);
      const decision = admitAll(
        keys.map((k) => ({ state: rows.get(k.key) ?? null, limit: k.limit })),
        now,
      );
      if (!decision.admitted) return { admitted: false, retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) };
      await this.store(
        m,
        keys.map((k, i) => ({ key: k.key, state: decision.next[i]! })),
      );
      return { admitted: true, ticket: { email, client, keys } };
    });
  }

  /** The attempt was a success: its count is given back, and the client is remembered for the account. */
  async succeeded(ticket: SignInTicket): Promise<void> {
    await this.db.transaction(async (m) => {
      const rows = await this.lock(
        m,
        ticket.keys.map((k) => k.key),
      );
      const pair = ticket.keys.find((k) => k.key.startsWith('pair:'))!.key;
      await m.query(`DELETE FROM login_throttle WHERE key = $1`, [pair]);
      await this.store(
        m,
        ticket.keys
          .filter((k) => k.key !== pair && rows.has(k.key))
          .map((k) => ({ key: k.key, state: release(rows.get(k.key)!, k.limit) })),
      );
      await m.query(
        `INSERT INTO login_known_clients (email, client, last_success_at) VALUES ($1, $2, now())
         ON CONFLICT (email, client) DO UPDATE SET last_success_at = now()`,
        [ticket.email, ticket.client],
      );
    });
  }

  /** Creates the keys' rows if needed and locks them, always in key order (no deadlock between two attempts). */
  private async lock(m: EntityManager, keys: string[]): Promise<Map<string, ThrottleState>> {
    const sorted = [...keys].sort();
    await m.query(
      `INSERT INTO login_throttle (key, failures, last_attempt_at)
       SELECT k, 0, '-infinity' FROM unnest($1::text[]) AS k ORDER BY k
       ON CONFLICT (key) DO NOTHING`,
      [sorted],
    );
    const rows = await m.query<Row[]>(
      `SELECT key, failures, last_attempt_at, blocked_until FROM login_throttle WHERE key = ANY($1) ORDER BY key FOR UPDATE`,
      [sorted],
    );
    return new Map(
      rows
        .filter((r) => Number.isFinite(new Date(r.last_attempt_at).getTime()))
        .map((r) => [
          r.key,
          {
            failures: r.failures,
            lastAttemptAt: new Date(r.last_attempt_at),
            blockedUntil: r.blocked_until ? new Date(r.blocked_until) : null,
          },
        ]),
    );
  }

  private async store(m: EntityManager, states: Array<{ key: string; state: ThrottleState }>): Promise<void> {
    if (states.length === 0) return;
    await m.query(
      `UPDATE login_throttle t SET failures = v.failures, last_attempt_at = v.last_attempt_at, blocked_until = v.blocked_until
         FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS v(key, failures, last_attempt_at, blocked_until)
        WHERE t.key = v.key`,
      [
        states.map((s) => s.key),
        states.map((s) => s.state.failures),
        states.map((s) => s.state.lastAttemptAt.toISOString()),
        states.map((s) => s.state.blockedUntil?.toISOString() ?? null),
      ],
    );
  }

  /** The database's clock, so that every API process counts time alike. */
  private async now(m: EntityManager): Promise<Date> {
    const [{ now }] = await m.query<Array<{ now: Date }>>(`SELECT clock_timestamp() AS now`);
    return new Date(now);
  }
}
