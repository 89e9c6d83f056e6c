import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@ventanilla/domain/roles.js';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Stored lower-cased; unique. */
  @Index({ unique: true }) @Column({ type: 'text' }) email: string;
  @Column({ type: 'text' }) displayName: string;
  @Column({ type: 'text' }) passwordHash: string;
  @Column({ type: 'text' }) role: Role;
  @Column({ type: 'text', nullable: true }) agency: string | null;
  @Column({ type: 'text', default: 'en' }) language: 'en' | 'es';
  @Column({ type: 'timestamptz', nullable: true }) disabledAt: Date | null;
  /** Set by an administrator's create or reset (and for demo accounts on a shared start); cleared by the user. */
  @Column({ type: 'boolean', default: false }) passwordChangeRequired: boolean;
  /** When the user last chose their own password; null while it is one someone else set. */
  @Column({ type: 'timestamptz', nullable: true }) passwordChangedAt: Date | null;
  @Column({ type: 'integer', default: 1 }) version: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** Server-side session. The cookie carries a random token; only its SHA-256 is stored. */
@Entity('sessions')
@Index('sessions_expires_idx', ['expiresAt'])
export class SessionEntity {
  @PrimaryColumn({ type: 'text' }) tokenHash: string;
  @Index() @Column({ type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) csrfToken: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @Column({ type: 'text', nullable: true }) userAgent: string | null;
}

/**
 * Sign-in attempts per key — an (account, client) pair, a client, or an account as seen from clients it has
 * never signed in from — shared by every API process (libs/domain/src/sign-in-throttle.ts has the rules).
 */
@Entity('login_throttle')
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'integer', default: 0 }) failures: number;
  @Index() @Column({ type: 'timestamptz' }) lastAttemptAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) blockedUntil: Date | null;
}

/** Where an account has signed in successfully: from there, strangers' failures do not slow its owner down. */
@Entity('login_known_clients')
export class LoginKnownClientEntity {
  @PrimaryColumn({ type: 'text' }) email: string;
  @PrimaryColumn({ type: 'text' }) client: string;
  @Index() @Column({ type: 'timestamptz' }) lastSuccessAt: Date;
}
