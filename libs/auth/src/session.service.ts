import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { ChannelListener } from '@ventanilla/database/channel-listener.js';
import type { Role } from '@ventanilla/domain/roles.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { invalidateOnNotify, SessionCache } from './session-cache.js';

export const SESSION_COOKIE = 'vt_session';
export const CSRF_COOKIE = 'csrf_token';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface ActiveSession {
  tokenHash: string;
  csrfToken: string;
  user: SessionUser;
}

/**
 * How long a resolved session is reused without asking the database again. Changes are notified at once, so
 * this only bounds how long a change can go unseen if a notification were lost with the connection unnoticed.
 */
export const SESSION_CACHE_TTL_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;

interface SessionRow {
  token_hash: string;
  csrf_token: string;
  expires_at: Date;
  id: string;
  email: string;
  display_name: string;
  role: Role;
  agency: string | null;
  language: 'en' | 'es';
  password_change_required: boolean;
}

/**
 * Server-side sessions in PostgreSQL; a disabled user's or a revoked session stops working on its next call.
 * Resolved sessions are kept in this process for up to SESSION_CACHE_TTL_MS, and only while the LISTEN
 * connection is up: a change made here drops them at once (`userChanged`, after the commit), a change made in
 * another process as soon as its notification arrives, and losing or regaining the connection drops them all.
 */
@Injectable()
export class SessionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private listener: ChannelListener | null = null;
  private readonly cache = new SessionCache(
    SESSION_CACHE_TTL_MS,
    SESSION_CACHE_MAX,
    () => this.listener?.connected ?? false,
  );

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { url } = this.db.driver.options as { url?: string };
    // Without the listener nothing is cached: every call asks the database, as before.
    this.listener = new ChannelListener(url ?? '', 'ventanilla-session-listener', () => undefined);
    await invalidateOnNotify(this.listener, this.cache);
  }

  /** True while resolved sessions are reused (the notifications arrive). */
  get caching(): boolean {
    return this.listener?.connected ?? false;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
  }

  /** To call once a change to the user or their sessions has committed, so that this process sees it at once. */
  userChanged(userId: string): void {
    this.cache.forgetUser(userId);
  }

  async create(
    userId: string,
    ip: string | null,
    userAgent: string | null,
  ): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3600_000);
    await this.db.query(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
      [hashToken(token), userId, csrfToken, expiresAt, ip, userAgent],
    );
    return { token, csrfToken, expiresAt };
  }

  async resolve(token: string): Promise<ActiveSession | null> {
    const tokenHash = hashToken(token);
    if (this.cache.get(tokenHash)) {
      // One turn of the event loop first: a notification already received is applied before the answer.
      await new Promise((resolve) => setImmediate(resolve));
      const cached = this.cache.get(tokenHash);
      if (cached) return cached;
    }
    const epoch = this.cache.epoch;
    const rows: SessionRow[] = await this.db.query(
      `SELECT s.token_hash, s.csrf_token, s.expires_at, u.id, u.email, u.display_name, u.role, u.agency, u.language,
              u.password_change_required
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [tokenHash],
    );
    const r = rows[0];
    if (!r) return null;
    const session: ActiveSession = {
      tokenHash: r.token_hash,
      csrfToken: r.csrf_token,
      user: {
        id: r.id,
        email: r.email,
        displayName: r.display_name,
        role: r.role,
        agency: r.agency,
        language: r.language,
        mustChangePassword: r.password_change_required,
      },
    };
    this.cache.put(epoch, session, new Date(r.expires_at));
    return session;
  }

  /** Ends one session in the caller's transaction: the caller calls `sessionEnded` once it commits. */
  async revoke(m: EntityManager, tokenHash: string): Promise<void> {
    await m.query(`UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash]);
  }

  /** To call once a session's revocation has committed. */
  sessionEnded(tokenHash: string): void {
    this.cache.forgetSession(tokenHash);
  }

  async revokeAllFor(userId: string): Promise<void> {
    await this.db.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    this.cache.forgetUser(userId);
  }

  /**
   * Every session of the user but the one given (a password change keeps the session that made it), in the
   * caller's transaction: the caller calls `userChanged` once it commits.
   */
  async revokeOthers(m: EntityManager, userId: string, keepTokenHash: string): Promise<void> {
    await m.query(
      `UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND token_hash <> $2 AND revoked_at IS NULL`,
      [userId, keepTokenHash],
    );
  }
}
