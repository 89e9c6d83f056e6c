import type { AttachmentContext } from './notification-policy.js';
import { REQUEST_STATUSES, type RequestStatus } from './request-status.js';
import type { Role } from './roles.js';

/**
 * Who may add a file of each context, and while the request is in which statuses (issue 11). The API enforces it;
 * the web app offers only what it allows. An agency's `answer` file also needs its assignment open.
 */
export const ATTACHMENT_UPLOADERS: Record<AttachmentContext, { role: Role; statuses: readonly RequestStatus[] }> = {
  // The requester's annexes: while writing it, and while answering a clarification.
  request: { role: 'liaison', statuses: ['draft', 'submitted', 'clarification_requested'] },
  clarification: { role: 'liaison', statuses: ['clarification_requested'] },
  // An agency's evidence, with its answer, while its assignment is open.
  answer: { role: 'agency_coordinator', statuses: ['routed', 'in_progress'] },
  // The hub's files for the reply, before it is released.
  reply: { role: 'hub_coordinator', statuses: ['routed', 'in_progress', 'responses_received'] },
  // The hub's working notes, at any time after submission.
  note: { role: 'hub_coordinator', statuses: REQUEST_STATUSES.filter((s) => s !== 'draft') },
};

/** The assignment statuses in which its agency may still add evidence to its answer. */
export const ANSWER_FILE_ASSIGNMENT_STATUSES: readonly string[] = ['pending', 'accepted', 'clarification_requested'];

/** The contexts a role may add a file to while the request is in this status, the most specific first. */
export function uploadableContexts(role: Role, status: RequestStatus): AttachmentContext[] {
  const order: AttachmentContext[] = ['clarification', 'request', 'note', 'reply', 'answer'];
  return order.filter(
    (c) => ATTACHMENT_UPLOADERS[c].role === role && ATTACHMENT_UPLOADERS[c].statuses.includes(status),
  );
}

/** Whether an agency may add evidence to this assignment's answer now. */
export function mayAddAnswerFile(assignmentStatus: string, requestStatus: RequestStatus): boolean {
  return (
    ANSWER_FILE_ASSIGNMENT_STATUSES.includes(assignmentStatus) &&
    ATTACHMENT_UPLOADERS.answer.statuses.includes(requestStatus)
  );
}
