import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually, type ApiResponse } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { expectProblem, fieldErrors } from './support/problem.js';

// jest.config.cjs sets testTimeout per project, which Jest ignores (it is a global option): set it here.
jest.setTimeout(60_000);

describe(`malformed and hostile input; drafts (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let dea: ApiClient;
  let deaEs: ApiClient;
  let hub: ApiClient;

  beforeAll(async () => {
    sys = await startTestSystem();
    [dea, deaEs, hub] = await Promise.all([
      ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD),
      ApiClient.login(sys.baseUrl, 'liaison.dea@demo.test', DEMO_PASSWORD, 'es'),
      ApiClient.login(sys.baseUrl, 'hub@demo.test', DEMO_PASSWORD),
    ]);
  });

  afterAll(async () => {
    await sys?.close();
  });

  const requestCount = async (): Promise<number> => {
    const [{ n }] = (await sys.db.dataSource.query(`SELECT count(*)::int AS n FROM requests`)) as Array<{ n: number }>;
    return n;
  };

  /** A refused create: 400 problem+json, and nothing was stored. */
  const refused = async (send: () => Promise<ApiResponse>, code = 'VALIDATION.FAILED'): Promise<ApiResponse> => {
    const before = await requestCount();
    const res = await send();
    expectProblem(res, 400, code);
    expect(await requestCount()).toBe(before);
    return res;
  };

  describe('bodies that are not a request', () => {
    it.each([
      ['truncated JSON', '{"title": "x",'],
      ['single quotes', "{'title': 'x'}"],
      ['trailing garbage', '{"title": "x"} trailing'],
      ['a JSON number', '42'],
      ['a JSON string', '"a request"'],
      ['JSON null', 'null'],
    ])('refuses %s with 400 VALIDATION.MALFORMED_JSON', async (_, text) => {
      const res = await refused(() => dea.sendRaw('POST', '/api/requests', text), 'VALIDATION.MALFORMED_JSON');
      expect(res.body).not.toHaveProperty('errors');
    });

    it('treats an empty body as an empty request, with every required field missing', async () => {
      const res = await refused(() => dea.sendRaw('POST', '/api/requests', ''));
      expect(Object.values(fieldErrors(res))).toEqual(Array(7).fill('required'));
    });

    it('names malformed JSON as such, in Spanish too', async () => {
      const en = await refused(() => dea.sendRaw('POST', '/api/requests', '{"title": '), 'VALIDATION.MALFORMED_JSON');
      expect(en.body.title).toBe('The body is not valid JSON.');
      const es = await refused(() => deaEs.sendRaw('POST', '/api/requests', '{"title": '), 'VALIDATION.MALFORMED_JSON');
      expect(es.body.title).toBe('El cuerpo no es JSON válido.');
    });

    it('refuses a JSON array as the body', async () => {
      await refused(() => dea.post('/api/requests', [newRequestBody()]));
      await refused(() => dea.post('/api/requests', []));
    });
  });

  describe('every field problem in one answer', () => {
    const past = (ms: number) => new Date(Date.now() - ms).toISOString();
    const future = (ms: number) => new Date(Date.now() + ms).toISOString();

    it('names shape, reference-code and completeness problems together', async () => {
      const res = await refused(() => dea.post('/api/requests', { type: 'nonsense', topics: 'fentanyl', title: '' }));
      expect(fieldErrors(res)).toEqual({
        type: 'unknown_code',
        topics: 'isArray',
        title: 'isNotEmpty',
        summary: 'required',
        language: 'required',
        classification: 'required',
        handlingCode: 'required',
      });
    });

    it.each([
      [
        'an unknown type with a malformed date',
        { type: 'nonsense', neededBy: 'tomorrow' },
        { type: 'unknown_code', neededBy: 'isIso8601' },
      ],
      [
        'unknown topics with an unknown field',
        { topics: ['firearms', 'nope'], colour: 'red' },
        { 'topics[1]': 'unknown_code', colour: 'unknown_field' },
      ],
      [
        'a bad subject with an unknown type',
        { type: 'x', subjects: [{ kind: 'alien', name: '' }] },
        { type: 'unknown_code', 'subjects[0].kind': 'isIn', 'subjects[0].name': 'isNotEmpty' },
      ],
    ])('in drafts too: %s', async (_, body, expected) => {
      const res = await refused(() => dea.post('/api/requests', { draft: true, ...body }));
      expect(fieldErrors(res)).toEqual(expected);
    });

    it('checks a draft edit in one round as well', async () => {
      const draft = await dea.post('/api/requests', newRequestBody({ draft: true }));
      expect(draft.status).toBe(201);
      const res = await dea.patch(`/api/requests/${draft.body.id}`, {
        version: draft.body.version,
        type: 'nonsense',
        title: 12,
      });
      expectProblem(res, 400, 'VALIDATION.FAILED');
      expect(fieldErrors(res)).toEqual({ type: 'unknown_code', title: 'isString' });
    });

    it('refuses a neededBy or proposedActionAt in the past on submission, naming each, in both languages', async () => {
      const body = newRequestBody({
        type: 'coordinated_operation',
        neededBy: past(3_600_000),
        proposedActionAt: past(86_400_000),
        actionKind: 'operation',
      });
      const en = await refused(() => dea.post('/api/requests', body));
      expect(fieldErrors(en)).toEqual({ neededBy: 'future_required', proposedActionAt: 'future_required' });
      expect(en.body.errors[0].message).toBe('must be in the future');
      const es = await refused(() => deaEs.post('/api/requests', body));
      expect(es.body.errors.map((e: { message: string }) => e.message)).toEqual([
        'debe ser una fecha futura',
        'debe ser una fecha futura',
      ]);
      // A draft may hold them; submitting it is refused the same way.
      const draft = await dea.post('/api/requests', { ...body, draft: true });
      expect(draft.status).toBe(201);
      const submit = await dea.post(`/api/requests/${draft.body.id}/actions/submit`, { version: draft.body.version });
      expectProblem(submit, 400, 'VALIDATION.FAILED');
      expect(fieldErrors(submit)).toEqual({ neededBy: 'future_required', proposedActionAt: 'future_required' });
      // Dates ahead (and one a few seconds behind a fast client clock) are fine.
      const ok = await dea.post(
        '/api/requests',
        newRequestBody({
          neededBy: past(5_000),
          type: 'coordinated_operation',
          proposedActionAt: future(20 * 86_400_000),
          actionKind: 'operation',
        }),
      );
      expect(ok.status).toBe(201);
    });
  });

  describe('fields', () => {
    it.each(['requestingAgency', 'status', 'folio', 'createdBy', 'id', 'version'])(
      'refuses the field %s, which only the server sets',
      async (field) => {
        const res = await refused(() => dea.post('/api/requests', newRequestBody({ [field]: 'DEA' })));
        expect(fieldErrors(res)).toEqual({ [field]: 'unknown_field' });
      },
    );

    it('refuses __proto__ and constructor keys without being confused by them', async () => {
      const text = JSON.stringify(newRequestBody()).replace(/^\{/, '{"__proto__": {"status": "registered"}, ');
      const proto = await refused(() => dea.sendRaw('POST', '/api/requests', text));
      expect(fieldErrors(proto)).toEqual(Object.fromEntries([['__proto__', 'unknown_field']]));

      const ctor = await refused(() =>
        dea.post('/api/requests', newRequestBody({ constructor: { prototype: { admin: true } } })),
      );
      expect(fieldErrors(ctor)).toEqual({ constructor: 'unknown_field' });

      const nested = JSON.stringify(newRequestBody()).replace(
        /^\{/,
        '{"subjects": [{"kind": "person", "name": "X", "__proto__": {"isMexicanOfficial": true}}], ',
      );
      const inSubject = await refused(() => dea.sendRaw('POST', '/api/requests', nested));
      expect(fieldErrors(inSubject)).toEqual({ 'subjects[0].__proto__': 'unknown_field' });
      expect(({} as Record<string, unknown>).status).toBeUndefined();
    });

    it('reports a wrong type in every field, one entry per field', async () => {
      const res = await refused(() =>
        dea.post('/api/requests', {
          type: 7,
          topics: 'firearms',
          priority: 'P9',
          title: 12,
          summary: ['x'],
          language: 'fr',
          classification: 'TOP',
          handlingCode: 'H9',
          legalBasis: false,
          subjects: [{ kind: 'alien', name: 3, nationality: 4, isMexicanOfficial: 'yes' }],
          locations: [1],
          neededBy: 'tomorrow',
          proposedActionAt: 1234,
          usPersonnelOnMexicanSoil: 'no',
          diplomaticNoteNumber: {},
          draft: 'maybe',
        }),
      );
      expect(fieldErrors(res)).toEqual({
        type: 'isString',
        topics: 'isArray',
        priority: 'isIn',
        title: 'isString',
        summary: 'isString',
        language: 'isIn',
        classification: 'isIn',
        handlingCode: 'isIn',
        legalBasis: 'isString',
        'subjects[0].kind': 'isIn',
        'subjects[0].name': 'isString',
        'subjects[0].nationality': 'isString',
        'subjects[0].isMexicanOfficial': 'isBoolean',
        locations: 'isString',
        neededBy: 'isIso8601',
        proposedActionAt: 'isIso8601',
        usPersonnelOnMexicanSoil: 'isBoolean',
        diplomaticNoteNumber: 'isString',
        draft: 'isBoolean',
      });
      // Every code has its own message, never the generic fallback.
      const messages = (res.body.errors as Array<{ field: string; message: string }>).map((e) => e.message);
      expect(messages).not.toContain('is not valid');
      expect(res.body.errors).toContainEqual(
        expect.objectContaining({ field: 'neededBy', message: 'must be an ISO-8601 date and time' }),
      );
    });

    it('refuses subjects that are not objects', async () => {
      const res = await refused(() => dea.post('/api/requests', newRequestBody({ subjects: ['Joe', 5, null] })));
      expect(Object.keys(fieldErrors(res)).sort()).toEqual(['subjects[0]', 'subjects[1]', 'subjects[2]']);
    });

    it('refuses a title over 200 characters, naming the limit', async () => {
      const res = await refused(() => dea.post('/api/requests', newRequestBody({ title: 'x'.repeat(201) })));
      expect(res.body.errors).toEqual([
        { field: 'title', code: 'maxLength', params: { max: 200 }, message: 'must be at most 200 characters' },
      ]);
      const es = await refused(() => deaEs.post('/api/requests', newRequestBody({ title: 'x'.repeat(201) })));
      expect(es.body.errors[0].message).toBe('debe tener como máximo 200 caracteres');
      expect((await dea.post('/api/requests', newRequestBody({ title: 'x'.repeat(200) }))).status).toBe(201);
    });

    it('refuses an unknown request type or topic code', async () => {
      const res = await refused(() =>
        dea.post('/api/requests', newRequestBody({ type: 'wiretap', topics: ['firearms', 'piracy'] })),
      );
      expect(fieldErrors(res)).toEqual({ type: 'unknown_code', 'topics[1]': 'unknown_code' });
      expect(res.body.errors.find((e: { field: string }) => e.field === 'type').message).toBe(
        'is not a known code: wiretap',
      );
    });

    it('lists every missing required field of a submission', async () => {
      const res = await refused(() => dea.post('/api/requests', {}));
      expect(fieldErrors(res)).toEqual({
        type: 'required',
        topics: 'required',
        title: 'required',
        summary: 'required',
        language: 'required',
        classification: 'required',
        handlingCode: 'required',
      });
      const some = await refused(() =>
        dea.post('/api/requests', newRequestBody({ summary: undefined, topics: [], handlingCode: undefined })),
      );
      expect(fieldErrors(some)).toEqual({ topics: 'required', summary: 'required', handlingCode: 'required' });
    });

    it('requires proposedActionAt and actionKind for a notice type (advance_notice)', async () => {
      const res = await refused(() =>
        dea.post('/api/requests', newRequestBody({ type: 'advance_notice', topics: ['corruption'] })),
      );
      expect(fieldErrors(res)).toEqual({ proposedActionAt: 'required_for_type', actionKind: 'required_for_type' });
      expect(res.body.errors[0].message).toBe('is required for this request type');
      const withDate = await dea.post(
        '/api/requests',
        newRequestBody({
          type: 'advance_notice',
          topics: ['corruption'],
          proposedActionAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          actionKind: 'planned',
        }),
      );
      expect(withDate.status).toBe(201);
    });

    it('answers in Spanish with Accept-Language: es; codes and field names stay the same', async () => {
      const res = await refused(() =>
        deaEs.post('/api/requests', newRequestBody({ type: 'advance_notice', topics: ['corruption'], title: 5 })),
      );
      expect(res.body.title).toBe('La solicitud tiene campos no válidos.');
      expect(res.body.errors).toEqual([
        { field: 'title', code: 'isString', params: {}, message: 'debe ser texto' },
        // Checked in the same round as the shape: advance notices need these.
        { field: 'proposedActionAt', code: 'required_for_type', message: 'es obligatorio para este tipo de solicitud' },
        { field: 'actionKind', code: 'required_for_type', message: 'es obligatorio para este tipo de solicitud' },
      ]);
      const missing = await refused(() => deaEs.post('/api/requests', newRequestBody({ type: 'advance_notice' })));
      expect(missing.body.errors).toEqual([
        {
          field: 'proposedActionAt',
          code: 'required_for_type',
          message: 'es obligatorio para este tipo de solicitud',
        },
        { field: 'actionKind', code: 'required_for_type', message: 'es obligatorio para este tipo de solicitud' },
      ]);
    });
  });

  describe('limits and addresses', () => {
    it('refuses a body over 256 kB with 413', async () => {
      const before = await requestCount();
      const res = await dea.post('/api/requests', newRequestBody({ summary: 'x'.repeat(300 * 1024) }));
      expectProblem(res, 413, 'VALIDATION.BODY_TOO_LARGE');
      expect(await requestCount()).toBe(before);
    });

    it('survives JSON nested 10,000 levels deep with a 4xx', async () => {
      const deep = '['.repeat(10_000) + ']'.repeat(10_000);
      const inSubjects = JSON.stringify(newRequestBody()).replace(
        /^\{/,
        `{"subjects": [{"kind": "person", "name": "X", "extra": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}], `,
      );
      for (const text of [
        inSubjects,
        JSON.stringify(newRequestBody()).replace(/^\{/, `{"subjects": ${deep}, `),
        JSON.stringify(newRequestBody()).replace(/^\{/, `{"locations": ${deep}, `),
        `{"title": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
        deep,
      ]) {
        const res = await dea.sendRaw('POST', '/api/requests', text);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expectProblem(res, res.status);
      }
      expect((await dea.get('/api/auth/me')).status).toBe(200);
    });

    it('refuses over-long lists with one short answer, however many items are wrong', async () => {
      const huge = await refused(() =>
        dea.post('/api/requests', newRequestBody({ subjects: Array.from({ length: 20_000 }, () => ({ kind: 'x' })) })),
      );
      expect(fieldErrors(huge)).toEqual({ subjects: 'arrayMaxSize' });
      expect(JSON.stringify(huge.body).length).toBeLessThan(2_000);

      const subjects = Array.from({ length: 51 }, (_, i) => ({ kind: 'person', name: `Person ${i}` }));
      const res = await refused(() => dea.post('/api/requests', newRequestBody({ subjects })));
      expect(res.body.errors).toEqual([
        { field: 'subjects', code: 'arrayMaxSize', params: { max: 50 }, message: 'must have at most 50 items' },
      ]);
    });

    it('refuses an invalid cursor and a limit outside 1..200', async () => {
      for (const cursor of ['not-a-cursor', Buffer.from('["yesterday", "x"]').toString('base64url'), '%00']) {
        const res = await dea.get(`/api/requests?cursor=${encodeURIComponent(cursor)}`);
        expectProblem(res, 400, 'VALIDATION.FAILED');
        expect(fieldErrors(res)).toEqual({ cursor: 'invalid' });
      }
      for (const limit of ['0', '201', '-1', 'ten', '1.5']) {
        const res = await dea.get(`/api/requests?limit=${limit}`);
        expectProblem(res, 400, 'VALIDATION.FAILED');
        expect(Object.keys(fieldErrors(res))).toEqual(['limit']);
      }
      expect((await dea.get('/api/requests?limit=200')).status).toBe(200);
      expect((await dea.get('/api/requests?limit=1')).body.items).toHaveLength(1);
    });

    it('refuses unknown query parameters and filter values', async () => {
      expect(fieldErrors(await dea.get('/api/requests?requestingAgency=ATF'))).toEqual({
        requestingAgency: 'unknown_field',
      });
      expect(fieldErrors(await dea.get('/api/requests?status=lost'))).toEqual({ status: 'isIn' });
    });

    it('refuses a backwards or empty date range on every list that takes one, naming `to`, in Spanish too', async () => {
      const [auditor, auditorEs] = await Promise.all([
        ApiClient.login(sys.baseUrl, 'auditor@demo.test', DEMO_PASSWORD),
        ApiClient.login(sys.baseUrl, 'auditor@demo.test', DEMO_PASSWORD, 'es'),
      ]);
      const later = '2026-03-01T00:00:00Z';
      const earlier = '2026-02-01T00:00:00Z';
      const lists = [
        '/api/requests',
        '/api/requests?q=extradicion',
        '/api/requests/authorization-decisions',
        '/api/audit/events',
        '/api/audit/export',
        '/api/reports/overview',
        '/api/reports/no-surprises',
      ];
      for (const list of lists) {
        const join = list.includes('?') ? '&' : '?';
        for (const [from, to] of [
          [later, earlier],
          [later, later],
        ]) {
          const res = await auditor.get(`${list}${join}from=${from}&to=${to}`);
          expectProblem(res, 400, 'VALIDATION.FAILED');
          expect({ list, errors: fieldErrors(res) }).toEqual({ list, errors: { to: 'after_from' } });
        }
        // A malformed end is named for what it is, not as a backwards range.
        const malformed = await auditor.get(`${list}${join}from=yesterday&to=${earlier}`);
        expect({ list, errors: fieldErrors(malformed) }).toEqual({ list, errors: { from: 'isIso8601' } });
        const es = await auditorEs.get(`${list}${join}from=${later}&to=${earlier}`);
        expect(es.body.errors).toEqual([
          expect.objectContaining({ field: 'to', message: 'debe ser posterior a from' }),
        ]);
        expect((await auditor.get(`${list}${join}from=${earlier}&to=${later}`)).status).toBe(200);
      }
    });

    it('answers 404 REQUEST.UNKNOWN_ACTION to an unknown action name', async () => {
      const created = await dea.post('/api/requests', newRequestBody({ title: 'Action target' }));
      for (const action of ['approve', 'delete', '__proto__', 'SUBMIT']) {
        const res = await dea.post(`/api/requests/${created.body.id}/actions/${action}`, { version: 1 });
        expectProblem(res, 404, 'REQUEST.UNKNOWN_ACTION');
      }
    });

    it('answers 404 to an id that is not a UUID', async () => {
      for (const id of ['42', 'not-a-uuid', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g']) {
        const path = `/api/requests/${encodeURIComponent(id)}`;
        expectProblem(await dea.get(path), 404, 'REQUEST.NOT_FOUND');
        expectProblem(await dea.get(`${path}/timeline`), 404, 'REQUEST.NOT_FOUND');
        expectProblem(await dea.post(`${path}/actions/withdraw`, { version: 1, reason: 'x' }), 404);
        expectProblem(await dea.patch(path, { version: 1, title: 'x' }), 404, 'REQUEST.NOT_FOUND');
      }
      expectProblem(await dea.get('/api/requests/00000000-0000-0000-0000-000000000000'), 404, 'REQUEST.NOT_FOUND');
    });

    it('answers 404 ROUTE.NOT_FOUND to an unknown endpoint or method', async () => {
      expectProblem(await dea.get('/api/nope'), 404, 'ROUTE.NOT_FOUND');
      expectProblem(
        await dea.send('DELETE', '/api/requests/00000000-0000-0000-0000-000000000000'),
        404,
        'ROUTE.NOT_FOUND',
      );
    });

    it('validates action bodies', async () => {
      const created = await dea.post('/api/requests', newRequestBody({ title: 'Action body' }));
      const path = `/api/requests/${created.body.id}/actions/withdraw`;
      expect(fieldErrors(await dea.post(path, { reason: 'x' }))).toEqual({ version: 'required' });
      expect(fieldErrors(await dea.post(path, { version: '1', reason: 'x' }))).toEqual({ version: 'isInt' });
      expect(fieldErrors(await dea.post(path, { version: 1, reason: 'x', folio: 'F' }))).toEqual({
        folio: 'unknown_field',
      });
    });
  });

  describe('drafts', () => {
    it('saves, edits, guards and finally submits a draft, which the worker registers', async () => {
      const created = await dea.post('/api/requests', { draft: true, title: 'Half-written' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'draft', version: 1, title: 'Half-written', folio: null });
      const id = created.body.id as string;

      // The hub does not see drafts.
      expectProblem(await hub.get(`/api/requests/${id}`), 404, 'REQUEST.NOT_FOUND');
      expect((await hub.get('/api/requests?limit=200')).body.items.map((r: { id: string }) => r.id)).not.toContain(id);

      const edited = await dea.patch(`/api/requests/${id}`, { version: 1, summary: 'Fictitious: a summary.' });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ status: 'draft', version: 2, title: 'Half-written' });
      expect(edited.body.summary).toBe('Fictitious: a summary.');

      const stale = await dea.patch(`/api/requests/${id}`, { version: 1, title: 'Lost update' });
      expectProblem(stale, 409, 'REQUEST.VERSION_CONFLICT');
      expect(stale.body.current).toMatchObject({ id, version: 2, title: 'Half-written' });
      expect(stale.body.title).toContain('version 2');

      const badEdit = await dea.patch(`/api/requests/${id}`, { version: 2, type: 'wiretap', status: 'submitted' });
      expect(fieldErrors(badEdit)).toEqual({ status: 'unknown_field', type: 'unknown_code' });
      const badCode = await dea.patch(`/api/requests/${id}`, { version: 2, type: 'wiretap' });
      expect(fieldErrors(badCode)).toEqual({ type: 'unknown_code' });

      const early = await dea.post(`/api/requests/${id}/actions/submit`, { version: 2 });
      expectProblem(early, 400, 'VALIDATION.FAILED');
      expect(fieldErrors(early)).toEqual({
        type: 'required',
        topics: 'required',
        language: 'required',
        classification: 'required',
        handlingCode: 'required',
      });
      expect((await dea.get(`/api/requests/${id}`)).body).toMatchObject({ status: 'draft', version: 2 });

      const { title: _t, summary: _s, ...rest } = newRequestBody();
      const completed = await dea.patch(`/api/requests/${id}`, { version: 2, ...rest });
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({ status: 'draft', version: 3, type: 'information', topics: ['firearms'] });

      const submitted = await dea.post(`/api/requests/${id}/actions/submit`, { version: 3 });
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({ status: 'submitted', version: 4 });
      const registered = await eventually(async () => {
        const r = await dea.get(`/api/requests/${id}`);
        return r.body.status === 'registered' ? r.body : null;
      });
      expect(registered.folio).toMatch(/^SSAN-\d{4}-\d{6}$/);
      expect((await hub.get(`/api/requests/${id}`)).status).toBe(200);

      // No longer a draft: edits are refused with the current request.
      const late = await dea.patch(`/api/requests/${id}`, { version: registered.version, title: 'Too late' });
      expectProblem(late, 409, 'REQUEST.NOT_A_DRAFT');
      expect(late.body.current.status).toBe('registered');
    });

    it("refuses edits to another agency's draft with 404", async () => {
      const atf = await ApiClient.login(sys.baseUrl, 'liaison.atf@demo.test', DEMO_PASSWORD);
      const created = await dea.post('/api/requests', { draft: true, title: 'DEA draft' });
      expectProblem(await atf.patch(`/api/requests/${created.body.id}`, { version: 1, title: 'x' }), 404);
      expectProblem(await atf.post(`/api/requests/${created.body.id}/actions/submit`, { version: 1 }), 404);
      expect((await dea.get(`/api/requests/${created.body.id}`)).body).toMatchObject({
        title: 'DEA draft',
        version: 1,
      });
    });
  });
});
