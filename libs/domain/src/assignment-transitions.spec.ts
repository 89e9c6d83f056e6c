import { ASSIGNMENT_STATUSES, isTerminalAssignmentStatus, type AssignmentStatus } from './assignment-status.js';
import {
  ASSIGNMENT_ACTIONS,
  ASSIGNMENT_TRANSITIONS,
  availableAssignmentActions,
  decideAssignmentTransition,
  findAssignmentTransition,
  isAssignmentAction,
  type AssignmentAction,
  type AssignmentFacts,
} from './assignment-transitions.js';
import type { Actor } from './request-transitions.js';
import { ROLES, type ActorRole } from './roles.js';

const ACTOR_ROLES: readonly ActorRole[] = [...ROLES, 'system'];
const ASSIGNED_AGENCY = 'FGR-INT';

// Written out by hand from DESIGN §2 and the brief, independently of the table under test.
const EXPECTED: Record<AssignmentAction, { from: AssignmentStatus[]; to: AssignmentStatus; roles: ActorRole[] }> = {
  accept: { from: ['pending'], to: 'accepted', roles: ['agency_coordinator'] },
  decline: { from: ['pending', 'accepted'], to: 'declined', roles: ['agency_coordinator'] },
  request_clarification: {
    from: ['pending', 'accepted'],
    to: 'clarification_requested',
    roles: ['agency_coordinator'],
  },
  answer_clarification: { from: ['clarification_requested'], to: 'accepted', roles: ['hub_coordinator'] },
  respond: { from: ['accepted'], to: 'responded', roles: ['agency_coordinator'] },
  cancel: {
    from: ['pending', 'accepted', 'clarification_requested'],
    to: 'cancelled',
    roles: ['hub_coordinator', 'system'],
  },
};

const AGENCY_OF: Record<ActorRole, string | null> = {
  liaison: 'DEA',
  hub_coordinator: 'SRE-SSAN',
  agency_coordinator: ASSIGNED_AGENCY,
  authorizer: 'GANS',
  auditor: null,
  admin: null,
  system: null,
};

function actor(role: ActorRole, agency: string | null = AGENCY_OF[role]): Actor {
  return { userId: role === 'system' ? null : `user-${role}`, role, agency };
}

function facts(status: AssignmentStatus, agency = ASSIGNED_AGENCY): AssignmentFacts {
  return { status, agency };
}

const WITH_REASON = { reason: 'Records attached.' };

describe('assignment transitions: every status x action x role', () => {
  describe.each(ASSIGNMENT_ACTIONS)('%s', (action) => {
    it.each(ASSIGNMENT_STATUSES)('from %s', (status) => {
      const expected = EXPECTED[action];
      const outcome = (role: ActorRole): string => {
        if (!expected.from.includes(status)) return 'ASSIGNMENT.INVALID_TRANSITION';
        if (!expected.roles.includes(role)) return 'ASSIGNMENT.FORBIDDEN_ACTION';
        return `ok -> ${expected.to}`;
      };
      const actual = Object.fromEntries(
        ACTOR_ROLES.map((role) => {
          const decision = decideAssignmentTransition(action, actor(role), facts(status), WITH_REASON);
          return [role, decision.ok ? `ok -> ${decision.to}` : decision.code];
        }),
      );
      expect(actual).toEqual(Object.fromEntries(ACTOR_ROLES.map((role) => [role, outcome(role)])));
    });
  });

  it('has exactly one row per action, in ASSIGNMENT_ACTIONS order', () => {
    expect(ASSIGNMENT_TRANSITIONS.map((t) => t.action)).toEqual([...ASSIGNMENT_ACTIONS]);
  });

  it('reports the statuses the action is allowed from on an invalid transition', () => {
    expect(decideAssignmentTransition('respond', actor('agency_coordinator'), facts('pending'), WITH_REASON)).toEqual({
      ok: false,
      code: 'ASSIGNMENT.INVALID_TRANSITION',
      allowedFrom: ['accepted'],
    });
  });
});

describe('assignment guards', () => {
  it.each(['accept', 'decline', 'request_clarification', 'respond'] as const)(
    'own_agency: another agency’s coordinator cannot %s',
    (action) => {
      const status = EXPECTED[action].from[0];
      for (const agency of ['SSPC-SIIP', null]) {
        const decision = decideAssignmentTransition(
          action,
          actor('agency_coordinator', agency),
          facts(status),
          WITH_REASON,
        );
        expect(decision).toEqual({ ok: false, code: 'ASSIGNMENT.GUARD_FAILED', guard: 'own_agency' });
      }
    },
  );

  it('own_agency does not bind the hub, whose agency is never the assigned one', () => {
    const decision = decideAssignmentTransition(
      'cancel',
      actor('hub_coordinator'),
      facts('accepted', 'UIF'),
      WITH_REASON,
    );
    expect(decision).toMatchObject({ ok: true, to: 'cancelled' });
  });

  const reasoned: { action: AssignmentAction; role: ActorRole; status: AssignmentStatus }[] = [
    { action: 'decline', role: 'agency_coordinator', status: 'pending' },
    { action: 'request_clarification', role: 'agency_coordinator', status: 'accepted' },
    { action: 'answer_clarification', role: 'hub_coordinator', status: 'clarification_requested' },
    { action: 'respond', role: 'agency_coordinator', status: 'accepted' },
    { action: 'cancel', role: 'system', status: 'pending' },
  ];

  it.each(reasoned)('reason_required: $action needs a non-blank reason', ({ action, role, status }) => {
    for (const input of [{}, { reason: null }, { reason: '' }, { reason: '   ' }]) {
      expect(decideAssignmentTransition(action, actor(role), facts(status), input)).toEqual({
        ok: false,
        code: 'ASSIGNMENT.GUARD_FAILED',
        guard: 'reason_required',
      });
    }
  });

  it('accept needs no reason', () => {
    expect(decideAssignmentTransition('accept', actor('agency_coordinator'), facts('pending'), {})).toMatchObject({
      ok: true,
      to: 'accepted',
    });
  });
});

describe('assignment lifecycle shape', () => {
  it.each(ASSIGNMENT_STATUSES)('%s has a way out unless it is terminal', (status) => {
    const exits = ASSIGNMENT_TRANSITIONS.filter((t) => t.from.includes(status));
    expect(exits.length > 0).toBe(!isTerminalAssignmentStatus(status));
  });
});

describe('availableAssignmentActions', () => {
  it('offers the assigned agency its actions, ignoring the reason', () => {
    expect(availableAssignmentActions(actor('agency_coordinator'), facts('pending'))).toEqual([
      'accept',
      'decline',
      'request_clarification',
    ]);
    expect(availableAssignmentActions(actor('agency_coordinator'), facts('accepted'))).toEqual([
      'decline',
      'request_clarification',
      'respond',
    ]);
  });

  it('offers another agency nothing', () => {
    expect(availableAssignmentActions(actor('agency_coordinator', 'SHCP-UIF'), facts('pending'))).toEqual([]);
  });

  it('offers the hub the answer and the cancellation while a clarification is pending', () => {
    expect(availableAssignmentActions(actor('hub_coordinator'), facts('clarification_requested'))).toEqual([
      'answer_clarification',
      'cancel',
    ]);
  });
});

describe('assignment wire values', () => {
  it('keeps the action names stable', () => {
    expect(ASSIGNMENT_ACTIONS).toEqual([
      'accept',
      'decline',
      'request_clarification',
      'answer_clarification',
      'respond',
      'cancel',
    ]);
  });

  it('recognises action names', () => {
    expect(isAssignmentAction('respond')).toBe(true);
    expect(isAssignmentAction('reply')).toBe(false);
  });

  it('finds a transition only from an allowed status', () => {
    expect(findAssignmentTransition('accept', 'pending')?.to).toBe('accepted');
    expect(findAssignmentTransition('accept', 'accepted')).toBeUndefined();
  });
});
