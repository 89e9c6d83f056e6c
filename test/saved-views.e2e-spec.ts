import { ApiClient } from '@ventanilla/testing/http-client.js';
import { DEMO_PASSWORD, startTestSystem, type TestSystem } from '@ventanilla/testing/test-system.js';
import { expectProblem, fieldErrors } from './support/problem.js';

interface SavedView {
  id: string;
  list: string;
  name: string;
  params: Record<string, string>;
  createdAt: string;
}

/** Each role and the list it saves a view of, with parameters that list accepts. */
const ROLES: Array<{ email: string; list: string; params: Record<string, string> }> = [
  { email: 'liaison.dea@demo.test', list: 'requests', params: { status: 'registered', sort: 'folio', order: 'desc' } },
  { email: 'hub@demo.test', list: 'hub', params: { queue: 'unclaimed', sort: 'priority', escalation: 'L1' } },
  { email: 'fgr@demo.test', list: 'inbox', params: { status: 'all', sort: 'due' } },
  { email: 'gans@demo.test', list: 'requests', params: { status: 'awaiting_authorization', sort: 'deadline' } },
  { email: 'auditor@demo.test', list: 'audit', params: { action: 'request.*', outcome: 'denied', sort: 'action' } },
  { email: 'admin@demo.test', list: 'users', params: { role: 'liaison', disabled: 'false', sort: 'lastSignIn' } },
];

/** Saved views over HTTP: every role keeps its own, nobody sees anyone else's, parameters checked like the list's. */
describe('saved views (/api/saved-views)', () => {
  let sys: TestSystem;
  const clients = new Map<string, ApiClient>();
  const as = (email: string) => clients.get(email)!;

  beforeAll(async () => {
    sys = await startTestSystem({ worker: false });
    for (const { email } of ROLES) clients.set(email, await ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD));
    clients.set('hub2@demo.test', await ApiClient.login(sys.baseUrl, 'hub2@demo.test', DEMO_PASSWORD));
  });

  afterAll(async () => {
    await sys?.close();
  });

  it.each(ROLES)(
    '$email saves a view of $list, lists it, opens it, deletes it; audited',
    async ({ email, list, params }) => {
      const me = as(email);
      const created = await me.post('/api/saved-views', { list, name: '  My view  ', params });
      expect(created.status).toBe(201);
      const view = created.body as SavedView;
      expect(view).toMatchObject({ list, name: 'My view', params });

      expect(((await me.get(`/api/saved-views?list=${list}`)).body.items as SavedView[]).map((v) => v.id)).toEqual([
        view.id,
      ]);
      expect((await me.get(`/api/saved-views/${view.id}`)).body).toEqual(view);

      const del = await me.send('DELETE', `/api/saved-views/${view.id}`);
      expect(del.status).toBe(204);
      expectProblem(await me.get(`/api/saved-views/${view.id}`), 404, 'SAVED_VIEW.NOT_FOUND');
      expectProblem(await me.send('DELETE', `/api/saved-views/${view.id}`), 404, 'SAVED_VIEW.NOT_FOUND');

      const events = (await sys.db.dataSource.query(
        `SELECT action, actor_role, details FROM audit_events WHERE object_type = 'saved_view' AND object_id = $1
        ORDER BY occurred_at, id`,
        [view.id],
      )) as Array<{ action: string; details: Record<string, unknown> }>;
      expect(events.map((e) => e.action)).toEqual(['saved_view.create', 'saved_view.delete']);
      expect(events[0].details).toEqual({ list, name: 'My view' });
    },
  );

  it("never shows, opens or deletes another user's view, not even a colleague's of the same list", async () => {
    const mine = (await as('hub@demo.test').post('/api/saved-views', { list: 'hub', name: 'Private', params: {} }))
      .body as SavedView;
    for (const other of ['hub2@demo.test', 'auditor@demo.test', 'admin@demo.test', 'liaison.dea@demo.test']) {
      expectProblem(await as(other).get(`/api/saved-views/${mine.id}`), 404, 'SAVED_VIEW.NOT_FOUND');
      expectProblem(await as(other).send('DELETE', `/api/saved-views/${mine.id}`), 404, 'SAVED_VIEW.NOT_FOUND');
      expect(JSON.stringify((await as(other).get('/api/saved-views')).body)).not.toContain(mine.id);
    }
    expect((await as('hub@demo.test').get(`/api/saved-views/${mine.id}`)).status).toBe(200);
    expectProblem(await as('hub@demo.test').get('/api/saved-views/not-a-uuid'), 404, 'SAVED_VIEW.NOT_FOUND');
    expectProblem(await new ApiClient(sys.baseUrl).get('/api/saved-views'), 401, 'AUTH.UNAUTHENTICATED');
  });

  it("refuses a list the caller's role does not have, and a name already used for that list", async () => {
    const liaison = as('liaison.dea@demo.test');
    for (const list of ['hub', 'inbox', 'audit', 'users']) {
      const res = await liaison.post('/api/saved-views', { list, name: 'Peek', params: {} });
      expectProblem(res, 400, 'VALIDATION.FAILED');
      expect(fieldErrors(res)).toEqual({ list: 'not_your_list' });
    }
    expect((await liaison.post('/api/saved-views', { list: 'requests', name: 'Twice', params: {} })).status).toBe(201);
    const again = await liaison.post('/api/saved-views', {
      list: 'requests',
      name: 'Twice ',
      params: { sort: 'title' },
    });
    expectProblem(again, 409, 'SAVED_VIEW.NAME_TAKEN');
    expect(fieldErrors(again)).toEqual({ name: 'taken' });
    // Another user may use the same name.
    const gans = await as('gans@demo.test').post('/api/saved-views', { list: 'requests', name: 'Twice', params: {} });
    expect(gans.status).toBe(201);
  });

  it('checks the parameters as the list checks them and refuses unknown fields, naming each one', async () => {
    const hub = as('hub@demo.test');
    const res = await hub.post('/api/saved-views', {
      list: 'hub',
      name: 'x'.repeat(81),
      owner: 'someone-else',
      params: { sort: 'shoe-size', order: 'sideways', queue: 'nowhere', cursor: 'abc', colour: 'red', limit: '5' },
    });
    expectProblem(res, 400, 'VALIDATION.FAILED');
    expect(fieldErrors(res)).toEqual({
      name: 'maxLength',
      owner: 'unknown_field',
      'params.sort': 'isIn',
      'params.order': 'isIn',
      'params.queue': 'isIn',
      'params.cursor': 'unknown_field',
      'params.colour': 'unknown_field',
      'params.limit': 'unknown_field',
    });

    const notText = await hub.post('/api/saved-views', { list: 'requests', name: 'n', params: { status: 3 } });
    expect(fieldErrors(notText)).toEqual({ 'params.status': 'isString' });
    const noList = await hub.post('/api/saved-views', { list: 'everything', name: '', params: [] });
    expect(fieldErrors(noList)).toEqual({ list: 'isIn', name: 'isNotEmpty', params: 'isObject' });
    const blank = await hub.post('/api/saved-views', { list: 'hub', name: '   ', params: {} });
    expect(fieldErrors(blank)).toEqual({ name: 'isNotEmpty' });
    const inbox = await as('fgr@demo.test').post('/api/saved-views', {
      list: 'inbox',
      name: 'n',
      params: { status: 'lost', sort: 'folio', order: 'desc' },
    });
    expect(fieldErrors(inbox)).toEqual({ 'params.status': 'isIn' });
    expectProblem(await hub.get('/api/saved-views?list=attic'), 400, 'VALIDATION.FAILED');
    expectProblem(await hub.get('/api/saved-views?owner=hub2'), 400, 'VALIDATION.FAILED');
  });

  it('answers in Spanish to a Spanish caller, field names unchanged', async () => {
    const es = await ApiClient.login(sys.baseUrl, 'hub2@demo.test', DEMO_PASSWORD, 'es');
    const res = await es.post('/api/saved-views', { list: 'audit', name: 'n', params: { sort: 'nope' } });
    expectProblem(res, 400, 'VALIDATION.FAILED');
    const [error] = res.body.errors as Array<{ field: string; message: string }>;
    expect(error.field).toBe('params.sort');
    expect(error.message).toMatch(/^debe /);
    const notOurs = await es.post('/api/saved-views', { list: 'audit', name: 'n', params: { sort: 'action' } });
    expect((notOurs.body.errors as Array<{ field: string; message: string }>)[0]).toMatchObject({
      field: 'list',
      message: 'es una lista que su rol no tiene',
    });
    expect(res.body.title).toBe('La solicitud tiene campos no válidos.');
  });
});
