/** Assignment statuses (DESIGN §2): one assignment per receiving agency. Wire values: never rename. */
export const ASSIGNMENT_STATUSES = [
  'pending',
  'accepted',
  'clarification_requested',
  'responded',
  'declined',
  'cancelled',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** Exactly one `lead` per routed request, zero or more `support`. */
export const ASSIGNMENT_ROLES = ['lead', 'support'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

export const TERMINAL_ASSIGNMENT_STATUSES = [
  'responded',
  'declined',
  'cancelled',
] as const satisfies readonly AssignmentStatus[];
export type TerminalAssignmentStatus = (typeof TERMINAL_ASSIGNMENT_STATUSES)[number];

export function isTerminalAssignmentStatus(status: AssignmentStatus): status is TerminalAssignmentStatus {
  return (TERMINAL_ASSIGNMENT_STATUSES as readonly AssignmentStatus[]).includes(status);
}

export function isAssignmentStatus(value: string): value is AssignmentStatus {
  return (ASSIGNMENT_STATUSES as readonly string[]).includes(value);
}

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, { en: string; es: string }> = {
  pending: { en: 'Pending', es: 'Pendiente' },
  accepted: { en: 'Accepted', es: 'Aceptada' },
  clarification_requested: { en: 'Clarification requested', es: 'Aclaración solicitada' },
  responded: { en: 'Responded', es: 'Respondida' },
  declined: { en: 'Declined', es: 'Declinada' },
  cancelled: { en: 'Cancelled', es: 'Cancelada' },
};

export const ASSIGNMENT_ROLE_LABELS: Record<AssignmentRole, { en: string; es: string }> = {
  lead: { en: 'Lead', es: 'Responsable' },
  support: { en: 'Support', es: 'Coadyuvante' },
};
