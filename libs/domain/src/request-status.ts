import { assertNever } from './assert-never.util.js';

/** Request lifecycle statuses (DESIGN §2), in lifecycle order. Wire values: never rename one once shipped. */
export const REQUEST_STATUSES = [
  'draft',
  'submitted',
  'registered',
  'in_analysis',
  'clarification_requested',
  'awaiting_authorization',
  'authorization_denied',
  'routed',
  'in_progress',
  'responses_received',
  'response_sent',
  'closed',
  'rejected',
  'withdrawn',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const TERMINAL_REQUEST_STATUSES = [
  'authorization_denied',
  'rejected',
  'withdrawn',
  'closed',
] as const satisfies readonly RequestStatus[];
export type TerminalRequestStatus = (typeof TERMINAL_REQUEST_STATUSES)[number];

export function isTerminalRequestStatus(status: RequestStatus): status is TerminalRequestStatus {
  return (TERMINAL_REQUEST_STATUSES as readonly RequestStatus[]).includes(status);
}

export function isRequestStatus(value: string): value is RequestStatus {
  return (REQUEST_STATUSES as readonly string[]).includes(value);
}

export const REQUEST_STATUS_LABELS: Record<RequestStatus, { en: string; es: string }> = {
  draft: { en: 'Draft', es: 'Borrador' },
  submitted: { en: 'Submitted', es: 'Recibida' },
  registered: { en: 'Registered', es: 'Registrada' },
  in_analysis: { en: 'In analysis', es: 'En análisis' },
  clarification_requested: { en: 'Clarification requested', es: 'Prevenida' },
  awaiting_authorization: { en: 'Awaiting authorization', es: 'Requiere autorización' },
  authorization_denied: { en: 'Authorization denied', es: 'Negada' },
  routed: { en: 'Routed', es: 'Turnada' },
  in_progress: { en: 'In progress', es: 'En atención' },
  responses_received: { en: 'Responses received', es: 'Respondida por áreas' },
  response_sent: { en: 'Response sent', es: 'Enviada' },
  closed: { en: 'Closed', es: 'Concluida' },
  rejected: { en: 'Rejected', es: 'Improcedente' },
  withdrawn: { en: 'Withdrawn', es: 'Desistida' },
};

/** Priorities (reference/sla.json). */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_LABELS: Record<Priority, { en: string; es: string }> = {
  P1: { en: 'Critical', es: 'Crítica' },
  P2: { en: 'Urgent', es: 'Urgente' },
  P3: { en: 'Routine', es: 'Ordinaria' },
  P4: { en: 'Programmatic', es: 'Programática' },
};

export function isPriority(value: string): value is Priority {
  return (PRIORITIES as readonly string[]).includes(value);
}

/** Escalation is a level carried by a request, not a status (reference/sla.json `escalationLevels`). */
export const ESCALATION_LEVELS = ['L0', 'L1', 'L2', 'L3', 'L4'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** Handling codes (reference/handling.json), Europol semantics. */
export const HANDLING_CODES = ['H0', 'H1', 'H2', 'H3'] as const;
export type HandlingCode = (typeof HANDLING_CODES)[number];

/** No-surprises classes of a request type (reference/request-types.json), weakest first. */
export const NO_SURPRISES_CLASSES = ['none', 'report', 'notice', 'authorization'] as const;
export type NoSurprisesClass = (typeof NO_SURPRISES_CLASSES)[number];

/** NS-3: types whose class is `notice` or `authorization` must carry `proposedActionAt`. */
export function requiresProposedActionAt(noSurprises: NoSurprisesClass): boolean {
  switch (noSurprises) {
    case 'none':
    case 'report':
      return false;
    case 'notice':
    case 'authorization':
      return true;
    default:
      return assertNever(noSurprises);
  }
}

/** Escalation only rises: the higher of two levels. */
export function maxEscalationLevel(a: EscalationLevel, b: EscalationLevel): EscalationLevel {
  return ESCALATION_LEVELS.indexOf(a) >= ESCALATION_LEVELS.indexOf(b) ? a : b;
}
