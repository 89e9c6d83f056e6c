import { assertNever } from './assert-never.util.js';
import type { AssignmentStatus } from './assignment-status.js';
import { hasReason, type Actor, type TransitionInput } from './request-transitions.js';
import type { ActorRole } from './roles.js';

/** Actions on an assignment. Wire values (`POST /api/assignments/{id}/actions/{action}`): never rename. */
export const ASSIGNMENT_ACTIONS = [
  'accept',
  'decline',
  'request_clarification',
  'answer_clarification',
  'respond',
  'cancel',
] as const;
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number];

export function isAssignmentAction(value: string): value is AssignmentAction {
  return (ASSIGNMENT_ACTIONS as readonly string[]).includes(value);
}

export const ASSIGNMENT_GUARDS = ['own_agency', 'reason_required'] as const;
export type AssignmentGuard = (typeof ASSIGNMENT_GUARDS)[number];

const INPUT_GUARDS: readonly AssignmentGuard[] = ['reason_required'];

export interface AssignmentFacts {
  status: AssignmentStatus;
  /** The receiving agency the assignment was routed to. */
  agency: string;
}

export interface AssignmentTransition {
  action: AssignmentAction;
  from: readonly AssignmentStatus[];
  to: AssignmentStatus;
  roles: readonly ActorRole[];
  guards: readonly AssignmentGuard[];
}

export const ASSIGNMENT_TRANSITION_ERROR_CODES = [
  'ASSIGNMENT.INVALID_TRANSITION',
  'ASSIGNMENT.FORBIDDEN_ACTION',
  'ASSIGNMENT.GUARD_FAILED',
] as const;
export type AssignmentTransitionErrorCode = (typeof ASSIGNMENT_TRANSITION_ERROR_CODES)[number];

export type AssignmentTransitionDecision =
  | { ok: true; to: AssignmentStatus; transition: AssignmentTransition }
  | {
      ok: false;
      code: AssignmentTransitionErrorCode;
      guard?: AssignmentGuard;
      allowedFrom?: readonly AssignmentStatus[];
    };

export function assignmentGuardHolds(
  guard: AssignmentGuard,
  actor: Actor,
  facts: AssignmentFacts,
  input: TransitionInput,
): boolean {
  switch (guard) {
    case 'own_agency':
      return actor.agency !== null && actor.agency === facts.agency;
    case 'reason_required':
      return hasReason(input);
    default:
      return assertNever(guard);
  }
}

type TransitionRow = Omit<AssignmentTransition, 'action'>;

// Keyed by action so the type checker insists on exactly one row per action.
const TABLE: Record<AssignmentAction, TransitionRow> = {
  accept: { from: ['pending'], to: 'accepted', roles: ['agency_coordinator'], guards: ['own_agency'] },
  decline: {
    from: ['pending', 'accepted'],
    to: 'declined',
    roles: ['agency_coordinator'],
    guards: ['own_agency', 'reason_required'],
  },
  // Agencies never talk to the requester (NS-1): the question goes to the hub, which answers it.
  request_clarification: {
    from: ['pending', 'accepted'],
    to: 'clarification_requested',
    roles: ['agency_coordinator'],
    guards: ['own_agency', 'reason_required'],
  },
  answer_clarification: {
    from: ['clarification_requested'],
    to: 'accepted',
    roles: ['hub_coordinator'],
    guards: ['reason_required'],
  },
  // The reason carries the response text; partial responses leave the status alone and are not transitions.
  respond: {
    from: ['accepted'],
    to: 'responded',
    roles: ['agency_coordinator'],
    guards: ['own_agency', 'reason_required'],
  },
  cancel: {
    from: ['pending', 'accepted', 'clarification_requested'],
    to: 'cancelled',
    roles: ['hub_coordinator', 'system'],
    guards: ['reason_required'],
  },
};

/** The one transition table for assignments, one row per action, in `ASSIGNMENT_ACTIONS` order. */
export const ASSIGNMENT_TRANSITIONS: readonly AssignmentTransition[] = ASSIGNMENT_ACTIONS.map((action) => ({
  action,
  ...TABLE[action],
}));

export function findAssignmentTransition(
  action: AssignmentAction,
  from: AssignmentStatus,
): AssignmentTransition | undefined {
  const transition = ASSIGNMENT_TRANSITIONS.find((t) => t.action === action);
  return transition?.from.includes(from) ? transition : undefined;
}

/** Same order of checks as requests: status, then role, then each guard in row order. */
export function decideAssignmentTransition(
  action: AssignmentAction,
  actor: Actor,
  facts: AssignmentFacts,
  input: TransitionInput,
): AssignmentTransitionDecision {
  const transition = ASSIGNMENT_TRANSITIONS.find((t) => t.action === action);
  if (!transition || !transition.from.includes(facts.status)) {
    return { ok: false, code: 'ASSIGNMENT.INVALID_TRANSITION', allowedFrom: transition?.from ?? [] };
  }
  if (!transition.roles.includes(actor.role)) {
    return { ok: false, code: 'ASSIGNMENT.FORBIDDEN_ACTION' };
  }
  const failed = transition.guards.find((guard) => !assignmentGuardHolds(guard, actor, facts, input));
  if (failed) {
    return { ok: false, code: 'ASSIGNMENT.GUARD_FAILED', guard: failed };
  }
  return { ok: true, to: transition.to, transition };
}

/** Actions `actor` could take now, ignoring guards that depend on the input (such as a reason). */
export function availableAssignmentActions(actor: Actor, facts: AssignmentFacts): AssignmentAction[] {
  return ASSIGNMENT_TRANSITIONS.filter(
    (t) =>
      t.from.includes(facts.status) &&
      t.roles.includes(actor.role) &&
      t.guards.every((guard) => INPUT_GUARDS.includes(guard) || assignmentGuardHolds(guard, actor, facts, {})),
  ).map((t) => t.action);
}
