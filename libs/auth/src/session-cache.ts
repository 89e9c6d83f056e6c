import type { ChannelListener } from '@ventanilla/database/channel-listener.js';
import type { ActiveSession } from './session.service.js';

/** Trigger-fed (migration SessionNotify): a user or one of their sessions changed; the payload is the user id. */
export const SESSION_CHANNEL = 'ventanilla_sessions';

interface Entry {
  session: ActiveSession;
  /** The entry is not used from this time on (its TTL, or the session's own expiry if sooner). */
  until: number;
}

/**
 * The sessions this process resolved lately, by token hash, so that a burst of calls costs one lookup. Only
 * used while `live()` says invalidations arrive (the LISTEN connection is up); anything that may have changed
 * a user or a session calls `forgetUser`. Every invalidation moves the epoch on, and a lookup that started
 * before it is not stored, so a row read just before a revocation committed cannot come back after it.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private currentEpoch = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly live: () => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** Taken before a lookup, handed back to `put`. */
  get epoch(): number {
    return this.currentEpoch;
  }

  get size(): number {
    return this.entries.size;
  }

  get(tokenHash: string): ActiveSession | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (!this.live() || this.now() >= entry.until) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.session;
  }

  put(epoch: number, session: ActiveSession, expiresAt: Date): void {
    if (epoch !== this.currentEpoch || !this.live()) return;
    if (this.entries.size >= this.maxEntries) {
      // The oldest first (a Map iterates in insertion order).
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const until = Math.min(this.now() + this.ttlMs, expiresAt.getTime());
    this.entries.set(session.tokenHash, { session, until });
  }

  forgetUser(userId: string): void {
    this.currentEpoch += 1;
    for (const [hash, entry] of this.entries) if (entry.session.user.id === userId) this.entries.delete(hash);
  }

  forgetSession(tokenHash: string): void {
    this.currentEpoch += 1;
    this.entries.delete(tokenHash);
  }

  clear(): void {
    this.currentEpoch += 1;
    this.entries.clear();
  }
}

/**
 * Keeps `cache` in step with the notifications: a user's entries go when the user or a session of theirs
 * changes, and everything goes when the connection is lost or comes back (what was notified in between is
 * unknown).
 */
export async function invalidateOnNotify(
  listener: Pick<ChannelListener, 'listen' | 'onLost' | 'onReconnect'>,
  cache: SessionCache,
): Promise<boolean> {
  listener.onLost(() => cache.clear());
  listener.onReconnect(() => cache.clear());
  return listener.listen(SESSION_CHANNEL, (userId) => {
    if (userId === '*') cache.clear();
    else cache.forgetUser(userId);
  });
}
