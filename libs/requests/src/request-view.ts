import type {
  ClarificationEntity,
  ConsolidatedResponse,
  RequestEntity,
  SubjectRecord,
} from '@ventanilla/database/entities/request.entity.js';
import type { ActionKind } from '@ventanilla/domain/advance-notice.js';
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
  /** NS-3: planned, operation or exigent (notice and authorization types). */
  actionKind: ActionKind | null;
  /** NS-3: submitted with less notice than its kind's minimum lead time (accepted, escalated at once). */
  surpriseRisk: boolean;
  /** Exigent actions: when the post-action report is due, and when it was filed. */
  postActionReportDueAt: string | null;
  postActionReportedAt: string | null;
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
    /** The nearest deadline of a running clock, and the instant it reaches 80 % (the hub's "at risk"). */
    nextDueAt: string | null;
    atRiskFrom: string | null;
  };
  needsAuthorization: boolean;
  authorizationGranted: boolean;
  routingRound: number;
  routedAt: string | null;
  /** The hub's released reply with each agency's answer attributed; null until released. */
  response: ConsolidatedResponse | null;
  responseReleasedAt: string | null;
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
  /** An agency's question the hub relayed: answered with POST …/clarifications/{id}/answer, not an action. */
  relayed: boolean;
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
    actionKind: r.actionKind,
    surpriseRisk: r.surpriseRisk,
    postActionReportDueAt: iso(r.postActionReportDueAt),
    postActionReportedAt: iso(r.postActionReportedAt),
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
      nextDueAt: iso(r.nextDueAt),
      atRiskFrom: iso(r.nextRiskAt),
    },
    needsAuthorization: r.needsAuthorization,
    authorizationGranted: r.authorizationGranted,
    routingRound: r.routingRound,
    routedAt: iso(r.routedAt),
    response: r.response,
    responseReleasedAt: iso(r.responseReleasedAt),
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
      claimedBy: r.claimedBy,
    }),
    ...(clarifications
      ? {
          clarifications: clarifications.map((c) => ({
            id: c.id,
            question: c.question,
            askedAt: c.askedAt.toISOString(),
            answer: c.answer,
            answeredAt: iso(c.answeredAt),
            relayed: c.relayedFrom !== null,
          })),
        }
      : {}),
  };
}
