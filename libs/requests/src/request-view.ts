import type {
  ClarificationEntity,
  RequestEntity,
  SubjectRecord,
} from '@ventanilla/database/entities/request.entity.js';
import { availableRequestActions, type Actor, type RequestAction } from '@ventanilla/domain/request-transitions.js';

/** A request as the API shows it. Field names are part of the public contract. */
export interface RequestView {
  id: string;
  folio: string | null;
  status: RequestEntity['status'];
  version: number;
  type: string;
  topics: string[];
  priority: string;
  title: string;
  summary: string;
  language: string;
  classification: string;
  handlingCode: string;
  legalBasis: string | null;
  subjects: SubjectRecord[];
  locations: string[];
  neededBy: string | null;
  proposedActionAt: string | null;
  usPersonnelOnMexicanSoil: boolean;
  diplomaticNoteNumber: string | null;
  requestingAgency: string;
  escalationLevel: string;
  claimedBy: string | null;
  clock: {
    paused: boolean;
    pausedAt: string | null;
    acknowledgeDueAt: string | null;
    routeDueAt: string | null;
    firstResponseDueAt: string | null;
    closeDueAt: string | null;
  };
  closingReason: string | null;
  submittedAt: string | null;
  registeredAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** What the caller could do now; the server still checks every action. */
  availableActions: RequestAction[];
  clarifications?: ClarificationView[];
}

export interface ClarificationView {
  id: string;
  question: string;
  askedAt: string;
  answer: string | null;
  answeredAt: string | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toRequestView(r: RequestEntity, viewer: Actor, clarifications?: ClarificationEntity[]): RequestView {
  return {
    id: r.id,
    folio: r.folio,
    status: r.status,
    version: r.version,
    type: r.type,
    topics: r.topics,
    priority: r.priority,
    title: r.title,
    summary: r.summary,
    language: r.language,
    classification: r.classification,
    handlingCode: r.handlingCode,
    legalBasis: r.legalBasis,
    subjects: r.subjects,
    locations: r.locations,
    neededBy: iso(r.neededBy),
    proposedActionAt: iso(r.proposedActionAt),
    usPersonnelOnMexicanSoil: r.usPersonnelOnMexicanSoil,
    diplomaticNoteNumber: r.diplomaticNoteNumber,
    requestingAgency: r.requestingAgency,
    escalationLevel: r.escalationLevel,
    claimedBy: r.claimedBy,
    clock: {
      paused: r.clockPausedAt !== null,
      pausedAt: iso(r.clockPausedAt),
      acknowledgeDueAt: iso(r.acknowledgeDueAt),
      routeDueAt: iso(r.routeDueAt),
      firstResponseDueAt: iso(r.firstResponseDueAt),
      closeDueAt: iso(r.closeDueAt),
    },
    closingReason: r.closingReason,
    submittedAt: iso(r.submittedAt),
    registeredAt: iso(r.registeredAt),
    closedAt: iso(r.closedAt),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    availableActions: availableRequestActions(viewer, {
      status: r.status,
      requestingAgency: r.requestingAgency,
      needsAuthorization: r.needsAuthorization,
      authorizationGranted: r.authorizationGranted,
    }),
    ...(clarifications
      ? {
          clarifications: clarifications.map((c) => ({
            id: c.id,
            question: c.question,
            askedAt: c.askedAt.toISOString(),
            answer: c.answer,
            answeredAt: iso(c.answeredAt),
          })),
        }
      : {}),
  };
}
