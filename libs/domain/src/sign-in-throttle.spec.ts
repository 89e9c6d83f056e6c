import { admit, admitAll, delayAfter, release, type ThrottleLimit, type ThrottleState } from './sign-in-throttle.js';

const limit: ThrottleLimit = { free: 3, maxDelayMs: 60_000, quietMs: 15 * 60_000 };
const t0 = new Date('2026-12-01T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

/** Attempts one after another, each as soon as the key lets it: what each attempt saw. */
function hammer(n: number, start: ThrottleState | null = null) {
  let state = start;
  let now = t0.getTime();
  const waits: number[] = [];
  for (let i = 0; i < n; i++) {
    let a = admit(state, limit, new Date(now));
    if (!a.admitted) {
      waits.push(a.retryAfterMs);
      now += a.retryAfterMs;
      a = admit(state, limit, new Date(now));
    } else waits.push(0);
    state = a.next;
  }
  return { state: state!, waits };
}

describe('sign-in throttle', () => {
  it('lets the free attempts through, then doubles the delay from one second up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 10, 20].map((n) => delayAfter(n, limit))).toEqual([
      0, 0, 0, 1000, 2000, 4000, 60_000, 60_000,
    ]);
    expect(hammer(8).waits).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 16_000]);
  });

  it('refuses without counting while a delay runs, so waiting attempts cannot lengthen it', () => {
    const { state } = hammer(3);
    expect(state.blockedUntil).toEqual(at(1000));
    for (const ms of [0, 10, 999]) {
      const a = admit(state, limit, at(ms));
      expect(a).toEqual({ admitted: false, retryAfterMs: 1000 - ms, next: state });
    }
    expect(admit(state, limit, at(1000)).admitted).toBe(true);
  });

  it('forgets a key left alone for the quiet period', () => {
    const { state } = hammer(6);
    const later = new Date(state.lastAttemptAt.getTime() + limit.quietMs);
    const a = admit(state, limit, later);
    expect(a).toEqual({ admitted: true, next: { failures: 1, lastAttemptAt: later, blockedUntil: null } });
  });

  it('admits across keys only when every key admits, and a refusal changes none of them', () => {
    const blocked = hammer(3).state;
    const fresh = null;
    const refused = admitAll(
      [
        { state: fresh, limit },
        { state: blocked, limit },
      ],
      at(500),
    );
    expect(refused).toEqual({ admitted: false, retryAfterMs: 500, next: [null, blocked] });
    const passed = admitAll([{ state: fresh, limit }], at(500));
    expect(passed.admitted).toBe(true);
    expect(passed.next[0]).toMatchObject({ failures: 1, blockedUntil: null });
  });

  it('gives a successful attempt back, lifting the delay once under the free attempts', () => {
    const { state } = hammer(3);
    expect(release(state, limit)).toEqual({ ...state, failures: 2, blockedUntil: null });
    const deep = hammer(5).state;
    expect(release(deep, limit)).toEqual({ ...deep, failures: 4 });
    expect(release({ ...state, failures: 0 }, limit).failures).toBe(0);
  });

  it('never lets more than the free attempts through at once, whatever the order of N attempts at the same instant', () => {
    for (const n of [1, 3, 4, 40]) {
      let state: ThrottleState | null = null;
      let admitted = 0;
      for (let i = 0; i < n; i++) {
        const a = admit(state, limit, t0);
        if (a.admitted) admitted++;
        state = a.next;
      }
      expect([n, admitted]).toEqual([n, Math.min(n, limit.free)]);
    }
  });
});
