import type { PendingClearance } from './advance-notice.js';
import { assertNever } from './assert-never.util.js';
import type { RequestStatus } from './request-status.js';
import type { ActorRole } from './roles.js';

/** Lifecycle actions on a request. Wire values (`POST /api/requests/{id}/actions/{action}`): never rename. */
export const REQUEST_ACTIONS = [
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
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export function isRequestAction(value: string): value is RequestAction {
  return (REQUEST_ACTIONS as readonly string[]).includes(value);
}

/** Named preconditions of a transition; each is a pure predicate over actor, request facts and input. */
export const REQUEST_GUARDS = [
  'own_agency',
  'reason_required',
  'authorization_cleared',
  'needs_authorization',
  'notice_cleared',
  'claimant',
] as const;
export type RequestGuard = (typeof REQUEST_GUARDS)[number];

/** Guards that depend on what the caller sends, not on the request; ignored when listing available actions. */
const INPUT_GUARDS: readonly RequestGuard[] = ['reason_required'];

export interface Actor {
  userId: string | null;
  role: ActorRole;
  agency: string | null;
}

export interface RequestFacts {
  status: RequestStatus;
  requestingAgency: string;
  needsAuthorization: boolean;
  authorizationGranted: boolean;
  /**
   * NS-3: acknowledgements and decisions still missing before the request may be cleared for action
   * (`pendingClearance` in advance-notice.ts). Whoever may take a `notice_cleared` transition computes it;
   * absent means nothing is pending.
   */
  pendingClearance?: readonly PendingClearance[];
  /** The hub coordinator who claimed the request (null before a claim, or absent when it does not matter). */
  claimedBy?: string | null;
}

export interface TransitionInput {
  reason?: string | null;
}

/** A transition's target: a status, or `unchanged` for an action that keeps the status (a hand-over). */
export type TransitionTarget = RequestStatus | 'unchanged';

export interface RequestTransition {
  action: RequestAction;
  from: readonly RequestStatus[];
  to: TransitionTarget;
  roles: readonly ActorRole[];
  guards: readonly RequestGuard[];
}

export const REQUEST_TRANSITION_ERROR_CODES = [
  'REQUEST.INVALID_TRANSITION',
  'REQUEST.FORBIDDEN_ACTION',
  'REQUEST.GUARD_FAILED',
] as const;
export type RequestTransitionErrorCode = (typeof REQUEST_TRANSITION_ERROR_CODES)[number];

export type TransitionDecision =
  | { ok: true; to: RequestStatus; transition: RequestTransition }
  | {
      ok: false;
      code: RequestTransitionErrorCode;
      guard?: RequestGuard;
      allowedFrom?: readonly RequestStatus[];
    };

/** True when the input carries a non-blank reason (a question, an answer, a justification). */
export function hasReason(input: TransitionInput): boolean {
  return typeof input.reason === 'string' && input.reason.trim().length > 0;
}

/**
 * `own_agency` binds liaisons only: a liaison acts on their own agency's requests, while hub coordinators
 * and the system act for the hub on every request, so the guard holds for them. This keeps one row per
 * action (e.g. `close`, open to liaisons, the hub and the auto-close clock) instead of per-role guard lists.
 */
export function requestGuardHolds(
  guard: RequestGuard,
  actor: Actor,
  facts: RequestFacts,
  input: TransitionInput,
): boolean {
  switch (guard) {
    case 'own_agency':
      return actor.role !== 'liaison' || (actor.agency !== null && actor.agency === facts.requestingAgency);
    case 'reason_required':
      return hasReason(input);
    case 'authorization_cleared':
      return !facts.needsAuthorization || facts.authorizationGranted;
    case 'needs_authorization':
      return facts.needsAuthorization && !facts.authorizationGranted;
    case 'notice_cleared':
      return (facts.pendingClearance ?? []).length === 0;
    case 'claimant':
      return actor.userId !== null && facts.claimedBy === actor.userId;
    default:
      return assertNever(guard);
  }
}

type TransitionRow = Omit<RequestTransition, 'action'>;

const WITHDRAWABLE: readonly RequestStatus[] = [
  'draft',
  'submitted',
  'registered',
  'in_analysis',
  'clarification_requested',
  'awaiting_authorization',
  'routed',
  'in_progress',
  'responses_received',
];

/** Open and claimed: from the claim until the request is finished, its claimant may hand it to a colleague. */
const CLAIMED: readonly RequestStatus[] = [
  'in_analysis',
  'clarification_requested',
  'awaiting_authorization',
  'routed',
  'in_progress',
  'responses_received',
  'response_sent',
];

// Keyed by action so the type checker insists on exactly one row per action.
const TABLE: Record<RequestAction, TransitionRow> = {
  submit: { from: ['draft'], to: 'submitted', roles: ['liaison'], guards: ['own_agency'] },
  withdraw: { from: WITHDRAWABLE, to: 'withdrawn', roles: ['liaison'], guards: ['own_agency', 'reason_required'] },
  register: { from: ['submitted'], to: 'registered', roles: ['system'], guards: [] },
  claim: { from: ['registered'], to: 'in_analysis', roles: ['hub_coordinator'], guards: [] },
  // The reason is the question put to the requester.
  request_clarification: {
    from: ['in_analysis'],
    to: 'clarification_requested',
    roles: ['hub_coordinator'],
    guards: ['reason_required'],
  },
  answer_clarification: {
    from: ['clarification_requested'],
    to: 'in_analysis',
    roles: ['liaison'],
    guards: ['own_agency', 'reason_required'],
  },
  reject: {
    from: ['registered', 'in_analysis', 'clarification_requested'],
    to: 'rejected',
    roles: ['hub_coordinator'],
    guards: ['reason_required'],
  },
  request_authorization: {
    from: ['in_analysis'],
    to: 'awaiting_authorization',
    roles: ['hub_coordinator'],
    guards: ['needs_authorization'],
  },
  authorize: {
    from: ['awaiting_authorization'],
    to: 'in_analysis',
    roles: ['authorizer'],
    guards: ['reason_required'],
  },
  deny: {
    from: ['awaiting_authorization'],
    to: 'authorization_denied',
    roles: ['authorizer'],
    guards: ['reason_required'],
  },
  route: { from: ['in_analysis'], to: 'routed', roles: ['hub_coordinator'], guards: ['authorization_cleared'] },
  reroute: { from: ['routed', 'in_progress'], to: 'routed', roles: ['hub_coordinator'], guards: ['reason_required'] },
  // The lead's acceptance starts the work, once every required acknowledgement is in (NS-3).
  start_progress: { from: ['routed'], to: 'in_progress', roles: ['system'], guards: ['notice_cleared'] },
  complete_responses: { from: ['routed', 'in_progress'], to: 'responses_received', roles: ['system'], guards: [] },
  release_response: { from: ['responses_received'], to: 'response_sent', roles: ['hub_coordinator'], guards: [] },
  close: {
    from: ['response_sent'],
    to: 'closed',
    roles: ['liaison', 'hub_coordinator', 'system'],
    guards: ['own_agency'],
  },
  // The claimant hands the request to another hub coordinator; the status stays, the reason is the hand-over note.
  hand_over: { from: CLAIMED, to: 'unchanged', roles: ['hub_coordinator'], guards: ['claimant', 'reason_required'] },
};

/** The one transition table for requests (DESIGN §2), one row per action, in `REQUEST_ACTIONS` order. */
export const REQUEST_TRANSITIONS: readonly RequestTransition[] = REQUEST_ACTIONS.map((action) => ({
  action,
  ...TABLE[action],
}));

/** The row for `action` if it may be taken from `from`; undefined otherwise. */
export function findRequestTransition(action: RequestAction, from: RequestStatus): RequestTransition | undefined {
  const transition = REQUEST_TRANSITIONS.find((t) => t.action === action);
  return transition?.from.includes(from) ? transition : undefined;
}

/**
 * Decides whether `actor` may take `action` on a request now. Checks, in order: the current status
 * (INVALID_TRANSITION), the role (FORBIDDEN_ACTION), then each guard in row order (GUARD_FAILED).
 */
export function decideRequestTransition(
  action: RequestAction,
  actor: Actor,
  facts: RequestFacts,
  input: TransitionInput,
): TransitionDecision {
  const transition = REQUEST_TRANSITIONS.find((t) => t.action === action);
  if (!transition || !transition.from.includes(facts.status)) {
    return { ok: false, code: 'REQUEST.INVALID_TRANSITION', allowedFrom: transition?.from ?? [] };
  }
  if (!transition.roles.includes(actor.role)) {
    return { ok: false, code: 'REQUEST.FORBIDDEN_ACTION' };
  }
  const failed = transition.guards.find((guard) => !requestGuardHolds(guard, actor, facts, input));
  if (failed) {
    return { ok: false, code: 'REQUEST.GUARD_FAILED', guard: failed };
  }
  return { ok: true, to: transition.to === 'unchanged' ? facts.status : transition.to, transition };
}

/** Actions `actor` could take now, ignoring guards that depend on the input (such as a reason). */
export function availableRequestActions(actor: Actor, facts: RequestFacts): RequestAction[] {
  return REQUEST_TRANSITIONS.filter(
    (t) =>
      t.from.includes(facts.status) &&
      t.roles.includes(actor.role) &&
      t.guards.every((guard) => INPUT_GUARDS.includes(guard) || requestGuardHolds(guard, actor, facts, {})),
  ).map((t) => t.action);
}
