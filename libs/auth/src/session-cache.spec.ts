import { invalidateOnNotify, SESSION_CHANNEL, SessionCache } from './session-cache.js';
import type { ActiveSession } from './session.service.js';

const TTL = 5_000;
const farFuture = new Date('2100-01-01T00:00:00Z');

function session(tokenHash: string, userId: string): ActiveSession {
  return {
    tokenHash,
    csrfToken: `csrf-${tokenHash}`,
    user: {
      id: userId,
      email: `${userId}@demo.test`,
      displayName: userId,
      role: 'liaison',
      agency: 'DEA',
      language: 'en',
      mustChangePassword: false,
    },
  };
}

/** A cache on a clock the test moves, with the listener up unless told otherwise. */
function setup(max = 100) {
  const state = { now: 1_000_000, live: true };
  const cache = new SessionCache(
    TTL,
    max,
    () => state.live,
    () => state.now,
  );
  const store = (s: ActiveSession, expiresAt = farFuture) => cache.put(cache.epoch, s, expiresAt);
  return { state, cache, store };
}

/** Stands in for the LISTEN connection: the test delivers notifications and drops or restores it. */
class FakeListener {
  handlers = new Map<string, (payload: string) => void>();
  lostFns: Array<() => void> = [];
  backFns: Array<() => void> = [];
  listen(channel: string, handler: (payload: string) => void): Promise<boolean> {
    this.handlers.set(channel, handler);
    return Promise.resolve(true);
  }
  onLost(fn: () => void): void {
    this.lostFns.push(fn);
  }
  onReconnect(fn: () => void): void {
    this.backFns.push(fn);
  }
  notify(payload: string): void {
    this.handlers.get(SESSION_CHANNEL)?.(payload);
  }
}

describe('the session cache', () => {
  it('answers a session it resolved, until its time to live runs out', () => {
    const { state, cache, store } = setup();
    store(session('t1', 'u1'));
    expect(cache.get('t1')?.user.id).toBe('u1');
    state.now += TTL - 1;
    expect(cache.get('t1')).toBeDefined();
    state.now += 1;
    expect(cache.get('t1')).toBeUndefined();
  });

  it('never keeps a session past its own expiry', () => {
    const { state, cache, store } = setup();
    store(session('t1', 'u1'), new Date(state.now + 1_000));
    state.now += 1_000;
    expect(cache.get('t1')).toBeUndefined();
  });

  it('keeps nothing and answers nothing while the notifications do not arrive', () => {
    const { state, cache, store } = setup();
    store(session('t1', 'u1'));
    state.live = false;
    expect(cache.get('t1')).toBeUndefined();
    store(session('t2', 'u2'));
    state.live = true;
    expect(cache.get('t2')).toBeUndefined();
  });

  it('forgets every session of a user who changed, and only theirs', () => {
    const { cache, store } = setup();
    store(session('a1', 'alice'));
    store(session('a2', 'alice'));
    store(session('b1', 'bob'));
    cache.forgetUser('alice');
    expect([cache.get('a1'), cache.get('a2')]).toEqual([undefined, undefined]);
    expect(cache.get('b1')?.user.id).toBe('bob');
    cache.forgetSession('b1');
    expect(cache.get('b1')).toBeUndefined();
  });

  it('does not store a lookup that began before an invalidation (a row read before the change committed)', () => {
    const { cache } = setup();
    for (const invalidate of [() => cache.forgetUser('u1'), () => cache.forgetSession('t1'), () => cache.clear()]) {
      const epoch = cache.epoch;
      invalidate();
      cache.put(epoch, session('t1', 'u1'), farFuture);
      expect(cache.get('t1')).toBeUndefined();
    }
  });

  it('holds at most its bound, dropping the oldest first', () => {
    const { cache, store } = setup(2);
    store(session('t1', 'u1'));
    store(session('t2', 'u2'));
    store(session('t3', 'u3'));
    expect(cache.size).toBe(2);
    expect([cache.get('t1'), cache.get('t2')?.user.id, cache.get('t3')?.user.id]).toEqual([undefined, 'u2', 'u3']);
  });
});

describe('the session cache fed by notifications', () => {
  it("drops a user's sessions on their notification, everything on '*', on a lost connection and on reconnection", async () => {
    const { cache, store } = setup();
    const listener = new FakeListener();
    await invalidateOnNotify(listener, cache);
    const fill = () => ['a1', 'b1'].forEach((t) => store(session(t, t[0])));

    fill();
    listener.notify('a');
    expect([cache.get('a1'), cache.get('b1')?.user.id]).toEqual([undefined, 'b']);

    fill();
    listener.notify('*');
    expect(cache.size).toBe(0);

    fill();
    listener.lostFns.forEach((fn) => fn());
    expect(cache.size).toBe(0);

    // Entries taken while the loss went unnoticed: the notifications of that gap are gone, so all of them go.
    fill();
    listener.backFns.forEach((fn) => fn());
    expect(cache.size).toBe(0);
  });
});
