import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@ventanilla/http/logger.js';
import { ApiClient, type ApiResponse } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { createApiApp } from '../apps/api/src/api.js';
import { expectProblem } from './support/problem.js';

jest.setTimeout(90_000);

const PER_SESSION = 20;
const PER_CLIENT = 50;

/**
 * API-wide rate limiting (issue 12): per session and per client, counted in the shared store (Redis, or
 * PostgreSQL without it), so that calls at once, and calls spread over two API processes, draw on one budget.
 */
describe(`API rate limits (${TEST_QUEUE_BACKEND} store)`, () => {
  let sys: TestSystem;
  let second: INestApplication;
  let secondUrl: string;
  let nextClient = 0;
  const client = () => `203.0.113.${++nextClient}`;

  beforeAll(async () => {
    sys = await startTestSystem({
      worker: false,
      env: { RATE_LIMIT_SESSION_PER_MINUTE: String(PER_SESSION), RATE_LIMIT_CLIENT_PER_MINUTE: String(PER_CLIENT) },
    });
    // A second API process on the same database and queue store, as in the production shape.
    second = await createApiApp({
      config: sys.config,
      dataSource: sys.db.dataSource,
      databaseUrl: sys.db.url,
      logger: createLogger('silent', 'second-api'),
    });
    await second.listen(0, '127.0.0.1');
    secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await second?.close();
    await sys?.close();
  });

  const tally = (answers: ApiResponse[]) =>
    answers.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

  it('lets exactly the budget of one session through, even when its calls come at once and to two processes', async () => {
    const ip = client();
    const signedIn = await ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD);
    // The same session, half of its calls through the other process.
    const elsewhere = new ApiClient(secondUrl);
    const calls = Array.from({ length: PER_SESSION + 10 }, (_, i) =>
      i % 2
        ? elsewhere.get('/api/requests?limit=1', { 'x-forwarded-for': ip, cookie: signedIn.cookieHeader() })
        : signedIn.get('/api/requests?limit=1', { 'x-forwarded-for': ip }),
    );
    const answers = await Promise.all(calls);
    expect(tally(answers)).toEqual({ 200: PER_SESSION, 429: 10 });
    for (const r of answers.filter((a) => a.status === 429)) {
      expectProblem(r, 429, 'RATE.LIMITED');
      const wait = Number(r.headers.get('retry-after'));
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
    }
    // Another session is not held back by it.
    const other = await ApiClient.login(sys.baseUrl, 'auditor@demo.test', DEMO_PASSWORD);
    expect((await other.get('/api/requests?limit=1', { 'x-forwarded-for': client() })).status).toBe(200);
  });

  it('limits one client address, signed in or not, and answers in Spanish when asked', async () => {
    const ip = client();
    const anonymous = await Promise.all(
      Array.from({ length: PER_CLIENT + 5 }, () =>
        new ApiClient(sys.baseUrl).get('/api/requests', { 'x-forwarded-for': ip }),
      ),
    );
    expect(tally(anonymous)).toEqual({ 401: PER_CLIENT, 429: 5 });
    const es = await new ApiClient(sys.baseUrl, 'es').get('/api/requests', { 'x-forwarded-for': ip });
    expectProblem(es, 429, 'RATE.LIMITED');
    expect(es.body.title).toMatch(/^Demasiadas solicitudes\. Intente de nuevo en \d+ s\.$/);
    // Health and metrics are never limited (probes and scrapers call them all the time).
    for (const path of ['/health/live', '/health/ready', '/metrics'])
      expect((await fetch(`${sys.baseUrl}${path}`, { headers: { 'x-forwarded-for': ip } })).status).toBe(200);
  });
});
