import pg from 'pg';
import { SessionService } from '@ventanilla/auth/session.service.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { databaseWork } from '@ventanilla/database/statement-counter.js';
import { eventually } from '@ventanilla/testing/http-client.js';
import { createTestDatabase, type TestDatabase } from '@ventanilla/testing/test-database.js';
import { DEMO_PASSWORD } from '@ventanilla/testing/test-system.js';
import { seedDemo } from '../seeds/demo-seed.js';

jest.setTimeout(60_000);

/** Well inside the cache's time to live: a change seen by then was seen through its notification. */
const NOTIFIED_WITHIN_MS = 2_000;

/**
 * The per-process session cache against a real PostgreSQL and its LISTEN connection: a repeated call costs no
 * statement; a change committed by anyone else (another API process, an operator's SQL) is honoured as soon as
 * its notification arrives; a lost notification connection stops the caching until it is back.
 */
describe('session cache (PostgreSQL, LISTEN/NOTIFY)', () => {
  let db: TestDatabase;
  let sessions: SessionService;
  let other: pg.Client;
  let userId: string;

  const statementsOf = async (fn: () => Promise<unknown>) => {
    const before = databaseWork.statements;
    await fn();
    return databaseWork.statements - before;
  };
  const sql = (text: string, params: unknown[] = []) => other.query(text, params);

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo(db.dataSource, DEMO_PASSWORD);
    [{ id: userId }] = await db.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM users WHERE email = 'liaison.dea@demo.test'`,
    );
    sessions = new SessionService(db.dataSource, { sessionTtlHours: 1 } as AppConfig);
    await sessions.onApplicationBootstrap();
    // Another connection, as another process or an operator would make the change.
    other = new pg.Client({ connectionString: db.url });
    await other.connect();
  });

  afterAll(async () => {
    await sessions?.onApplicationShutdown();
    await other?.end();
    await db?.drop();
  });

  afterEach(async () => {
    await sql(`UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL`, [userId]);
  });

  it('answers a repeated call from memory, without a statement', async () => {
    const { token } = await sessions.create(userId, null, null);
    expect(sessions.caching).toBe(true);
    expect((await sessions.resolve(token))?.user.id).toBe(userId);
    let again: Awaited<ReturnType<SessionService['resolve']>> = null;
    expect(await statementsOf(async () => (again = await sessions.resolve(token)))).toBe(0);
    expect(again).toMatchObject({ user: { id: userId, email: 'liaison.dea@demo.test' } });
  });

  it('refuses a session revoked or a user disabled elsewhere once the notification arrives', async () => {
    for (const change of [
      (hash: string) => sql(`UPDATE sessions SET revoked_at = now() WHERE token_hash = $1`, [hash]),
      () => sql(`UPDATE users SET disabled_at = now() WHERE id = $1`, [userId]),
      () => sql(`UPDATE users SET role = 'auditor', agency = NULL WHERE id = $1`, [userId]),
    ]) {
      const { token } = await sessions.create(userId, null, null);
      const live = await sessions.resolve(token);
      expect(live?.user.role).toBe('liaison');
      await change(live!.tokenHash);
      await eventually(async () => (await sessions.resolve(token))?.user.role !== 'liaison', NOTIFIED_WITHIN_MS, 10);
      await sql(`UPDATE users SET role = 'liaison', agency = 'DEA', disabled_at = NULL WHERE id = $1`, [userId]);
    }
  });

  it('refuses a change made in this process on the very next call, without waiting for the notification', async () => {
    const { token } = await sessions.create(userId, null, null);
    const live = await sessions.resolve(token);
    // As logout does: the revocation commits with its audit event, then this process forgets the session.
    await db.dataSource.transaction((m) => sessions.revoke(m, live!.tokenHash));
    sessions.sessionEnded(live!.tokenHash);
    expect(await sessions.resolve(token)).toBeNull();

    const second = await sessions.create(userId, null, null);
    expect(await sessions.resolve(second.token)).not.toBeNull();
    await db.dataSource.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [userId]);
    sessions.userChanged(userId);
    expect(await sessions.resolve(second.token)).toBeNull();
  });

  it('stops caching when the notification connection is lost, and caches afresh once it is back', async () => {
    const { token } = await sessions.create(userId, null, null);
    await sessions.resolve(token);
    await sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'ventanilla-session-listener' AND datname = current_database()`,
    );
    await eventually(() => Promise.resolve(!sessions.caching), 10_000, 10);
    // Unheard: nobody listens now. Every call asks the database, so it is refused all the same.
    await sql(`UPDATE users SET disabled_at = now() WHERE id = $1`, [userId]);
    expect(await sessions.resolve(token)).toBeNull();
    await sql(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [userId]);
    expect(await statementsOf(() => sessions.resolve(token))).toBe(1);
    expect(await statementsOf(() => sessions.resolve(token))).toBe(1);

    await eventually(() => Promise.resolve(sessions.caching), 30_000, 50);
    expect(await statementsOf(() => sessions.resolve(token))).toBe(1);
    expect(await statementsOf(() => sessions.resolve(token))).toBe(0);
    // And the notifications are heard again.
    await sql(`UPDATE users SET disabled_at = now() WHERE id = $1`, [userId]);
    await eventually(async () => (await sessions.resolve(token)) === null, NOTIFIED_WITHIN_MS, 10);
  });
});
