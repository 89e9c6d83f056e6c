import {
  ESCALATION_LEVELS,
  NO_SURPRISES_CLASSES,
  REQUEST_STATUSES,
  REQUEST_STATUS_LABELS,
  TERMINAL_REQUEST_STATUSES,
  isRequestStatus,
  isTerminalRequestStatus,
  maxEscalationLevel,
  requiresProposedActionAt,
} from './request-status.js';

describe('request statuses', () => {
  it('keeps the wire values stable, in lifecycle order', () => {
    expect(REQUEST_STATUSES).toEqual([
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
    ]);
  });

  it('knows the four terminal statuses', () => {
    expect(REQUEST_STATUSES.filter(isTerminalRequestStatus)).toEqual([
      'authorization_denied',
      'closed',
      'rejected',
      'withdrawn',
    ]);
    expect(TERMINAL_REQUEST_STATUSES).toHaveLength(4);
  });

  it('labels every status in English and Spanish', () => {
    for (const status of REQUEST_STATUSES) {
      expect(REQUEST_STATUS_LABELS[status].en).not.toBe('');
      expect(REQUEST_STATUS_LABELS[status].es).not.toBe('');
    }
    expect(REQUEST_STATUS_LABELS.clarification_requested.es).toBe('Prevenida');
    expect(REQUEST_STATUS_LABELS.routed.es).toBe('Turnada');
  });

  it('recognises status values', () => {
    expect(isRequestStatus('routed')).toBe(true);
    expect(isRequestStatus('turnada')).toBe(false);
  });
});

describe('no-surprises classes', () => {
  it('requires a proposed action date for notice and authorization types only', () => {
    expect(NO_SURPRISES_CLASSES.filter(requiresProposedActionAt)).toEqual(['notice', 'authorization']);
  });
});

describe('escalation levels', () => {
  it('only rises', () => {
    expect(maxEscalationLevel('L0', 'L2')).toBe('L2');
    expect(maxEscalationLevel('L3', 'L1')).toBe('L3');
    expect(maxEscalationLevel('L1', 'L1')).toBe('L1');
    expect(ESCALATION_LEVELS).toEqual(['L0', 'L1', 'L2', 'L3', 'L4']);
  });
});
