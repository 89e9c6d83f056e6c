import {
  ASSIGNMENT_ROLES,
  ASSIGNMENT_ROLE_LABELS,
  ASSIGNMENT_STATUSES,
  ASSIGNMENT_STATUS_LABELS,
  isAssignmentStatus,
  isTerminalAssignmentStatus,
} from './assignment-status.js';

describe('assignment statuses', () => {
  it('keeps the wire values stable', () => {
    expect(ASSIGNMENT_STATUSES).toEqual([
      'pending',
      'accepted',
      'clarification_requested',
      'responded',
      'declined',
      'cancelled',
    ]);
    expect(ASSIGNMENT_ROLES).toEqual(['lead', 'support']);
  });

  it('treats responded, declined and cancelled as terminal', () => {
    expect(ASSIGNMENT_STATUSES.filter(isTerminalAssignmentStatus)).toEqual(['responded', 'declined', 'cancelled']);
  });

  it('labels every status and role in English and Spanish', () => {
    for (const status of ASSIGNMENT_STATUSES) {
      expect(ASSIGNMENT_STATUS_LABELS[status].en).not.toBe('');
      expect(ASSIGNMENT_STATUS_LABELS[status].es).not.toBe('');
    }
    for (const role of ASSIGNMENT_ROLES) expect(ASSIGNMENT_ROLE_LABELS[role].es).not.toBe('');
  });

  it('recognises status values', () => {
    expect(isAssignmentStatus('declined')).toBe(true);
    expect(isAssignmentStatus('rejected')).toBe(false);
  });
});
