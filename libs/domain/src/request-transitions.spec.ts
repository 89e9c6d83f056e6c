import { REQUEST_STATUSES, isTerminalRequestStatus, type RequestStatus } from './request-status.js';
import {
  REQUEST_ACTIONS,
  REQUEST_TRANSITIONS,
  availableRequestActions,
  decideRequestTransition,
  findRequestTransition,
  isRequestAction,
  type Actor,
  type RequestAction,
  type RequestFacts,
} from './request-transitions.js';
import { ROLES, type ActorRole } from './roles.js';

const ACTOR_ROLES: readonly ActorRole[] = [...ROLES, 'system'];
const REQUESTING_AGENCY = 'DEA';

// Written out by hand from DESIGN §2 and the brief, independently of the table under test.
const EXPECTED: Record<RequestAction, { from: RequestStatus[]; to: RequestStatus | 'unchanged'; roles: ActorRole[] }> =
  {
    submit: { from: ['draft'], to: 'submitted', roles: ['liaison'] },
    withdraw: {
      from: [
        'draft',
        'submitted',
        'registered',
        'in_analysis',
        'clarification_requested',
        'awaiting_authorization',
        'routed',
        'in_progress',
        'responses_received',
      ],
      to: 'withdrawn',
      roles: ['liaison'],
    },
    register: { from: ['submitted'], to: 'registered', roles: ['system'] },
    claim: { from: ['registered'], to: 'in_analysis', roles: ['hub_coordinator'] },
    request_clarification: { from: ['in_analysis'], to: 'clarification_requested', roles: ['hub_coordinator'] },
    answer_clarification: { from: ['clarification_requested'], to: 'in_analysis', roles: ['liaison'] },
    reject: {
      from: ['registered', 'in_analysis', 'clarification_requested'],
      to: 'rejected',
      roles: ['hub_coordinator'],
    },
    request_authorization: { from: ['in_analysis'], to: 'awaiting_authorization', roles: ['hub_coordinator'] },
    authorize: { from: ['awaiting_authorization'], to: 'in_analysis', roles: ['authorizer'] },
    deny: { from: ['awaiting_authorization'], to: 'authorization_denied', roles: ['authorizer'] },
    route: { from: ['in_analysis'], to: 'routed', roles: ['hub_coordinator'] },
    reroute: { from: ['routed', 'in_progress'], to: 'routed', roles: ['hub_coordinator'] },
    start_progress: { from: ['routed'], to: 'in_progress', roles: ['system'] },
    complete_responses: { from: ['routed', 'in_progress'], to: 'responses_received', roles: ['system'] },
    release_response: { from: ['responses_received'], to: 'response_sent', roles: ['hub_coordinator'] },
    close: { from: ['response_sent'], to: 'closed', roles: ['liaison', 'hub_coordinator', 'system'] },
    // Issue 14, item 11: the claimant hands a claimed, open request to a colleague; the status stays.
    hand_over: {
      from: [
        'in_analysis',
        'clarification_requested',
        'awaiting_authorization',
        'routed',
        'in_progress',
        'responses_received',
        'response_sent',
      ],
      to: 'unchanged',
      roles: ['hub_coordinator'],
    },
  };

const AGENCY_OF: Record<ActorRole, string | null> = {
  liaison: REQUESTING_AGENCY,
  hub_coordinator: 'SRE-SSAN',
  agency_coordinator: 'FGR-INT',
  authorizer: 'GANS',
  auditor: null,
  admin: null,
  system: null,
};

function actor(role: ActorRole, agency: string | null = AGENCY_OF[role]): Actor {
  return { userId: role === 'system' ? null : `user-${role}`, role, agency };
}

function facts(status: RequestStatus, overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    status,
    requestingAgency: REQUESTING_AGENCY,
    needsAuthorization: false,
    authorizationGranted: false,
    ...overrides,
  };
}

/** Facts and input that satisfy every guard of `action`, so only status and role decide. */
function satisfying(action: RequestAction, status: RequestStatus): RequestFacts {
  if (action === 'hand_over') return facts(status, { claimedBy: 'user-hub_coordinator' });
  return action === 'request_authorization' ? facts(status, { needsAuthorization: true }) : facts(status);
}

const WITH_REASON = { reason: 'Because the treaty says so.' };

describe('request transitions: every status x action x role', () => {
  describe.each(REQUEST_ACTIONS)('%s', (action) => {
    it.each(REQUEST_STATUSES)('from %s', (status) => {
      const expected = EXPECTED[action];
      const outcome = (role: ActorRole): string => {
        if (!expected.from.includes(status)) return 'REQUEST.INVALID_TRANSITION';
        if (!expected.roles.includes(role)) return 'REQUEST.FORBIDDEN_ACTION';
        return `ok -> ${expected.to === 'unchanged' ? status : expected.to}`;
      };
      const actual = Object.fromEntries(
        ACTOR_ROLES.map((role) => {
          const decision = decideRequestTransition(action, actor(role), satisfying(action, status), WITH_REASON);
          return [role, decision.ok ? `ok -> ${decision.to}` : decision.code];
        }),
      );
      expect(actual).toEqual(Object.fromEntries(ACTOR_ROLES.map((role) => [role, outcome(role)])));
    });
  });

  it('has exactly one row per action, in REQUEST_ACTIONS order', () => {
    expect(REQUEST_TRANSITIONS.map((t) => t.action)).toEqual([...REQUEST_ACTIONS]);
  });

  it('reports the statuses the action is allowed from on an invalid transition', () => {
    expect(decideRequestTransition('claim', actor('hub_coordinator'), facts('draft'), {})).toEqual({
      ok: false,
      code: 'REQUEST.INVALID_TRANSITION',
      allowedFrom: ['registered'],
    });
  });

  it('checks the status before the role', () => {
    const decision = decideRequestTransition('claim', actor('auditor'), facts('closed'), {});
    expect(decision).toMatchObject({ ok: false, code: 'REQUEST.INVALID_TRANSITION' });
  });

  it('returns the transition row on success', () => {
    const decision = decideRequestTransition('claim', actor('hub_coordinator'), facts('registered'), {});
    expect(decision).toEqual({ ok: true, to: 'in_analysis', transition: findRequestTransition('claim', 'registered') });
  });
});

describe('request guards', () => {
  it('own_agency: a liaison cannot act on another agency’s request', () => {
    for (const action of ['submit', 'withdraw', 'answer_clarification', 'close'] as const) {
      const status = EXPECTED[action].from[0];
      const decision = decideRequestTransition(action, actor('liaison', 'ATF'), facts(status), WITH_REASON);
      expect(decision).toEqual({ ok: false, code: 'REQUEST.GUARD_FAILED', guard: 'own_agency' });
    }
  });

  it('own_agency: a liaison without an agency is refused', () => {
    const decision = decideRequestTransition('submit', actor('liaison', null), facts('draft'), {});
    expect(decision).toEqual({ ok: false, code: 'REQUEST.GUARD_FAILED', guard: 'own_agency' });
  });

  it('own_agency binds liaisons only: the hub and the auto-close clock close any agency’s request', () => {
    const otherAgencysRequest = facts('response_sent', { requestingAgency: 'HSI' });
    expect(decideRequestTransition('close', actor('hub_coordinator'), otherAgencysRequest, {})).toMatchObject({
      ok: true,
      to: 'closed',
    });
    expect(decideRequestTransition('close', actor('system'), otherAgencysRequest, {})).toMatchObject({ ok: true });
    expect(decideRequestTransition('close', actor('liaison', 'HSI'), otherAgencysRequest, {})).toMatchObject({
      ok: true,
    });
    expect(decideRequestTransition('close', actor('liaison', 'DEA'), otherAgencysRequest, {})).toMatchObject({
      ok: false,
      guard: 'own_agency',
    });
  });

  const reasoned: { action: RequestAction; role: ActorRole; status: RequestStatus }[] = [
    { action: 'withdraw', role: 'liaison', status: 'in_analysis' },
    { action: 'request_clarification', role: 'hub_coordinator', status: 'in_analysis' },
    { action: 'answer_clarification', role: 'liaison', status: 'clarification_requested' },
    { action: 'reject', role: 'hub_coordinator', status: 'registered' },
    { action: 'authorize', role: 'authorizer', status: 'awaiting_authorization' },
    { action: 'deny', role: 'authorizer', status: 'awaiting_authorization' },
    { action: 'reroute', role: 'hub_coordinator', status: 'routed' },
  ];

  it.each(reasoned)('reason_required: $action needs a non-blank reason', ({ action, role, status }) => {
    const refused = { ok: false, code: 'REQUEST.GUARD_FAILED', guard: 'reason_required' };
    for (const input of [{}, { reason: null }, { reason: '' }, { reason: '  \n\t ' }]) {
      expect(decideRequestTransition(action, actor(role), facts(status), input)).toEqual(refused);
    }
    expect(decideRequestTransition(action, actor(role), facts(status), { reason: ' why ' })).toMatchObject({
      ok: true,
    });
  });

  it('claimant: only the hub coordinator holding the request may hand it over', () => {
    const hub = actor('hub_coordinator');
    const note = { reason: 'On leave from Monday.' };
    expect(decideRequestTransition('hand_over', hub, facts('routed', { claimedBy: hub.userId }), note)).toEqual({
      ok: true,
      to: 'routed',
      transition: findRequestTransition('hand_over', 'routed'),
    });
    for (const claimedBy of ['someone-else', null, undefined]) {
      expect(decideRequestTransition('hand_over', hub, facts('in_analysis', { claimedBy }), note)).toEqual({
        ok: false,
        code: 'REQUEST.GUARD_FAILED',
        guard: 'claimant',
      });
    }
    expect(decideRequestTransition('hand_over', hub, facts('in_analysis', { claimedBy: hub.userId }), {})).toEqual({
      ok: false,
      code: 'REQUEST.GUARD_FAILED',
      guard: 'reason_required',
    });
    expect(decideRequestTransition('hand_over', hub, facts('registered'), note)).toMatchObject({
      code: 'REQUEST.INVALID_TRANSITION',
    });
    expect(decideRequestTransition('hand_over', hub, facts('closed', { claimedBy: hub.userId }), note)).toMatchObject({
      code: 'REQUEST.INVALID_TRANSITION',
    });
  });

  it('reports own_agency before reason_required when both fail', () => {
    const decision = decideRequestTransition('withdraw', actor('liaison', 'ATF'), facts('draft'), {});
    expect(decision).toMatchObject({ guard: 'own_agency' });
  });

  it('needs_authorization: only a request that needs authorization and lacks it goes to the authorizer', () => {
    const hub = actor('hub_coordinator');
    const ask = (needsAuthorization: boolean, authorizationGranted: boolean) =>
      decideRequestTransition(
        'request_authorization',
        hub,
        facts('in_analysis', { needsAuthorization, authorizationGranted }),
        {},
      );
    expect(ask(true, false)).toMatchObject({ ok: true, to: 'awaiting_authorization' });
    expect(ask(false, false)).toEqual({ ok: false, code: 'REQUEST.GUARD_FAILED', guard: 'needs_authorization' });
    expect(ask(true, true)).toEqual({ ok: false, code: 'REQUEST.GUARD_FAILED', guard: 'needs_authorization' });
  });

  it('authorization_cleared: a request needing authorization cannot be routed until it is granted', () => {
    const hub = actor('hub_coordinator');
    const route = (needsAuthorization: boolean, authorizationGranted: boolean) =>
      decideRequestTransition('route', hub, facts('in_analysis', { needsAuthorization, authorizationGranted }), {});
    expect(route(false, false)).toMatchObject({ ok: true, to: 'routed' });
    expect(route(true, true)).toMatchObject({ ok: true, to: 'routed' });
    expect(route(true, false)).toEqual({ ok: false, code: 'REQUEST.GUARD_FAILED', guard: 'authorization_cleared' });
  });
});

describe('request lifecycle shape', () => {
  it.each(REQUEST_STATUSES)('%s has a way out unless it is terminal', (status) => {
    const exits = REQUEST_TRANSITIONS.filter((t) => t.from.includes(status));
    expect(exits.length > 0).toBe(!isTerminalRequestStatus(status));
  });

  it('reaches every status from draft', () => {
    const reached = new Set<RequestStatus>(['draft']);
    for (let grew = true; grew;) {
      grew = false;
      for (const t of REQUEST_TRANSITIONS) {
        if (t.to === 'unchanged') continue;
        if (!reached.has(t.to) && t.from.some((s) => reached.has(s))) {
          reached.add(t.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...REQUEST_STATUSES].sort());
  });

  it('can always reach a terminal status', () => {
    const canEnd = new Set<RequestStatus>(REQUEST_STATUSES.filter(isTerminalRequestStatus));
    for (let grew = true; grew;) {
      grew = false;
      for (const t of REQUEST_TRANSITIONS) {
        if (t.to === 'unchanged') continue;
        for (const from of t.from) {
          if (!canEnd.has(from) && canEnd.has(t.to)) {
            canEnd.add(from);
            grew = true;
          }
        }
      }
    }
    expect(canEnd.size).toBe(REQUEST_STATUSES.length);
  });
});

describe('availableRequestActions', () => {
  it('offers a liaison the actions on their own agency’s request, ignoring the reason', () => {
    expect(availableRequestActions(actor('liaison'), facts('draft'))).toEqual(['submit', 'withdraw']);
    expect(availableRequestActions(actor('liaison'), facts('clarification_requested'))).toEqual([
      'withdraw',
      'answer_clarification',
    ]);
    expect(availableRequestActions(actor('liaison'), facts('response_sent'))).toEqual(['close']);
  });

  it('offers a liaison nothing on another agency’s request', () => {
    expect(availableRequestActions(actor('liaison', 'ATF'), facts('draft'))).toEqual([]);
  });

  it('offers the hub authorization or routing depending on the authorization facts', () => {
    const hub = actor('hub_coordinator');
    expect(availableRequestActions(hub, facts('in_analysis'))).toEqual(['request_clarification', 'reject', 'route']);
    expect(availableRequestActions(hub, facts('in_analysis', { needsAuthorization: true }))).toEqual([
      'request_clarification',
      'reject',
      'request_authorization',
    ]);
    expect(
      availableRequestActions(hub, facts('in_analysis', { needsAuthorization: true, authorizationGranted: true })),
    ).toEqual(['request_clarification', 'reject', 'route']);
  });

  it('offers the hand-over to the claimant only', () => {
    const hub = actor('hub_coordinator');
    expect(availableRequestActions(hub, facts('routed', { claimedBy: hub.userId }))).toEqual(['reroute', 'hand_over']);
    expect(availableRequestActions(hub, facts('routed', { claimedBy: 'user-colleague' }))).toEqual(['reroute']);
  });

  it('offers read-only roles nothing, ever', () => {
    for (const status of REQUEST_STATUSES) {
      expect(availableRequestActions(actor('auditor'), facts(status))).toEqual([]);
      expect(availableRequestActions(actor('admin'), facts(status))).toEqual([]);
      expect(availableRequestActions(actor('agency_coordinator'), facts(status))).toEqual([]);
    }
  });
});

describe('wire values', () => {
  it('keeps the action names stable', () => {
    expect(REQUEST_ACTIONS).toEqual([
      'submit',
      'withdraw',
      'register',
      'claim',
      'request_clarification',
      'answer_clarification',
      'reject',
      'request_authorization',
      'authorize',
      'deny',
      'route',
      'reroute',
      'start_progress',
      'complete_responses',
      'release_response',
      'close',
      'hand_over',
    ]);
  });

  it('recognises action names', () => {
    expect(isRequestAction('route')).toBe(true);
    expect(isRequestAction('Route')).toBe(false);
    expect(isRequestAction('delete')).toBe(false);
  });

  it('finds a transition only from an allowed status', () => {
    expect(findRequestTransition('route', 'in_analysis')?.to).toBe('routed');
    expect(findRequestTransition('route', 'registered')).toBeUndefined();
  });
});
