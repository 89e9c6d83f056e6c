/**
 * Sign-in throttling with growing delays (issue 12). Each attempt is counted on every key it falls under
 * before the password is checked, so N attempts at once can never get more than the free ones through:
 * the first `free` attempts of a key pass; the one that reaches `free` sets a delay of one second for the
 * next, and each attempt after that doubles it, up to `maxDelayMs`. A key left alone for `quietMs` forgets.
 * A successful sign-in gives back what it took (`release`): its attempt was not a failure.
 */
export interface ThrottleLimit {
  /** Attempts that pass without any delay. */
  free: number;
  /** The longest delay between two attempts once the free ones are spent. */
  maxDelayMs: number;
  /** A key with no attempt for this long starts over. */
  quietMs: number;
  /** The first delay once the free attempts are spent (1 s unless configured); each next one doubles it. */
  firstDelayMs?: number;
}

export interface ThrottleState {
  /** Attempts counted and not given back by a success. */
  failures: number;
  lastAttemptAt: Date;
  /** No attempt passes before this time. */
  blockedUntil: Date | null;
}

export type Admission =
  { admitted: true; next: ThrottleState } | { admitted: false; retryAfterMs: number; next: ThrottleState };

const FIRST_DELAY_MS = 1000;

/** The delay after the attempt that brought the count to `failures`: none before `free`, then 1 s, 2 s, 4 s… */
export function delayAfter(failures: number, limit: ThrottleLimit): number {
  if (failures < limit.free) return 0;
  const doublings = Math.min(failures - limit.free, 40);
  return Math.min(limit.maxDelayMs, (limit.firstDelayMs ?? FIRST_DELAY_MS) * 2 ** doublings);
}

/** One attempt against one key: whether it may go on to the password check, and the key's new state. */
export function admit(state: ThrottleState | null, limit: ThrottleLimit, now: Date): Admission {
  if (state?.blockedUntil && state.blockedUntil > now) {
    return { admitted: false, retryAfterMs: state.blockedUntil.getTime() - now.getTime(), next: state };
  }
  const forgotten = !state || now.getTime() - state.lastAttemptAt.getTime() >= limit.quietMs;
  const failures = (forgotten ? 0 : state.failures) + 1;
  const delay = delayAfter(failures, limit);
  return {
    admitted: true,
    next: { failures, lastAttemptAt: now, blockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null },
  };
}

/** Several keys at once: admitted only if every key admits; a refused attempt changes no key. */
export function admitAll(
  keys: Array<{ state: ThrottleState | null; limit: ThrottleLimit }>,
  now: Date,
): { admitted: boolean; retryAfterMs: number; next: Array<ThrottleState | null> } {
  const each = keys.map((k) => admit(k.state, k.limit, now));
  const refused = each.filter((a): a is Extract<Admission, { admitted: false }> => !a.admitted);
  if (refused.length > 0) {
    return {
      admitted: false,
      retryAfterMs: Math.max(...refused.map((r) => r.retryAfterMs)),
      next: keys.map((k) => k.state),
    };
  }
  return { admitted: true, retryAfterMs: 0, next: each.map((a) => a.next) };
}

/** A success gives its attempt back, and the delay with it once the key is under its free attempts again. */
export function release(state: ThrottleState, limit: ThrottleLimit): ThrottleState {
  const failures = Math.max(0, state.failures - 1);
  return { ...state, failures, blockedUntil: delayAfter(failures, limit) > 0 ? state.blockedUntil : null };
}
