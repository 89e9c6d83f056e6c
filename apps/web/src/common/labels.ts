import {
  PRIORITY_LABELS,
  REQUEST_STATUS_LABELS,
  isPriority,
  isRequestStatus,
} from '@ventanilla/domain/request-status.js';
import {
  ASSIGNMENT_ROLE_LABELS,
  ASSIGNMENT_STATUS_LABELS,
  isAssignmentStatus,
} from '@ventanilla/domain/assignment-status.js';
import { ROLE_LABELS, isRole } from '@ventanilla/domain/roles.js';
import type { Language } from '../i18n/language';

// The server's own label tables (libs/domain), so a status reads the same in the UI, the API and the docs.

export function statusLabel(status: string, language: Language): string {
  return isRequestStatus(status) ? REQUEST_STATUS_LABELS[status][language] : status;
}

export function priorityLabel(priority: string, language: Language): string {
  return isPriority(priority) ? `${priority} · ${PRIORITY_LABELS[priority][language]}` : priority;
}

export function roleLabel(role: string, language: Language): string {
  return isRole(role) ? ROLE_LABELS[role][language] : role;
}

export function assignmentStatusLabel(status: string, language: Language): string {
  return isAssignmentStatus(status) ? ASSIGNMENT_STATUS_LABELS[status][language] : status;
}

export function assignmentRoleLabel(role: string, language: Language): string {
  return role === 'lead' || role === 'support' ? ASSIGNMENT_ROLE_LABELS[role][language] : role;
}

/** Reference items carry both names; pick the one on screen. */
export function nameOf(
  item: { nameEn: string; nameEs: string } | undefined,
  language: Language,
  fallback = '',
): string {
  if (!item) return fallback;
  return language === 'es' ? item.nameEs : item.nameEn;
}
