import { randomUUID } from 'node:crypto';
import type { Role } from '@ventanilla/domain/roles.js';
import { createUser, newRequestBody } from '@ventanilla/testing/factories.js';
import { ApiClient, eventually, type ApiResponse } from '@ventanilla/testing/http-client.js';
import { inBatches, Journeys, type RequestStage } from '@ventanilla/testing/journeys.js';
import {
  DEMO_PASSWORD,
  startTestSystem,
  TEST_QUEUE_BACKEND,
  type TestSystem,
} from '@ventanilla/testing/test-system.js';

jest.setTimeout(180_000);

/**
 * The authorization matrix (issue 7): every operation of the OpenAPI document × every role × objects of the
 * caller's own agency and of another, compared with what DESIGN §1 and the README's "API in brief" say.
 *
 * The EXPECTED table below is written from those documents, not from the controllers: a route that opens to
 * more (or fewer) roles than documented shows up as a mismatch. Every operation of the document must have a
 * row, so a new endpoint cannot slip in unclassified.
 *
 * Probes are chosen so that nothing the matrix later looks at changes (decided here, since a real action would
 * move an object out of the state the next cell needs):
 * - lifecycle actions are not probed here but in their own test (the last one), where every cell has an object in
 *   a status that allows the action, so that allowed means 2xx and refused means 401/403/404;
 * - creations (`POST /api/requests`, users, webhooks, contacts, rule sets) carry an empty body, which passes the
 *   role gate and stops at validation (400);
 * - ids that need not exist (jobs, dead letters, webhooks, relayed clarifications) are random: an allowed
 *   caller may get 404, a refused one must get 401/403;
 * - logout ends a fresh session of each role, a password reset hits a throw-away account, and reading or
 *   acknowledging a notice only changes its flags, which no cell depends on.
 */
type Caller = Role | 'anonymous';
const ROLES: Role[] = ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor', 'admin'];
const CALLERS: Caller[] = [...ROLES, 'anonymous'];
const EMAIL: Record<Role, string> = {
  liaison: 'liaison.dea@demo.test',
  hub_coordinator: 'hub@demo.test',
  agency_coordinator: 'fgr@demo.test',
  authorizer: 'gans@demo.test',
  auditor: 'auditor@demo.test',
  admin: 'admin@demo.test',
};
/** The agency each caller speaks for (DESIGN §1; the demo users of the README). */
const AGENCY: Record<Role, string | null> = {
  liaison: 'DEA',
  hub_coordinator: 'SRE-SSAN',
  agency_coordinator: 'FGR-INT',
  authorizer: 'GANS',
  auditor: null,
  admin: null,
};

interface RequestFacts {
  kind: 'request';
  label: string;
  id: string;
  agency: string;
  draft: boolean;
  needsAuthorization: boolean;
  /** Agencies holding a live or answered assignment. */
  assigned: string[];
}
interface AssignmentFacts {
  kind: 'assignment';
  label: string;
  id: string;
  agency: string;
}
interface NotificationFacts {
  kind: 'notification';
  label: string;
  id: string;
  agency: string;
}
type Target = RequestFacts | AssignmentFacts | NotificationFacts;

/** Need-to-know as DESIGN §1 and the README describe it, per kind of object. */
function sees(role: Role, t: Target, opts: { auditorReads?: boolean } = {}): boolean {
  const agency = AGENCY[role];
  if (t.kind === 'request') {
    switch (role) {
      case 'liaison':
        return t.agency === agency;
      case 'hub_coordinator':
        return !t.draft;
      case 'agency_coordinator':
        return t.assigned.includes(agency!);
      case 'authorizer':
        return !t.draft && t.needsAuthorization;
      case 'auditor':
        return true;
      case 'admin':
        return false;
    }
  }
  if (t.kind === 'assignment') {
    return role === 'hub_coordinator' || role === 'auditor' || (role === 'agency_coordinator' && t.agency === agency);
  }
  // Notices: the recipient agency's users; auditors may open (never act on) one.
  if (role === 'auditor') return opts.auditorReads === true;
  return agency !== null && t.agency === agency;
}

type Who = 'public' | 'signed_in' | Role[];
interface Rule {
  who: Who;
  /** The kind of object `{id}` names; its cells are probed with every object of that kind. */
  object?: Target['kind'];
  /** The probed id need not exist: an allowed caller may get 404 (only the gates are checked). */
  mayBeMissing?: boolean;
  /** Auditors may read the object (notices). */
  auditorReads?: boolean;
  body?: unknown;
  /** Lifecycle actions: which roles may take each; the others are refused (403, or 404 out of scope). */
  actions?: Record<string, Role[]>;
}

const HUB: Role[] = ['hub_coordinator'];
const probeBody = { version: 999_999, reason: 'Authorization matrix probe.' };

/** DESIGN §1 and §8 and the README's "API in brief" and "Routing and answering", as a table. */
const EXPECTED: Record<string, Rule> = {
  'GET /health/live': { who: 'public' },
  'GET /health/ready': { who: 'public' },
  'GET /metrics': { who: 'public' },
  'GET /api/audit/public-key': { who: 'public' },
  'POST /api/auth/login': { who: 'public', body: {} },
  'POST /api/auth/logout': { who: 'signed_in' },
  'GET /api/auth/me': { who: 'signed_in' },
  'PATCH /api/auth/me': { who: 'signed_in', body: {} },
  'POST /api/auth/password': { who: 'signed_in', body: {} },
  'GET /api/reference/agencies': { who: 'signed_in' },
  'GET /api/reference/request-types': { who: 'signed_in' },
  'GET /api/reference/topics': { who: 'signed_in' },

  'GET /api/requests': { who: ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'] },
  'POST /api/requests': { who: ['liaison'], body: {} },
  'GET /api/requests/queues': { who: ['hub_coordinator', 'auditor'] },
  'GET /api/home': { who: 'signed_in' },
  'GET /api/requests/authorization-decisions': { who: ['authorizer', 'auditor'] },
  'GET /api/requests/{id}': {
    who: ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'],
    object: 'request',
  },
  'GET /api/requests/{id}/timeline': {
    who: ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'],
    object: 'request',
  },
  'PATCH /api/requests/{id}': { who: ['liaison'], object: 'request', body: { version: 999_999, title: 'Probe' } },
  // Agency coordinators act on assignments, not requests: every request action is refused to them.
  'POST /api/requests/{id}/actions/{action}': {
    who: ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer'],
    object: 'request',
    body: probeBody,
    actions: {
      submit: ['liaison'],
      withdraw: ['liaison'],
      answer_clarification: ['liaison'],
      claim: HUB,
      request_clarification: HUB,
      reject: HUB,
      request_authorization: HUB,
      route: HUB,
      reroute: HUB,
      release_response: HUB,
      authorize: ['authorizer'],
      deny: ['authorizer'],
      close: ['liaison', 'hub_coordinator'],
      hand_over: HUB,
    },
  },
  'GET /api/hub/colleagues': { who: HUB },
  // Saved views are every user's own (test/saved-views.e2e-spec.ts: another user's is 404); ids here are random.
  'GET /api/saved-views': { who: 'signed_in' },
  'POST /api/saved-views': { who: 'signed_in', body: {} },
  'GET /api/saved-views/{id}': { who: 'signed_in', mayBeMissing: true },
  'DELETE /api/saved-views/{id}': { who: 'signed_in', mayBeMissing: true },
  'GET /api/requests/{id}/routing-proposal': {
    who: ['hub_coordinator', 'authorizer', 'auditor'],
    object: 'request',
    mayBeMissing: true,
  },
  // NS-1: the requester never sees assignments; agencies see the request's assignments only when routed to them.
  'GET /api/requests/{id}/assignments': {
    who: ['hub_coordinator', 'agency_coordinator', 'auditor'],
    object: 'request',
  },
  'POST /api/requests/{id}/clarifications/{clarificationId}/answer': {
    who: ['liaison'],
    object: 'request',
    mayBeMissing: true,
    body: { answer: 'Authorization matrix probe.' },
  },
  'GET /api/requests/{id}/notices': { who: ['hub_coordinator', 'auditor'], object: 'request' },
  'POST /api/requests/{id}/notices': {
    who: ['hub_coordinator'],
    object: 'request',
    body: { recipientAgency: 'FGR-INT', kind: 'other', text: 'Authorization matrix probe.' },
  },
  'GET /api/requests/{id}/post-action-report': {
    who: ['liaison', 'hub_coordinator', 'authorizer', 'auditor'],
    object: 'request',
    mayBeMissing: true,
  },
  'POST /api/requests/{id}/post-action-report': {
    who: ['liaison'],
    object: 'request',
    body: { text: 'Authorization matrix probe.' },
  },

  // Files: the request's list is scoped like the request itself; a file's own routes name random ids here (the
  // need-to-know of each kind of file is test/attachments.e2e-spec.ts's).
  'POST /api/requests/{id}/attachments': {
    who: ['liaison', 'hub_coordinator', 'agency_coordinator'],
    object: 'request',
    body: {},
  },
  'GET /api/requests/{id}/attachments': {
    who: ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'],
    object: 'request',
  },
  'GET /api/attachments/{id}': {
    who: ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'],
    mayBeMissing: true,
  },
  'GET /api/attachments/{id}/content': {
    who: ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'],
    mayBeMissing: true,
  },
  'DELETE /api/attachments/{id}': { who: ['liaison'], mayBeMissing: true },
  'POST /api/attachments/{id}/withdraw': {
    who: ['liaison', 'hub_coordinator', 'agency_coordinator'],
    mayBeMissing: true,
    body: { reason: 'Matrix probe.' },
  },

  'POST /api/requests/{id}/translations': {
    who: ['hub_coordinator'],
    object: 'request',
    body: { of: { kind: 'request', id: '00000000-0000-4000-8000-000000000000' }, language: 'es', text: 'Probe' },
  },
  'GET /api/requests/{id}/translations': {
    who: ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'],
    object: 'request',
  },
  'GET /api/requests/{id}/record.pdf': {
    who: ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'],
    object: 'request',
  },
  // The reply is for the requester, the hub and auditors; before release it is nobody's (documents.e2e-spec.ts).
  'GET /api/requests/{id}/reply.pdf': {
    who: ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'],
    object: 'request',
    mayBeMissing: true,
  },

  'GET /api/assignments/counts': { who: ['agency_coordinator', 'hub_coordinator', 'auditor'] },
  'GET /api/assignments': { who: ['hub_coordinator', 'agency_coordinator', 'auditor'] },
  'GET /api/assignments/{id}': { who: ['hub_coordinator', 'agency_coordinator', 'auditor'], object: 'assignment' },
  'POST /api/assignments/{id}/actions/{action}': {
    who: ['hub_coordinator', 'agency_coordinator'],
    object: 'assignment',
    body: probeBody,
    actions: {
      accept: ['agency_coordinator'],
      decline: ['agency_coordinator'],
      request_clarification: ['agency_coordinator'],
      respond: ['agency_coordinator'],
      answer_clarification: HUB,
    },
  },
  'POST /api/assignments/{id}/relay-clarification': { who: HUB, object: 'assignment', body: {} },

  'GET /api/notifications': { who: 'signed_in' },
  'GET /api/notifications/summary': { who: 'signed_in' },
  // A notice is the recipient agency's: anyone else (admins, and auditors when acting) is out of its scope.
  'GET /api/notifications/{id}': { who: 'signed_in', object: 'notification', auditorReads: true },
  'POST /api/notifications/{id}/read': { who: 'signed_in', object: 'notification' },
  'POST /api/notifications/{id}/ack': { who: 'signed_in', object: 'notification' },

  'GET /api/reports/no-surprises': { who: ['hub_coordinator', 'auditor'] },
  'GET /api/reports/overview': { who: ['auditor'] },
  'GET /api/audit/events': { who: ['auditor'] },
  'GET /api/audit/verify': { who: ['auditor'] },
  'GET /api/audit/checkpoints': { who: ['auditor'] },
  'GET /api/audit/export': { who: ['auditor'] },

  'GET /api/admin/routing-rules': { who: ['admin', 'hub_coordinator', 'auditor'] },
  'GET /api/admin/routing-rules/{version}': { who: ['admin', 'hub_coordinator', 'auditor'] },
  'POST /api/admin/routing-rules': { who: ['admin'], body: {} },
  'GET /api/admin/jobs': { who: ['admin'] },
  'POST /api/admin/jobs/{queue}/{jobId}/retry': { who: ['admin'], mayBeMissing: true },
  'POST /api/admin/jobs/{queue}/{jobId}/promote': { who: ['admin'], mayBeMissing: true },
  'GET /api/admin/users': { who: ['admin'] },
  'POST /api/admin/users': { who: ['admin'], body: {} },
  'GET /api/admin/users/{id}': { who: ['admin'] },
  'PATCH /api/admin/users/{id}': { who: ['admin'], body: {} },
  'POST /api/admin/users/{id}/reset-password': { who: ['admin'] },
  'GET /api/admin/webhooks': { who: ['admin'] },
  'POST /api/admin/webhooks': { who: ['admin'], body: {} },
  'GET /api/admin/webhooks/{id}': { who: ['admin'], mayBeMissing: true },
  'PATCH /api/admin/webhooks/{id}': { who: ['admin'], mayBeMissing: true, body: {} },
  'GET /api/admin/webhooks/{id}/deliveries': { who: ['admin'], mayBeMissing: true },
  'GET /api/admin/email-contacts': { who: ['admin'] },
  'POST /api/admin/email-contacts': { who: ['admin'], body: {} },
  'PATCH /api/admin/email-contacts/{id}': { who: ['admin'], mayBeMissing: true, body: {} },
  'GET /api/admin/dead-letters': { who: ['admin'] },
  'POST /api/admin/dead-letters/{id}/replay': { who: ['admin'], mayBeMissing: true },
};

/** What a cell must answer. */
type Outcome =
  | 'passes' // anything but a refusal by the gates
  | 'allowed' // past the role gate and the scope: not 401, 403 or 404
  | 'allowed-or-missing' // past the role gate: not 401 or 403
  | 'unauthenticated' // 401 AUTH.UNAUTHENTICATED
  | 'forbidden' // 403
  | 'refused' // a 4xx refusal other than 401: 403, 404, or 400/409/422 when the body or status rules it out first
  | 'hidden'; // 404, audited as access.denied

function expected(rule: Rule, caller: Caller, target?: Target, action?: string): Outcome {
  if (rule.who === 'public') return 'passes';
  if (caller === 'anonymous') return 'unauthenticated';
  if (rule.who !== 'signed_in' && !rule.who.includes(caller)) return 'forbidden';
  if (action && !rule.actions![action].includes(caller)) return 'refused';
  if (target && !sees(caller, target, { auditorReads: rule.auditorReads })) return 'hidden';
  return rule.mayBeMissing ? 'allowed-or-missing' : 'allowed';
}

function matches(outcome: Outcome, res: ApiResponse): boolean {
  const code = (res.body as { code?: string } | null)?.code;
  if (res.status >= 500) return false;
  switch (outcome) {
    case 'passes':
      return !['AUTH.UNAUTHENTICATED', 'AUTH.FORBIDDEN', 'AUTH.CSRF'].includes(code ?? '');
    case 'allowed':
      return ![401, 403, 404].includes(res.status);
    case 'allowed-or-missing':
      return ![401, 403].includes(res.status);
    case 'unauthenticated':
      return res.status === 401 && code === 'AUTH.UNAUTHENTICATED';
    case 'forbidden':
      return res.status === 403;
    case 'refused':
      return res.status >= 400 && res.status !== 401;
    case 'hidden':
      return res.status === 404;
  }
}

describe(`authorization matrix: every operation × every role × own and other agencies' objects (${TEST_QUEUE_BACKEND} queue)`, () => {
  let sys: TestSystem;
  const clients = {} as Record<Caller, ApiClient>;
  const userIds = {} as Record<Role, string>;
  const targets: Target[] = [];
  let throwawayUserId: string;

  const q = <T>(sql: string, params: unknown[] = []) => sys.db.dataSource.query<T>(sql, params);
  const login = (email: string) => ApiClient.login(sys.baseUrl, email, DEMO_PASSWORD);

  /** What need-to-know turns on, read from the database. */
  const factsOf = async (label: string, id: string): Promise<RequestFacts> => {
    const [r] = await q<Array<{ agency: string; status: string; needs: boolean; assigned: string[] }>>(
      `SELECT r.requesting_agency AS agency, r.status, r.needs_authorization AS needs,
              COALESCE(array_agg(a.agency) FILTER (WHERE a.status NOT IN ('cancelled', 'declined')), '{}') AS assigned
         FROM requests r LEFT JOIN assignments a ON a.request_id = r.id WHERE r.id = $1
        GROUP BY r.id`,
      [id],
    );
    return {
      kind: 'request',
      label,
      id,
      agency: r.agency,
      draft: r.status === 'draft',
      needsAuthorization: r.needs,
      assigned: r.assigned,
    };
  };

  beforeAll(async () => {
    sys = await startTestSystem();
    for (const role of ROLES) clients[role] = await login(EMAIL[role]);
    clients.anonymous = new ApiClient(sys.baseUrl);
    const hub = clients.hub_coordinator;
    const atf = await login('liaison.atf@demo.test');
    for (const u of await q<Array<{ id: string; email: string }>>(`SELECT id, email FROM users`)) {
      const role = ROLES.find((r) => EMAIL[r] === u.email);
      if (role) userIds[role] = u.id;
    }

    const create = async (client: ApiClient, body: Record<string, unknown>) => {
      const res = await client.post('/api/requests', newRequestBody(body));
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const registered = (id: string) =>
      eventually(async () => {
        const r = await hub.get(`/api/requests/${id}`);
        return r.body.status === 'registered' ? (r.body as { version: number }) : null;
      });
    /** Claimed and routed by the hub to `lead` alone; answers the lead's assignment once delivered. */
    const routedTo = async (id: string, lead: string) => {
      const reg = await registered(id);
      const claim = await hub.post(`/api/requests/${id}/actions/claim`, { version: reg.version });
      expect(claim.status).toBe(200);
      const route = await hub.post(`/api/requests/${id}/actions/route`, {
        reason: 'Plan agreed with the agencies.',
        version: claim.body.version,
        lead,
        support: [],
      });
      expect(route.status).toBe(200);
      return eventually(async () => {
        const [a] = await q<Array<{ id: string }>>(`SELECT id FROM assignments WHERE request_id = $1 AND agency = $2`, [
          id,
          lead,
        ]);
        return a?.id;
      });
    };

    const deaRouted = await create(clients.liaison, { title: 'Matrix: DEA, routed to FGR-INT' });
    const atfRouted = await create(atf, { title: 'Matrix: ATF, routed to SSPC-SIIP' });
    const deaDraft = await create(clients.liaison, { title: 'Matrix: DEA draft', draft: true });
    const atfDraft = await create(atf, { title: 'Matrix: ATF draft', draft: true });
    const deaAuthorization = await create(clients.liaison, {
      title: 'Matrix: DEA, needs GANS authorization',
      type: 'coordinated_operation',
      proposedActionAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      actionKind: 'operation',
      usPersonnelOnMexicanSoil: true,
    });
    await registered(deaAuthorization);
    const [fgrAssignment, sspcAssignment] = await Promise.all([
      routedTo(deaRouted, 'FGR-INT'),
      routedTo(atfRouted, 'SSPC-SIIP'),
    ]);

    targets.push(
      await factsOf('DEA request routed to FGR-INT', deaRouted),
      await factsOf('ATF request routed to SSPC-SIIP', atfRouted),
      await factsOf('DEA draft', deaDraft),
      await factsOf('ATF draft', atfDraft),
      await factsOf('DEA request awaiting GANS', deaAuthorization),
      { kind: 'assignment', label: 'FGR-INT assignment', id: fgrAssignment, agency: 'FGR-INT' },
      { kind: 'assignment', label: 'SSPC-SIIP assignment', id: sspcAssignment, agency: 'SSPC-SIIP' },
    );
    // Not vacuous: the fixtures are what their labels say.
    expect(targets.slice(0, 5).map((t) => [(t as RequestFacts).draft, (t as RequestFacts).needsAuthorization])).toEqual(
      [
        [false, false],
        [false, false],
        [true, false],
        [true, false],
        [false, true],
      ],
    );

    // One in-app notice addressed to each agency involved.
    for (const agency of ['DEA', 'ATF', 'FGR-INT', 'SSPC-SIIP', 'SRE-SSAN']) {
      const id = await eventually(async () => {
        const [n] = await q<Array<{ id: string }>>(
          `SELECT id FROM notifications WHERE recipient_agency = $1 AND request_id = ANY($2) ORDER BY created_at LIMIT 1`,
          [agency, [deaRouted, atfRouted]],
        );
        return n?.id;
      });
      targets.push({ kind: 'notification', label: `notice to ${agency}`, id, agency });
    }

    const made = await createUser(clients.admin, {
      email: 'matrix.throwaway@demo.test',
      displayName: 'Matrix throw-away',
      role: 'auditor',
    });
    throwawayUserId = made.user.id;
  });

  afterAll(async () => {
    await sys?.close();
  });

  const operations = async (): Promise<Array<{ method: string; path: string }>> => {
    const doc = (await (await fetch(`${sys.baseUrl}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    return Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), path })),
    );
  };

  it('has a documented expectation for every operation of the OpenAPI document, and no stale one', async () => {
    const ops = (await operations()).map((o) => `${o.method} ${o.path}`).sort();
    expect(ops).toEqual(Object.keys(EXPECTED).sort());
  });

  it('answers every cell as DESIGN §1 says: zero mismatches; outside the scope 404, audited as access.denied', async () => {
    const started = new Date();
    const mismatches: string[] = [];
    const hidden: Array<{ userId: string; objectId: string; cell: string }> = [];
    let cells = 0;
    const count: Record<Outcome, number> = {
      passes: 0,
      allowed: 0,
      'allowed-or-missing': 0,
      unauthenticated: 0,
      forbidden: 0,
      refused: 0,
      hidden: 0,
    };

    for (const { method, path } of await operations()) {
      const rule = EXPECTED[`${method} ${path}`];
      // Lifecycle actions need an object in the right status per cell: their own test below.
      if (rule.actions) continue;
      const objects: Array<Target | undefined> = rule.object
        ? targets.filter((t) => t.kind === rule.object)
        : [undefined];
      const actions = rule.actions ? Object.keys(rule.actions) : [undefined];
      for (const caller of CALLERS) {
        for (const target of objects) {
          for (const action of actions) {
            const url = path
              .replace('{id}', target?.id ?? (path.includes('/admin/users/') ? throwawayUserId : randomUUID()))
              .replace('{action}', action ?? '')
              .replace('{version}', '1')
              .replace('{queue}', 'notifications')
              .replace(/\{\w+\}/g, () => randomUUID());
            // Logging out ends the session: each role logs out a fresh one of its own.
            const client =
              path === '/api/auth/logout' && caller !== 'anonymous' ? await login(EMAIL[caller]) : clients[caller];
            const res = await client.send(method, url, rule.body);
            const want = expected(rule, caller, target, action);
            const cell = `${method} ${url.replace(target?.id ?? '\0', `{${target?.label}}`)} as ${caller}`;
            cells++;
            count[want]++;
            if (!matches(want, res)) {
              mismatches.push(`${cell}: expected ${want}, got ${res.status} ${(res.body as { code?: string })?.code}`);
            }
            if (want === 'hidden' && caller !== 'anonymous') {
              hidden.push({ userId: userIds[caller], objectId: target!.id, cell });
            }
          }
        }
      }
    }

    expect(mismatches).toEqual([]);
    // Not vacuous: every kind of cell was probed, many times.
    expect(cells).toBeGreaterThan(700);
    for (const outcome of (Object.keys(count) as Outcome[]).filter((o) => o !== 'refused'))
      expect([outcome, count[outcome] > 0]).toEqual([outcome, true]);

    // The probes moved nothing: no request or assignment changed hands or status (stale versions everywhere).
    const moved = await q<Array<{ action: string }>>(
      `SELECT action FROM audit_events WHERE occurred_at >= $1 AND outcome = 'success'
          AND (action LIKE 'request.%' OR action LIKE 'assignment.%')`,
      [started],
    );
    expect(moved).toEqual([]);

    // Every 404 for something that exists but lies outside the caller's scope is in the audit trail.
    const audited = await q<Array<{ actor_user_id: string; object_id: string | null; request_id: string | null }>>(
      `SELECT actor_user_id, object_id, request_id FROM audit_events
        WHERE action = 'access.denied' AND outcome = 'denied' AND occurred_at >= $1`,
      [started],
    );
    const seen = new Set(
      audited.flatMap((a) => [`${a.actor_user_id}/${a.object_id}`, `${a.actor_user_id}/${a.request_id}`]),
    );
    const unaudited = hidden.filter((h) => !seen.has(`${h.userId}/${h.objectId}`)).map((h) => h.cell);
    expect(unaudited).toEqual([]);
  });

  /**
   * Lifecycle actions (issue 12, item 10): each cell gets an object in a status where the action is allowed,
   * with a body that passes every guard, so that the only thing that can refuse it is who is asking. Allowed
   * then means 2xx (and the action is taken), refused means 401/403/404 — never a 409 or 422 that would hide
   * a role wrongly let through. Refused callers probe first; each allowed caller gets an object of its own.
   */
  it('takes every lifecycle action for exactly the roles DESIGN §1 names, and refuses it to everyone else', async () => {
    const hub = clients.hub_coordinator;
    const fgr = clients.agency_coordinator;
    const [atf, sspc] = [await login('liaison.atf@demo.test'), await login('sspc@demo.test')];
    const journeys = new Journeys({
      liaisons: { DEA: clients.liaison, ATF: atf },
      hub,
      agencies: { 'FGR-INT': fgr, 'SSPC-SIIP': sspc },
    });
    const ok = (res: ApiResponse, what: string) => {
      if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; version: number };
    };
    const requestIn = async (agency: string, stage: RequestStage, needsAuthorization = false) =>
      (await journeys.requestIn(agency, stage, { needsAuthorization })).id;
    type AssignmentStage = 'pending' | 'accepted' | 'clarification_requested';
    /** A request of DEA routed to FGR-INT (lead) and SSPC-SIIP (support); both assignments brought to `stage`. */
    const assignmentsIn = async (stage: AssignmentStage) => {
      const { id } = await journeys.requestIn('DEA', 'routed', { lead: 'FGR-INT', support: ['SSPC-SIIP'] });
      const all = await journeys.assignmentsOf(id, 2);
      const out: Record<string, string> = {};
      for (const agency of ['FGR-INT', 'SSPC-SIIP']) {
        const a = all.find((x) => x.agency === agency && !['cancelled', 'declined'].includes(x.status))!;
        const by = agency === 'FGR-INT' ? fgr : sspc;
        if (stage !== 'pending') {
          const acc = ok(await by.post(`/api/assignments/${a.id}/actions/accept`, { version: a.version }), 'accept');
          if (stage === 'clarification_requested') {
            ok(
              await by.post(`/api/assignments/${a.id}/actions/request_clarification`, {
                version: acc.version,
                reason: 'Which account?',
              }),
              'agency asks',
            );
          }
        }
        out[agency] = a.id;
      }
      return out;
    };

    const [{ id: hub2Id }] = await q<Array<{ id: string }>>(`SELECT id FROM users WHERE email = 'hub2@demo.test'`);
    const REQUEST_CELLS: Array<{ action: string; stage: RequestStage; needsAuthorization?: boolean; body?: object }> = [
      { action: 'submit', stage: 'draft' },
      { action: 'withdraw', stage: 'registered', body: { reason: 'No longer needed.' } },
      { action: 'answer_clarification', stage: 'clarification_requested', body: { reason: 'Manzanillo.' } },
      { action: 'claim', stage: 'registered' },
      { action: 'request_clarification', stage: 'in_analysis', body: { reason: 'Which port?' } },
      { action: 'reject', stage: 'in_analysis', body: { reason: 'No legal basis.' } },
      { action: 'request_authorization', stage: 'in_analysis', needsAuthorization: true },
      {
        action: 'route',
        stage: 'in_analysis',
        body: { lead: 'FGR-INT', support: [], reason: 'FGR-INT holds the records.' },
      },
      { action: 'reroute', stage: 'routed', body: { lead: 'SSPC-SIIP', support: [], reason: 'SSPC-SIIP leads now.' } },
      { action: 'release_response', stage: 'responses_received', body: { response: 'The consolidated reply.' } },
      { action: 'authorize', stage: 'awaiting_authorization', needsAuthorization: true, body: { reason: 'Cleared.' } },
      { action: 'deny', stage: 'awaiting_authorization', needsAuthorization: true, body: { reason: 'Not now.' } },
      { action: 'close', stage: 'response_sent' },
      // The hub's caller is the claimant (the journeys claim as hub@demo.test); it hands over to hub2.
      {
        action: 'hand_over',
        stage: 'in_analysis',
        body: { colleague: hub2Id, reason: 'Covering while away.' },
      },
    ];
    const ASSIGNMENT_CELLS: Array<{ action: string; stage: AssignmentStage; body?: object }> = [
      { action: 'accept', stage: 'pending' },
      { action: 'decline', stage: 'pending', body: { reason: 'Not ours.' } },
      { action: 'request_clarification', stage: 'accepted', body: { reason: 'Which account?' } },
      { action: 'respond', stage: 'accepted', body: { reason: 'Answered.' } },
      { action: 'answer_clarification', stage: 'clarification_requested', body: { reason: 'The one ending 42.' } },
    ];
    const requestRule = EXPECTED['POST /api/requests/{id}/actions/{action}'];
    const assignmentRule = EXPECTED['POST /api/assignments/{id}/actions/{action}'];
    /** As the API decides: sign-in, the route's roles, need-to-know (404), then the action's roles (403). */
    const lifecycleOutcome = (rule: Rule, caller: Caller, target: Target, action: string) => {
      if (caller === 'anonymous') return 'unauthenticated';
      if (rule.who !== 'signed_in' && rule.who !== 'public' && !rule.who.includes(caller)) return 'forbidden';
      if (!sees(caller, target)) return 'hidden';
      return rule.actions![action].includes(caller) ? 'allowed' : 'forbidden';
    };
    // One object per allowed caller: each takes the action for real.
    const allowedOn = (rule: Rule, action: string, target: Target) =>
      CALLERS.filter((c) => lifecycleOutcome(rule, c, target, action) === 'allowed');

    const mismatches: string[] = [];
    let allowedCells = 0;
    let refusedCells = 0;
    const probe = async (
      rule: Rule,
      kind: 'requests' | 'assignments',
      action: string,
      object: () => Promise<string>,
      body: object,
      describe: (id: string) => Promise<Target>,
    ) => {
      let id = await object();
      let target = await describe(id);
      const allowed = allowedOn(rule, action, target);
      const refused = CALLERS.filter((c) => !allowed.includes(c));
      const version = async () =>
        (await q<Array<{ version: number }>>(`SELECT version FROM ${kind} WHERE id = $1`, [id]))[0].version;
      for (const caller of refused) {
        const res = await clients[caller].post(`/api/${kind}/${id}/actions/${action}`, {
          version: await version(),
          ...body,
        });
        const want = lifecycleOutcome(rule, caller, target, action);
        refusedCells++;
        const code = (res.body as { code?: string })?.code;
        const right =
          (want === 'unauthenticated' && res.status === 401) ||
          (want === 'hidden' && res.status === 404) ||
          (want === 'forbidden' && res.status === 403);
        if (!right)
          mismatches.push(`${action} on ${target.label} as ${caller}: expected ${want}, got ${res.status} ${code}`);
      }
      for (const [i, caller] of allowed.entries()) {
        if (i > 0) {
          id = await object();
          target = await describe(id);
        }
        const res = await clients[caller].post(`/api/${kind}/${id}/actions/${action}`, {
          version: await version(),
          ...body,
        });
        allowedCells++;
        if (res.status < 200 || res.status >= 300)
          mismatches.push(
            `${action} on ${target.label} as ${caller}: expected 2xx, got ${res.status} ${JSON.stringify(res.body)}`,
          );
      }
    };

    // A few at a time: a burst of forty journeys would only wait on the one worker (and on a loaded machine, time out).
    await inBatches(4, [
      ...REQUEST_CELLS.flatMap((cell) =>
        ['DEA', 'ATF'].map(
          (agency) => () =>
            probe(
              requestRule,
              'requests',
              cell.action,
              () => requestIn(agency, cell.stage, cell.needsAuthorization),
              cell.body ?? {},
              async (id) => ({ ...(await factsOf(`${agency} request, ${cell.stage}`, id)) }),
            ),
        ),
      ),
      ...ASSIGNMENT_CELLS.flatMap((cell) =>
        ['FGR-INT', 'SSPC-SIIP'].map(
          (agency) => () =>
            probe(
              assignmentRule,
              'assignments',
              cell.action,
              async () => (await assignmentsIn(cell.stage))[agency],
              cell.body ?? {},
              (id) => Promise.resolve({ kind: 'assignment', label: `${agency} assignment, ${cell.stage}`, id, agency }),
            ),
        ),
      ),
    ]);
    expect(mismatches).toEqual([]);
    // Not vacuous: every action was taken by someone, and refused to many.
    expect(allowedCells).toBeGreaterThanOrEqual(REQUEST_CELLS.length + ASSIGNMENT_CELLS.length);
    expect(refusedCells).toBeGreaterThan(100);
  });
});
