import type { ListRequestsQuery } from '../apps/api/src/requests/requests.dto.js';
import { SearchEngine } from '../apps/api/src/search/search-engine.js';
import { startTestSystem, TEST_QUEUE_BACKEND, type TestSystem } from '@ventanilla/testing/test-system.js';

jest.setTimeout(90_000);

/**
 * The work of one search (issue 15 at a million requests): whatever it looks for and however it pages, the
 * engine reads the page — matches, ranks, snippets and the requests' rows — in two statements (one to prepare
 * the query, one for the page), whichever way the matches are found.
 */
describe(`statements per search (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let statements = 0;
  const exec = (sql: string, values: unknown[]) => {
    statements++;
    return sys.db.dataSource.query<unknown[]>(sql, values);
  };

  beforeAll(async () => {
    sys = await startTestSystem({ worker: false });
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('prepares the query in one statement and reads each page, with its ranks, snippets and rows, in one more', async () => {
    const [hub] = await sys.db.dataSource.query<Array<{ id: string; role: 'hub_coordinator'; agency: null }>>(
      `SELECT id, role, agency FROM users WHERE email = 'hub@demo.test'`,
    );
    // A word of a request's title, a subject's name word with two letters swapped, and a folio's start.
    const [{ title, folio, name }] = await sys.db.dataSource.query<
      Array<{ title: string; folio: string; name: string }>
    >(
      `SELECT r.title, r.folio, (SELECT word FROM search_name_words WHERE length(word) >= 6 ORDER BY word LIMIT 1) AS name
         FROM requests r WHERE r.folio IS NOT NULL ORDER BY r.created_at LIMIT 1`,
    );
    const word = title.split(/\s+/).find((w) => /^\p{L}{5,}$/u.test(w))!;
    const mistyped = name.slice(0, 2) + name[3] + name[2] + name.slice(4);
    const failures: string[] = [];
    for (const tuning of [
      { indexDrivenMax: Infinity, scopeFirstMax: -1 },
      { indexDrivenMax: -1, scopeFirstMax: -1 },
    ]) {
      const engine = new SearchEngine(exec, tuning);
      for (const q of [word, mistyped, folio.slice(0, 9), `"${word}" -zzzz`]) {
        for (const sort of ['relevance', 'newest', 'deadline'] as const) {
          let cursor: string | undefined;
          for (let page = 0; page < 3; page++) {
            const before = statements;
            const result = await engine.search(hub, { q, sort, limit: 1, cursor } as ListRequestsQuery);
            if (statements - before !== 2) failures.push(`${q} ${sort} page ${page}: ${statements - before}`);
            if (page === 0 && q === word && result.page.length === 0) failures.push(`${q} ${sort}: nothing found`);
            cursor = result.nextCursor ?? undefined;
            if (!cursor) break;
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // Nothing to look for: the prepare statement only.
    const before = statements;
    expect((await new SearchEngine(exec).search(hub, { q: '-' } as ListRequestsQuery)).page).toEqual([]);
    expect(statements - before).toBe(1);
  });
});
