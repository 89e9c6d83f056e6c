import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem, type TestSystem } from '@ventanilla/testing/test-system.js';
import { expectProblem, fieldErrors } from './support/problem.js';

type Item = { id: string } & Record<string, unknown>;

/** A field of an item by its path (`request.priority`). */
const path = (item: Item, p: string): unknown =>
  p.split('.').reduce<unknown>((v, k) => (v === null || v === undefined ? v : (v as Record<string, unknown>)[k]), item);

/** The value a sort compares: null is the empty text, as the server's COALESCE makes it. */
const valueAt = (item: Item, p: string): unknown => path(item, p) ?? '';

/** Each list, who reads it, its sorts, and (where the item shows it) the value each sort orders by. */
const LISTS: Array<{
  name: string;
  email: string;
  path: string;
  sorts: Record<string, string | null>;
}> = [
  {
    name: 'requests',
    email: 'hub@demo.test',
    path: '/api/requests?',
    sorts: {
      created: 'createdAt',
      updated: 'updatedAt',
      deadline: null,
      folio: 'folio',
      title: null,
      type: 'type',
      agency: 'requestingAgency',
      status: null,
      priority: 'priority',
    },
  },
  {
    name: "a liaison's requests",
    email: 'liaison.dea@demo.test',
    path: '/api/requests?',
    sorts: { folio: 'folio', priority: 'priority', created: 'createdAt' },
  },
  {
    name: 'a hub queue',
    email: 'hub@demo.test',
    path: '/api/requests?queue=routed&',
    sorts: { deadline: null, priority: 'priority', folio: 'folio' },
  },
  {
    name: 'the inbox',
    email: 'hub@demo.test',
    path: '/api/assignments?',
    sorts: {
      created: null,
      due: null,
      folio: 'folio',
      title: null,
      role: 'role',
      status: null,
      priority: 'request.priority',
      agency: 'agency',
    },
  },
  {
    name: 'the audit search',
    email: 'auditor@demo.test',
    path: '/api/audit/events?',
    sorts: {
      occurred: 'occurredAt',
      action: 'action',
      outcome: 'outcome',
      agency: 'actor.agency',
      role: 'actor.role',
    },
  },
  {
    name: 'the accounts',
    email: 'admin@demo.test',
    path: '/api/admin/users?',
    sorts: {
      email: 'email',
      name: null,
      role: 'role',
      agency: 'agency',
      created: 'createdAt',
      lastSignIn: null,
    },
  },
];

const cmp = (a: unknown, b: unknown) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);

/** Every list sorts by each of its columns both ways, and its keyset pages follow that order without gap or repeat. */
describe('sorting the lists (sort=, order=)', () => {
  let sys: TestSystem;
  const clients = new Map<string, ApiClient>();
  let until: string;

  beforeAll(async () => {
    // Hundreds of pages in a minute from one session: more than the per-session limit allows a person.
    sys = await startTestSystem({ worker: false, env: { RATE_LIMIT_SESSION_PER_MINUTE: '100000' } });
    for (const email of new Set(LISTS.map((l) => l.email))) {
      clients.set(email, await ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD));
    }
    // The audit trail grows as the test reads it (sign-ins); its test reads what was there before.
    until = new Date(Date.now() + 1).toISOString();
  });

  afterAll(async () => {
    await sys?.close();
  });

  const cases = LISTS.flatMap((l) =>
    Object.keys(l.sorts).flatMap((sort) => (['asc', 'desc'] as const).map((order) => ({ ...l, sort, order }))),
  );

  it.each(cases)('$name by $sort $order: ordered, and small pages are the same rows as one page', async (c) => {
    const client = clients.get(c.email)!;
    const base = `${c.path}sort=${c.sort}&order=${c.order}${c.path.startsWith('/api/audit') ? `&to=${until}` : ''}`;
    const all = await client.get(`${base}&limit=200`);
    expect(all.status).toBe(200);
    const items = all.body.items as Item[];
    expect(items.length).toBeGreaterThan(0);
    const size = items.length > 3 ? 3 : 1;
    const key = c.sorts[c.sort];
    if (key) {
      const keys = items.map((i) => valueAt(i, key));
      // Every item still carries the field it is sorted by.
      expect(items.filter((i) => path(i, key) === undefined)).toEqual([]);
      const sorted = [...keys].sort((a, b) => (c.order === 'asc' ? cmp(a, b) : cmp(b, a)));
      expect(keys).toEqual(sorted);
    }
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 6; i++) {
      const page: { status: number; body: Record<string, any> } = await client.get(
        `${base}&limit=${size}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      paged.push(...(page.body.items as Item[]).map((x) => x.id));
      cursor = page.body.nextCursor as string | null;
      if (!cursor) break;
    }
    expect(paged).toEqual(items.slice(0, paged.length).map((x) => x.id));
  });

  it("keeps a liaison's sorted list to the liaison's agency", async () => {
    const liaison = clients.get('liaison.dea@demo.test')!;
    for (const sort of ['folio', 'agency', 'status']) {
      const items = (await liaison.get(`/api/requests?sort=${sort}&order=desc`)).body.items as Item[];
      expect(new Set(items.map((r) => r.requestingAgency))).toEqual(new Set(['DEA']));
    }
  });

  it('puts the most urgent first by priority, and exactly the opposite way descending', async () => {
    const hub = clients.get('hub@demo.test')!;
    const asc = (await hub.get('/api/requests?sort=priority&limit=200')).body.items as Item[];
    const desc = (await hub.get('/api/requests?sort=priority&order=desc&limit=200')).body.items as Item[];
    const most = ['P1', 'P2', 'P3', 'P4'].find((p) => asc.some((r) => r.priority === p));
    expect(asc[0].priority).toBe(most);
    expect(desc.map((x) => x.id)).toEqual([...asc].reverse().map((x) => x.id));
  });

  it('refuses an unknown sort or order, a cursor of another sort, and column sorts on a search, naming the field', async () => {
    const hub = clients.get('hub@demo.test')!;
    for (const path of ['/api/requests', '/api/assignments', '/api/admin/users', '/api/audit/events']) {
      const client = path.includes('admin')
        ? clients.get('admin@demo.test')!
        : path.includes('audit')
          ? clients.get('auditor@demo.test')!
          : hub;
      const res = await client.get(`${path}?sort=shoe-size&order=sideways`);
      expectProblem(res, 400, 'VALIDATION.FAILED');
      expect(fieldErrors(res)).toEqual({ sort: 'isIn', order: 'isIn' });
    }
    const byFolio = await hub.get('/api/requests?sort=folio&limit=2');
    const crossed = await hub.get(`/api/requests?sort=title&cursor=${byFolio.body.nextCursor as string}`);
    expectProblem(crossed, 400, 'VALIDATION.FAILED');
    expect(fieldErrors(crossed)).toEqual({ cursor: 'invalid' });
    const flipped = await hub.get(`/api/requests?sort=folio&order=desc&cursor=${byFolio.body.nextCursor as string}`);
    expect(fieldErrors(flipped)).toEqual({ cursor: 'invalid' });

    const search = await hub.get('/api/requests?q=cartel&sort=folio&order=asc');
    expectProblem(search, 400, 'VALIDATION.FAILED');
    expect(fieldErrors(search)).toEqual({ sort: 'not_with_q', order: 'not_with_q' });

    const es = await ApiClient.login(sys.baseUrl, 'hub2@demo.test', DEMO_PASSWORD, 'es');
    const spanish = await es.get('/api/requests?q=cartel&sort=status');
    expect((spanish.body.errors as Array<{ field: string; message: string }>)[0]).toEqual(
      expect.objectContaining({
        field: 'sort',
        message: 'no se aplica a una búsqueda (con q: relevance, newest o deadline)',
      }),
    );
  });

  it('keeps the sorts it had: newest by default, nearest deadline for a queue, sort=newest as before', async () => {
    const hub = clients.get('hub@demo.test')!;
    const ids = async (q: string) =>
      ((await hub.get(`/api/requests?${q}&limit=200`)).body.items as Array<{ id: string }>).map((x) => x.id);
    expect(await ids('sort=newest')).toEqual(await ids('sort=created'));
    expect(await ids('')).toEqual(await ids('sort=created&order=desc'));
    expect(await ids('queue=routed')).toEqual(await ids('queue=routed&sort=deadline&order=asc'));
  });
});
