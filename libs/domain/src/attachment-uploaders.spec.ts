import { mayAddAnswerFile, uploadableContexts } from './attachment-uploaders.js';
import { REQUEST_STATUSES } from './request-status.js';
import { ROLES } from './roles.js';

describe('who may add a file, and where', () => {
  it('gives the requester annexes while writing and while answering a clarification, clarification first', () => {
    expect(uploadableContexts('liaison', 'draft')).toEqual(['request']);
    expect(uploadableContexts('liaison', 'submitted')).toEqual(['request']);
    expect(uploadableContexts('liaison', 'clarification_requested')).toEqual(['clarification', 'request']);
    expect(uploadableContexts('liaison', 'routed')).toEqual([]);
  });

  it('gives the hub notes after submission and reply files until the reply is released', () => {
    expect(uploadableContexts('hub_coordinator', 'draft')).toEqual([]);
    expect(uploadableContexts('hub_coordinator', 'registered')).toEqual(['note']);
    expect(uploadableContexts('hub_coordinator', 'responses_received')).toEqual(['note', 'reply']);
    expect(uploadableContexts('hub_coordinator', 'response_sent')).toEqual(['note']);
  });

  it('never lets GANS, auditors or administrators add a file, in any status', () => {
    for (const role of ROLES.filter((r) => ['authorizer', 'auditor', 'admin'].includes(r)))
      for (const status of REQUEST_STATUSES) expect(uploadableContexts(role, status)).toEqual([]);
  });

  it('lets an agency add evidence only while both its assignment and the request are open', () => {
    expect(mayAddAnswerFile('accepted', 'in_progress')).toBe(true);
    expect(mayAddAnswerFile('pending', 'routed')).toBe(true);
    expect(mayAddAnswerFile('responded', 'in_progress')).toBe(false);
    expect(mayAddAnswerFile('accepted', 'responses_received')).toBe(false);
  });
});
