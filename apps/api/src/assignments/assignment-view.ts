import type {
  AssignmentClarificationEntity,
  AssignmentEntity,
  AssignmentResponseEntity,
} from '@ventanilla/database/entities/assignment.entity.js';
import type { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { availableAssignmentActions } from '@ventanilla/domain/assignment-transitions.js';
import type { Actor } from '@ventanilla/domain/request-transitions.js';

/** An assignment as the API shows it. The request part is what the agency needs to work, nothing about others. */
export interface AssignmentView {
  id: string;
  requestId: string;
  folio: string | null;
  agency: string;
  role: string;
  round: number;
  status: string;
  version: number;
  escalationLevel: string;
  responseDueAt: string | null;
  clockPaused: boolean;
  deliveredAt: string | null;
  acceptedAt: string | null;
  respondedAt: string | null;
  closingReason: string | null;
  createdAt: string;
  updatedAt: string;
  request: { title: string; type: string; topics: string[]; priority: string; status: string };
  /** The lead sees which agencies support it; supports do not see each other. */
  supportingAgencies?: string[];
  responses?: Array<{ id: string; text: string; final: boolean; createdAt: string }>;
  clarifications?: Array<{
    id: string;
    question: string;
    askedAt: string;
    answer: string | null;
    answeredAt: string | null;
  }>;
  availableActions: string[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toAssignmentView(
  a: AssignmentEntity,
  r: Pick<RequestEntity, 'folio' | 'title' | 'type' | 'topics' | 'priority' | 'status'>,
  viewer: Actor,
  extra: {
    supportingAgencies?: string[];
    responses?: AssignmentResponseEntity[];
    clarifications?: AssignmentClarificationEntity[];
  } = {},
): AssignmentView {
  return {
    id: a.id,
    requestId: a.requestId,
    folio: r.folio,
    agency: a.agency,
    role: a.role,
    round: a.round,
    status: a.status,
    version: a.version,
    escalationLevel: a.escalationLevel,
    responseDueAt: iso(a.responseDueAt),
    clockPaused: a.clockPausedAt !== null,
    deliveredAt: iso(a.deliveredAt),
    acceptedAt: iso(a.acceptedAt),
    respondedAt: iso(a.respondedAt),
    closingReason: a.closingReason,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    request: { title: r.title, type: r.type, topics: r.topics, priority: r.priority, status: r.status },
    ...(extra.supportingAgencies ? { supportingAgencies: extra.supportingAgencies } : {}),
    ...(extra.responses
      ? {
          responses: extra.responses.map((x) => ({
            id: x.id,
            text: x.text,
            final: x.final,
            createdAt: x.createdAt.toISOString(),
          })),
        }
      : {}),
    ...(extra.clarifications
      ? {
          clarifications: extra.clarifications.map((c) => ({
            id: c.id,
            question: c.question,
            askedAt: c.askedAt.toISOString(),
            answer: c.answer,
            answeredAt: iso(c.answeredAt),
          })),
        }
      : {}),
    availableActions: availableAssignmentActions(viewer, { status: a.status, agency: a.agency }).filter(
      (x) => x !== 'cancel',
    ),
  };
}
