import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';

/**
 * Counts failed sign-ins per e-mail and per client address in PostgreSQL, so every API process sees the
 * same counts. After `LOGIN_MAX_FAILURES` failures within the lock window the key is locked for
 * `LOGIN_LOCK_MINUTES`; a success clears the e-mail's count.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Minutes left on the longest lock among the keys, or 0. */
  async lockedFor(keys: string[]): Promise<number> {
    const rows: Array<{ minutes: number }> = await this.db.query(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()) / 60)::int AS minutes
         FROM login_throttle WHERE key = ANY($1) AND locked_until > now()`,
      [keys],
    );
    return rows[0]?.minutes ?? 0;
  }

  async recordFailure(keys: string[]): Promise<void> {
    const windowMinutes = this.config.loginLockMinutes;
    for (const key of keys) {
      await this.db.query(
        `INSERT INTO login_throttle (key, failures, window_started_at) VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN login_throttle.window_started_at < now() - make_interval(mins => $2)
                           THEN 1 ELSE login_throttle.failures + 1 END,
           window_started_at = CASE WHEN login_throttle.window_started_at < now() - make_interval(mins => $2)
                           THEN now() ELSE login_throttle.window_started_at END`,
        [key, windowMinutes],
      );
      await this.db.query(
        `UPDATE login_throttle SET locked_until = now() + make_interval(mins => $2), failures = 0, window_started_at = now()
          WHERE key = $1 AND failures >= $3`,
        [key, windowMinutes, this.config.loginMaxFailures],
      );
    }
  }

  async clear(key: string): Promise<void> {
    await this.db.query(`DELETE FROM login_throttle WHERE key = $1`, [key]);
  }
}
