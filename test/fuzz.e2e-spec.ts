import fc from 'fast-check';
import { ASSIGNMENT_ACTIONS } from '@ventanilla/domain/assignment-transitions.js';
import { REQUEST_ACTIONS } from '@ventanilla/domain/request-transitions.js';
import type { Role } from '@ventanilla/domain/roles.js';
import { ALL_QUEUES } from '@ventanilla/queue/jobs.js';
import { newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually, type ApiResponse } from '@ventanilla/testing/http-client.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';
import { ResponseContract } from './support/openapi-contract.js';
import { expectProblem, fieldErrors } from './support/problem.js';

jest.setTimeout(240_000);

/** Runs per operation; `FUZZ_RUNS=500` for a longer hunt (the seed of a failure is printed to replay it). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
/** And a time limit per operation, so the suite stays well under a minute whatever the machine. */
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 1_500);

/** What only the server decides: never accepted from a body (DESIGN §8: agency and user come from the session). */
const SERVER_FIELDS = ['requestingAgency', 'status', 'folio', 'createdBy', 'version', 'id', 'createdAt', 'claimedBy'];

/** What a call that reaches no documented operation may answer: the router's 404, the body parser's 400 and 413. */
const OFF_THE_DOCUMENT = /^(ROUTE\.NOT_FOUND|VALIDATION\.MALFORMED_JSON|VALIDATION\.BODY_TOO_LARGE)$/;

/** Far longer than any URL the fuzzer makes, except by stacking its 6,000-character values in a query. */
const LONG_URL = 8_000;

/** Anything internal a response must never show: stack frames, source or install paths. */
const INTERNAL = /\bat .+\.(ts|js|cjs|mjs):\d+|\/work\/|node_modules|\/(src|dist)\/[\w/-]+\.(ts|js)|"stack"/;

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  maxLength?: number;
}
interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  schema?: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
}

/** Text meant to hurt: injection, traversal, control characters, lone surrogates, format strings, huge and empty. */
const hostileText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e\u0000\uffff',
    '\ud800',
    "' OR '1'='1' --",
    '"; DROP TABLE requests; --',
    '../../../../etc/passwd',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '%s%n%x',
    '__proto__',
    'constructor',
    'null',
    'NaN',
    '-1',
    '1e309',
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(6_000),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53 + 1, -0, 1e308, [], {}),
  fc.integer(),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileText, { maxKeys: 3 }),
);

/** A path segment, percent-encoded byte by byte (a lone surrogate goes out as U+FFFD, as any client would send it). */
const pathSegment = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

/** Printable ASCII only: what an HTTP client can put in a header at all. */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});

describe(`hostile input from the OpenAPI document (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  let doc: { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema> } };
  const clients = {} as Record<Role, ApiClient>;
  let anonymous: ApiClient;
  /** Every answer below is checked against the document: declared status, media type and body schema. */
  let contract: ResponseContract;
  /** Real ids to put in paths next to made-up ones, so that fuzzed bodies reach the services. */
  let realIds: string[] = [];
  /** The same, by the collection a path names (`requests`, `users`…), so that answers about real objects come back. */
  let realIdsIn: Record<string, string[]> = {};

  /** Real values for one path parameter: ids of the path's collection, real actions, queues and versions. */
  const realValues = (path: string, param: string): string[] => {
    const segments = path.split('/').filter(Boolean);
    const collection = segments[segments[1] === 'admin' ? 2 : 1];
    const values: Record<string, readonly string[]> = {
      action: collection === 'assignments' ? ASSIGNMENT_ACTIONS : REQUEST_ACTIONS,
      queue: ALL_QUEUES,
      version: ['1'],
      id: realIdsIn[collection] ?? [],
    };
    const found = values[param] ?? [];
    return found.length > 0 ? [...found] : realIds;
  };

  const resolve = (s: Schema | undefined, seen = new Set<string>()): Schema | undefined => {
    if (!s?.$ref) return s;
    const name = s.$ref.split('/').pop()!;
    if (seen.has(name)) return undefined;
    seen.add(name);
    return resolve(doc.components.schemas[name], seen);
  };
  const propertiesOf = (s: Schema | undefined): Record<string, Schema> => {
    const r = resolve(s);
    if (!r) return {};
    const merged: Record<string, Schema> = {};
    for (const part of r.allOf ?? []) Object.assign(merged, propertiesOf(part));
    return Object.assign(merged, r.properties ?? {});
  };

  /** A value the schema allows, roughly: enough to get past validation now and then and reach the service. */
  const conforming = (raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
    const s = resolve(raw) ?? {};
    if (s.enum) return fc.constantFrom(...s.enum);
    if (depth > 3) return fc.constant(null);
    if (s.type === 'array') return fc.array(conforming(s.items, depth + 1), { maxLength: 3 });
    if (s.type === 'object' || s.properties) {
      const props = propertiesOf(s);
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fieldValue(v, depth + 1)])), {
        requiredKeys: [],
      });
    }
    if (s.type === 'integer') return fc.integer({ min: -2, max: 5 });
    if (s.type === 'number') return fc.double({ noNaN: true });
    if (s.type === 'boolean') return fc.boolean();
    if (s.format === 'uuid') return fc.oneof(fc.uuid(), fc.constantFrom(...realIds));
    if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
    return fc.oneof(
      fc.string({ minLength: 1, maxLength: Math.min(s.maxLength ?? 60, 60) }),
      fc.constantFrom('FGR-INT', 'DEA', 'SSPC-SIIP', 'information', 'firearms', 'P1', 'H1', 'en'),
    );
  };
  const fieldValue = (s: Schema, depth = 0) =>
    fc.oneof({ weight: 3, arbitrary: conforming(s, depth) }, { weight: 1, arbitrary: hostileValue });

  const operations = (): Operation[] =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([m, op]) => ({
          method: m.toUpperCase(),
          path,
          parameters: (op.parameters ?? []) as Parameter[],
          // JSON bodies only: a multipart upload's parts are attachments.e2e-spec.ts's to probe.
          body: (op.requestBody?.content?.['application/json'] as { schema?: Schema } | undefined)?.schema,
        })),
    );

  /** Logging out would end the session the rest of the run needs; it has no body or parameters to fuzz. */
  const fuzzable = (op: Operation) => !(op.method === 'POST' && op.path === '/api/auth/logout');

  /**
   * The answer agrees with what the document says of the operation: the status is declared, and so is the
   * media type, and the body matches the declared schema. `path` is the documented path; without it, the one
   * the URL reaches.
   */
  const expectDocumented = (label: string, method: string, url: string, res: ApiResponse, path?: string) => {
    const documented = path ?? contract.operationAt(method, url);
    const mismatches = documented
      ? contract.mismatches(method, documented, res)
      : [`${method} ${url}: no operation in the document`];
    expect([label, mismatches]).toEqual([label, []]);
  };

  /**
   * A role the route lets in (the matrix checks the others): the first whose empty call is not refused. The
   * same call without a session goes first, so that every route's 401 is held to the document as well.
   */
  const callerFor = async (op: Operation): Promise<ApiClient> => {
    const url = op.path.replace(/\{\w+\}/g, realIds[0]);
    const body = op.method === 'GET' ? undefined : {};
    expectDocumented(
      `anonymous: ${op.method} ${url} {}`,
      op.method,
      url,
      await anonymous.send(op.method, url, body),
      op.path,
    );
    for (const role of Object.keys(clients) as Role[]) {
      const res = await clients[role].send(op.method, url, body);
      expectDocumented(`${role}: ${op.method} ${url} {}`, op.method, url, res, op.path);
      if (res.status !== 401 && res.status !== 403) return clients[role];
    }
    return anonymous;
  };

  /** The checks every answer must pass, whatever was sent. */
  const checkAnswer = (label: string, method: string, url: string, res: ApiResponse) => {
    // Node's HTTP parser refuses a request head over its 16 kB limit (431, no body) before the application
    // sees it: several of the longest hostile values in one query string get there. Only a long URL may.
    if (res.status === 431) {
      expect([label, url.length > LONG_URL]).toEqual([label, true]);
      return;
    }
    const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
    expect([label, res.status < 500]).toEqual([label, true]);
    expect([label, INTERNAL.test(text ?? '')]).toEqual([label, false]);
    if (res.status >= 400) expectProblem(res, res.status);
    // A generated id can take the call elsewhere (`..` is resolved, an empty id leaves a trailing slash the
    // router ignores), so the answer is held to the operation the URL reaches. Off the document, only the
    // router's 404 is right, or the body parser's refusal, which comes before routing.
    const reached = contract.operationAt(method, url);
    if (reached) expectDocumented(label, method, url, res, reached);
    else expect([label, res.body?.code]).toEqual([label, expect.stringMatching(OFF_THE_DOCUMENT)]);
  };

  beforeAll(async () => {
    sys = await startTestSystem();
    const roles: Array<[Role, string]> = [
      ['liaison', 'liaison.dea@demo.test'],
      ['hub_coordinator', 'hub@demo.test'],
      ['agency_coordinator', 'fgr@demo.test'],
      ['authorizer', 'gans@demo.test'],
      ['auditor', 'auditor@demo.test'],
      ['admin', 'admin@demo.test'],
    ];
    for (const [role, email] of roles) clients[role] = await ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD);
    anonymous = new ApiClient(sys.baseUrl);
    doc = (await (await fetch(`${sys.baseUrl}/api/docs/openapi.json`)).json()) as typeof doc;
    contract = new ResponseContract(doc);

    // A registered DEA request and a draft, so that ids in paths sometimes name something real.
    const made = await clients.liaison.post('/api/requests', newRequestBody({ title: 'Fuzz target' }));
    const draft = await clients.liaison.post('/api/requests', newRequestBody({ title: 'Fuzz draft', draft: true }));
    await eventually(async () => {
      const r = await clients.hub_coordinator.get(`/api/requests/${made.body.id}`);
      return r.body.status === 'registered';
    });
    const notices = await sys.db.dataSource.query<Array<{ id: string }>>(`SELECT id FROM notifications LIMIT 3`);
    realIds = [made.body.id as string, draft.body.id as string, ...notices.map((n) => n.id)];

    // An endpoint that never delivers (inactive), so that the webhook operations have something to answer about.
    // A public address literal: a name must resolve (to a public address) to be saved.
    const hook = await clients.admin.post('/api/admin/webhooks', {
      agency: 'DEA',
      url: 'https://93.184.215.14/fuzz',
      active: false,
    });
    expectDocumented('webhook', 'POST', '/api/admin/webhooks', hook);
    const ids = async (sql: string, params: unknown[] = []) =>
      (await sys.db.dataSource.query<Array<{ id: string }>>(sql, params)).map((r) => r.id);
    realIdsIn = {
      requests: [made.body.id as string, draft.body.id as string],
      assignments: await ids(`SELECT id FROM assignments ORDER BY created_at LIMIT 3`),
      // The liaison (DEA) is the first caller of the notification routes: its agency's notices are the visible ones.
      notifications: await ids(`SELECT id FROM notifications WHERE recipient_agency = 'DEA' LIMIT 3`),
      // Never the signed-in users: a fuzzed edit or password reset would end the sessions the run needs.
      users: await ids(`SELECT id FROM users WHERE email <> ALL($1) ORDER BY email LIMIT 3`, [
        roles.map(([, email]) => email),
      ]),
      webhooks: [hook.body.id as string],
      'email-contacts': await ids(`SELECT id FROM agency_email_contacts ORDER BY email LIMIT 3`),
      'dead-letters': await ids(`SELECT id FROM dead_letters LIMIT 3`),
    };
  });

  afterAll(async () => {
    // What the document check covered, so a run that reached few operations or statuses shows it.
    if (contract) console.log(contract.summary());
    await sys?.close();
  });

  it('answers every operation, fed generated bodies, query strings, path ids and headers, without a 5xx or a leak', async () => {
    const ops = operations().filter(fuzzable);
    expect(ops.length).toBeGreaterThan(40);
    let sent = 0;
    const failures: string[] = [];
    for (const op of ops) {
      const caller = await callerFor(op);
      const bodyProps = op.body ? propertiesOf(op.body) : {};
      const pathParams = op.path.match(/\{\w+\}/g) ?? [];
      const queryParams = op.parameters.filter((p) => p.in === 'query');

      const input = fc.record({
        ids: fc.tuple(
          ...pathParams.map((p) =>
            fc.oneof(fc.constantFrom(...realValues(op.path, p.slice(1, -1))), fc.uuid(), hostileText),
          ),
        ),
        query: fc.record(
          Object.fromEntries(queryParams.map((p) => [p.name, fc.oneof(conforming(p.schema), hostileText)])),
          { requiredKeys: [] },
        ),
        extraQuery: fc.dictionary(
          fc.oneof(
            fc.constantFrom('a[b]', 'limit[]', '__proto__[x]', 'status', 'requestingAgency'),
            fc.string({ maxLength: 6 }),
          ),
          hostileText,
          { maxKeys: 2 },
        ),
        body: op.body
          ? fc.oneof({ weight: 4, arbitrary: conforming(op.body) }, { weight: 1, arbitrary: hostileValue })
          : fc.constant(undefined),
        extraFields: fc.dictionary(
          fc.oneof(fc.constantFrom(...SERVER_FIELDS), fc.string({ minLength: 1, maxLength: 10 })),
          hostileValue,
          { maxKeys: 2 },
        ),
        headers: fc.record(
          {
            'accept-language': fc.oneof(fc.constantFrom('es', 'en', 'fr', 'es-MX;q=0.9', '*'), headerText),
            'idempotency-key': headerText,
            'x-correlation-id': headerText,
            'x-forwarded-for': fc.oneof(fc.ipV4(), headerText),
            'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain'),
          },
          { requiredKeys: [] },
        ),
      });

      const failure = await fc.check(
        fc.asyncProperty(input, async ({ ids, query, extraQuery, body, extraFields, headers }) => {
          let url = op.path;
          for (const id of ids) url = url.replace(/\{\w+\}/, pathSegment(id));
          const qs = new URLSearchParams();
          for (const [k, v] of Object.entries({ ...query, ...extraQuery })) qs.append(k, String(v));
          if ([...qs].length > 0) url += `?${qs.toString()}`;

          // Keys the schema does not declare (server-owned or made up) ride along on object bodies.
          const unknown = Object.keys(extraFields).filter((k) => !(k in bodyProps));
          const sentBody =
            body !== null && typeof body === 'object' && !Array.isArray(body)
              ? { ...(body as object), ...extraFields }
              : body;
          const smuggled = op.body !== undefined && sentBody === body ? [] : unknown;

          const res = await caller.send(op.method, url, sentBody, headers);
          sent++;
          const label = `${op.method} ${url} ${JSON.stringify(sentBody)?.slice(0, 300)}`;
          checkAnswer(label, op.method, url, res);
          // A field the body does not declare is refused, never silently taken (DESIGN §8).
          if (op.body && smuggled.length > 0 && res.status < 300) {
            throw new Error(`${label}: accepted undeclared field(s) ${smuggled.join(', ')} with ${res.status}`);
          }
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
      );
      // Every operation gets its turn even when one fails; the report names each failure and its seed.
      if (failure.failed) {
        const cause =
          failure.errorInstance instanceof Error ? failure.errorInstance.message : String(failure.errorInstance);
        failures.push(
          `${op.method} ${op.path} (seed ${failure.seed}, path ${failure.counterexamplePath}): ${JSON.stringify(failure.counterexample)}\n${cause.slice(0, 600)}`,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(ops.length);
  });

  it('refuses every server-owned field on create and edit with 400 unknown_field', async () => {
    const dea = clients.liaison;
    const draft = await dea.post('/api/requests', newRequestBody({ title: 'Fields draft', draft: true }));
    const serverOwned: Record<string, unknown> = {
      requestingAgency: 'ATF',
      status: 'registered',
      folio: 'SRE-2026-000001',
      createdBy: draft.body.createdBy ?? '00000000-0000-0000-0000-000000000001',
      version: 7,
      id: '00000000-0000-0000-0000-000000000002',
      escalationLevel: 'L3',
      needsAuthorization: false,
      authorizationGranted: true,
      surpriseRisk: false,
      claimedBy: '00000000-0000-0000-0000-000000000003',
    };
    for (const [field, value] of Object.entries(serverOwned)) {
      const created = await dea.post('/api/requests', newRequestBody({ [field]: value }));
      expectDocumented(field, 'POST', '/api/requests', created);
      expectProblem(created, 400, 'VALIDATION.FAILED');
      expect([field, fieldErrors(created)[field]]).toEqual([field, 'unknown_field']);
      if (field === 'version') continue; // an edit names the version it edits
      const edited = await dea.patch(`/api/requests/${draft.body.id}`, { version: draft.body.version, [field]: value });
      expectDocumented(field, 'PATCH', `/api/requests/${draft.body.id}`, edited);
      expectProblem(edited, 400, 'VALIDATION.FAILED');
      expect([field, fieldErrors(edited)[field]]).toEqual([field, 'unknown_field']);
    }
    const still = await dea.get(`/api/requests/${draft.body.id}`);
    expectDocumented('draft', 'GET', `/api/requests/${draft.body.id}`, still);
    expect(still.body).toMatchObject({ status: 'draft', requestingAgency: 'DEA', version: draft.body.version });
  });

  it('refuses U+0000 in every body field and query parameter with 400 nul_character, before any query runs', async () => {
    let probed = 0;
    for (const op of operations().filter(fuzzable)) {
      const caller = await callerFor(op);
      const url = op.path.replace(/\{\w+\}/g, realIds[0]);
      const cells: Array<[string, () => Promise<ApiResponse>]> = [
        ...op.parameters
          .filter((p) => p.in === 'query')
          .map((p): [string, () => Promise<ApiResponse>] => [
            p.name,
            () => caller.send(op.method, `${url}?${p.name}=a%00b`),
          ]),
        ...Object.keys(op.body ? propertiesOf(op.body) : {}).map((f): [string, () => Promise<ApiResponse>] => [
          f,
          () => caller.send(op.method, url, { [f]: 'a\u0000b' }),
        ]),
      ];
      for (const [field, send] of cells) {
        const res = await send();
        probed++;
        const label = `${op.method} ${op.path} ${field}`;
        expectDocumented(label, op.method, url, res, op.path);
        expect([label, res.status]).toEqual([label, 400]);
        expect([label, fieldErrors(res)[field]]).toEqual([label, 'nul_character']);
      }
    }
    expect(probed).toBeGreaterThan(50);
  });

  it('answers U+0000 in any path parameter without a 5xx', async () => {
    // Found by this fuzzer: POST /api/admin/jobs/registration/%00/retry failed the PostgreSQL queue store's query.
    let probed = 0;
    for (const op of operations().filter(fuzzable)) {
      const params = op.path.match(/\{\w+\}/g) ?? [];
      const caller = await callerFor(op);
      for (let nul = 0; nul < params.length; nul++) {
        let url = op.path;
        params.forEach((p, i) => {
          url = url.replace(
            p,
            i === nul ? pathSegment('a\u0000b') : pathSegment(realValues(op.path, p.slice(1, -1))[0]),
          );
        });
        const res = await caller.send(op.method, url, op.method === 'GET' ? undefined : {});
        checkAnswer(`${op.method} ${url}`, op.method, url, res);
        probed++;
      }
    }
    expect(probed).toBeGreaterThan(20);
  });

  it('refuses an e-mail address with a lone surrogate as invalid (400), not with a 500', async () => {
    // validator.js throws on ill-formed UTF-16; found by this fuzzer (POST /api/auth/login {"email":"\ud800"}).
    const cells: Array<[ApiClient, string, Record<string, unknown>]> = [
      [anonymous, '/api/auth/login', { email: 'a\ud800@demo.test', password: 'x' }],
      [clients.admin, '/api/admin/users', { email: '\ud800', displayName: 'X', role: 'auditor' }],
      [clients.admin, '/api/admin/email-contacts', { agency: 'DEA', email: '\udc00@demo.test' }],
    ];
    for (const [client, url, body] of cells) {
      const res = await client.post(url, body);
      expectProblem(res, 400, 'VALIDATION.FAILED');
      expect([url, fieldErrors(res).email]).toEqual([url, 'isEmail']);
      expectDocumented(url, 'POST', url, res);
    }
  });

  it('refuses a version beyond the integer column (400, or 404 in a path), not with a 500', async () => {
    // Sent to the query, such a number failed it; found by this fuzzer (PATCH /api/admin/email-contacts/{id}).
    const huge = 2 ** 51;
    const cells: Array<[ApiClient, string]> = [
      [clients.admin, `/api/admin/email-contacts/${realIdsIn['email-contacts'][0]}`],
      [clients.admin, `/api/admin/webhooks/${realIdsIn.webhooks[0]}`],
      [clients.admin, `/api/admin/users/${realIdsIn.users[0]}`],
      [clients.liaison, `/api/requests/${realIdsIn.requests[1]}`],
    ];
    for (const [client, url] of cells) {
      const res = await client.patch(url, { version: huge });
      expectProblem(res, 400, 'VALIDATION.FAILED');
      expect([url, fieldErrors(res).version]).toEqual([url, 'max']);
      expectDocumented(url, 'PATCH', url, res);
    }
    const rules = await clients.admin.get(`/api/admin/routing-rules/${huge}`);
    expectProblem(rules, 404, 'ROUTING.RULES_NOT_FOUND');
    expectDocumented('rules', 'GET', `/api/admin/routing-rules/${huge}`, rules);
  });

  it('refuses bodies over 256 kB (413) and deeply nested JSON (400) on every operation that takes a body, early', async () => {
    const ops = operations().filter((op) => op.method !== 'GET' && fuzzable(op));
    const big = JSON.stringify({ title: 'x'.repeat(300 * 1024) });
    const deep = `{"title": ${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    const before = (await sys.db.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM requests`))[0]
      .n;
    for (const op of ops) {
      const caller = await callerFor(op);
      const url = op.path.replace(/\{\w+\}/g, realIds[0]);
      const label = `${op.method} ${op.path}`;
      const tooBig = await caller.sendRaw(op.method, url, big);
      expect([label, tooBig.status]).toEqual([label, 413]);
      expectProblem(tooBig, 413, 'VALIDATION.BODY_TOO_LARGE');
      expectDocumented(label, op.method, url, tooBig, op.path);
      // Refused before anyone is asked who is calling: the body parser stops it even without a session.
      const anonymousTooBig = await anonymous.sendRaw(op.method, url, big);
      expect(anonymousTooBig.status).toBe(413);
      expectDocumented(`anonymous ${label}`, op.method, url, anonymousTooBig, op.path);

      // Operations without a body ignore it; the others refuse it at the shape check.
      const nested = await caller.sendRaw(op.method, url, deep);
      expect([label, nested.status < 500]).toEqual([label, true]);
      if (nested.status >= 400) expectProblem(nested, nested.status);
      expectDocumented(`${label} nested`, op.method, url, nested, op.path);
      if (op.body) expect([label, nested.status]).toEqual([label, 400]);
    }
    const after = (await sys.db.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM requests`))[0].n;
    expect(after).toBe(before);
  });
});
