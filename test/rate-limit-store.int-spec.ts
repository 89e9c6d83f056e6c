import type { Request, Response } from 'express';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import type { ProblemFilter } from '@ventanilla/http/problem.filter.js';
import { createTestDatabase, type TestDatabase } from '@ventanilla/testing/test-database.js';
import { PostgresRateLimiter } from '../apps/api/src/rate-limit/postgres-rate-limiter.js';
import { RATE_LIMIT_TABLE, RateLimitService } from '../apps/api/src/rate-limit/rate-limit.service.js';

jest.setTimeout(60_000);

/**
 * The PostgreSQL store of the API's rate limits (no REDIS_URL): every budget of a call counted in one statement,
 * exact under concurrent calls, a new window once the old one has ended, and an outage that lets calls through.
 */
describe('rate limits counted in PostgreSQL', () => {
  let db: TestDatabase;
  let statements = 0;
  let limiter: PostgresRateLimiter;
  let nextKey = 0;
  const key = (name: string) => `test:rl:${name}:${++nextKey}`;

  beforeAll(async () => {
    db = await createTestDatabase({ seed: false });
    limiter = new PostgresRateLimiter((sql, values) => {
      statements++;
      return db.dataSource.query<unknown[]>(sql, values);
    }, RATE_LIMIT_TABLE);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const passed = (waits: Array<number | null>) => waits.filter((w) => w === null).length;

  it('lets exactly the budget through when many calls come at once, and tells the others how long to wait', async () => {
    const budget = 7;
    const client = key('client');
    const before = statements;
    const waits = await Promise.all(
      Array.from({ length: 40 }, () =>
        limiter.consume([
          { key: client, points: budget },
          { key: key('session'), points: 100 },
        ]),
      ),
    );
    expect(statements - before).toBe(40);
    expect(passed(waits)).toBe(budget);
    for (const w of waits.filter((x): x is number => x !== null)) {
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThanOrEqual(60_000);
    }
  });

  it('holds a call back when any one of its budgets is spent, and counts each budget on its own', async () => {
    const client = key('client');
    const [a, b] = [key('session'), key('session')];
    // Session a spends its 3 calls. Every call counts against the client's budget, held back or not: 5 of its 10
    // are left for session b.
    const first = await Promise.all(
      Array.from({ length: 5 }, () =>
        limiter.consume([
          { key: a, points: 3 },
          { key: client, points: 10 },
        ]),
      ),
    );
    expect(passed(first)).toBe(3);
    const second = await Promise.all(
      Array.from({ length: 12 }, () =>
        limiter.consume([
          { key: client, points: 10 },
          { key: b, points: 100 },
        ]),
      ),
    );
    expect(passed(second)).toBe(5);
  });

  it('never deadlocks calls that name the same budgets in another order', async () => {
    const [x, y] = [key('client'), key('session')];
    const waits = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const budgets = [
          { key: x, points: 12 },
          { key: y, points: 12 },
        ];
        return limiter.consume(i % 2 ? budgets : budgets.reverse());
      }),
    );
    expect(passed(waits)).toBe(12);
  });

  it('starts a new window once the old one has ended', async () => {
    const k = key('client');
    const spend = () => Promise.all(Array.from({ length: 4 }, () => limiter.consume([{ key: k, points: 2 }])));
    expect(passed(await spend())).toBe(2);
    // The window ends (as if a minute had passed).
    await db.dataSource.query(`UPDATE rate_limits SET expire = expire - 60000 WHERE key = $1`, [k]);
    expect(passed(await spend())).toBe(2);
  });

  it('lets the call through when the store cannot answer', async () => {
    // A server that is not there: nothing listens on port 1.
    const away = new pg.Pool({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      connectionTimeoutMillis: 2000,
    });
    try {
      const config = {
        rateLimit: { sessionPerMinute: 1, clientPerMinute: 1 },
        queuePrefix: 'test',
        redisUrl: null,
      } as unknown as AppConfig;
      const store = { query: (sql: string, values: unknown[]) => away.query(sql, values) } as unknown as DataSource;
      const service = new RateLimitService(config, store);
      const problems = { respond: () => undefined } as unknown as ProblemFilter;
      const call = () =>
        new Promise<string>((resolve) => {
          const req = { cookies: {}, ctx: { ip: '203.0.113.9' } } as unknown as Request;
          const res = { setHeader: () => resolve('limited') } as unknown as Response;
          service.middleware(problems)(req, res, (err?: unknown) => resolve(err ? 'failed' : 'passed'));
        });
      // Over the budget of 1, and still through.
      expect([await call(), await call(), await call()]).toEqual(['passed', 'passed', 'passed']);
    } finally {
      await away.end();
    }
  });
});
