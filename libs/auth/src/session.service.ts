import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import type { Role } from '@ventanilla/domain/roles.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';

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

interface SessionRow {
  token_hash: string;
  csrf_token: string;
  id: string;
  email: string;
  display_name: string;
  role: Role;
  agency: string | null;
  language: 'en' | 'es';
  password_change_required: boolean;
}

/** Server-side sessions in PostgreSQL; a disabled user's sessions stop working on their next call. */
@Injectable()
export class SessionService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
    const rows: SessionRow[] = await this.db.query(
      `SELECT s.token_hash, s.csrf_token, u.id, u.email, u.display_name, u.role, u.agency, u.language,
              u.password_change_required
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [hashToken(token)],
    );
    const r = rows[0];
    if (!r) return null;
    return {
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
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.db.query(`UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [
      tokenHash,
    ]);
  }

  async revokeAllFor(userId: string): Promise<void> {
    await this.db.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }

  /** Every session of the user but the one given (a password change keeps the session that made it). */
  async revokeOthers(m: EntityManager, userId: string, keepTokenHash: string): Promise<void> {
    await m.query(
      `UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND token_hash <> $2 AND revoked_at IS NULL`,
      [userId, keepTokenHash],
    );
  }
}
