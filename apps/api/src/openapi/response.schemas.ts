import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACTION_KINDS,
  CLEARANCE_PARTIES,
  type ActionKind,
  type ClearanceParty,
  type PendingClearance,
} from '@ventanilla/domain/advance-notice.js';
import { REQUEST_ACTIONS, type RequestAction } from '@ventanilla/domain/request-transitions.js';
import {
  ESCALATION_LEVELS,
  PRIORITIES,
  REQUEST_STATUSES,
  type EscalationLevel,
  type RequestStatus,
} from '@ventanilla/domain/request-status.js';
import { SUBJECT_KINDS } from '@ventanilla/domain/request-fields.js';
import { SEARCH_KINDS, type SearchKind } from '@ventanilla/domain/search-query.js';
import { ROLES, type Role } from '@ventanilla/domain/roles.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { ASSIGNMENT_ROLES, ASSIGNMENT_STATUSES } from '@ventanilla/domain/assignment-status.js';
import { ASSIGNMENT_ACTIONS } from '@ventanilla/domain/assignment-transitions.js';
import {
  NOTICE_CHANNELS,
  TRAIL_KINDS,
  type NoticeChannel,
  type TrailKind,
} from '@ventanilla/notifications/notification-trail.js';
import type { NotificationTimelineEntry } from '@ventanilla/notifications/notification-timeline.js';
import type {
  DeliveryView,
  NotificationDetailView,
  NotificationView,
  TrailStepView,
} from '@ventanilla/notifications/notification-view.js';
import type { ClarificationView, RequestView } from '@ventanilla/requests/request-view.js';
import type { DeadLetterView } from '../admin/dead-letters.service.js';
import type { AssignmentView } from '../assignments/assignment-view.js';
import type { NotificationCounts, NotificationPage } from '../notifications/notifications.service.js';
import type { RequestQueue } from '../requests/requests.dto.js';
import type { RoutingProposalView } from '../requests/request-queries.service.js';
import type { RuleSetVersionView } from '../routing/routing-rules.controller.js';
import type { SearchMatch, SearchSnippet } from '../search/search-engine.js';

/*
 * Response bodies as OpenAPI schemas, so that clients (the web app's generated types among them) know what
 * comes back. Each class `implements` the type the service returns: a field added there and not here fails
 * the type check instead of silently missing from the document.
 */

export class SessionUserSchema implements SessionUser {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: String, nullable: true }) agency: string | null;
  @ApiProperty({ enum: ['en', 'es'] }) language: 'en' | 'es';
  @ApiProperty({
    description:
      'The password was set by someone else (an administrator, or the demo data on a shared start): until the user sets their own with POST /api/auth/password, every other call answers 403 AUTH.PASSWORD_CHANGE_REQUIRED.',
  })
  mustChangePassword: boolean;
}

export class SessionSchema {
  @ApiProperty({ type: SessionUserSchema }) user: SessionUserSchema;
}

export class SubjectSchema {
  @ApiProperty({ enum: SUBJECT_KINDS }) kind: (typeof SUBJECT_KINDS)[number];
  @ApiProperty() name: string;
  @ApiPropertyOptional() nationality?: string;
  @ApiPropertyOptional() isMexicanOfficial?: boolean;
}

export class RequestClockSchema {
  @ApiProperty() paused: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) pausedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgeDueAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) routeDueAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) firstResponseDueAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closeDueAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextDueAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) atRiskFrom: string | null;
}

export class AttributedAnswerSchema {
  @ApiPropertyOptional({ format: 'uuid', description: 'The agency answer; translations name it.' }) id?: string;
  @ApiProperty() agency: string;
  @ApiProperty({ enum: ['lead', 'support'] }) role: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) respondedAt: string;
}

export class ConsolidatedResponseSchema {
  @ApiProperty() text: string;
  @ApiProperty({ type: [AttributedAnswerSchema] }) answers: AttributedAnswerSchema[];
}

export class ClarificationSchema implements ClarificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() question: string;
  @ApiProperty({ format: 'date-time' }) askedAt: string;
  @ApiProperty({ type: String, nullable: true }) answer: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt: string | null;
  @ApiProperty({ description: "An agency's question relayed by the hub." }) relayed: boolean;
}

export class RequestViewSchema implements RequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'SSAN-2026-000123' }) folio: string | null;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty() version: number;
  @ApiProperty() type: string;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ enum: PRIORITIES }) priority: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() language: string;
  @ApiProperty() classification: string;
  @ApiProperty() handlingCode: string;
  @ApiProperty({ type: String, nullable: true }) legalBasis: string | null;
  @ApiProperty({ type: [SubjectSchema] }) subjects: SubjectSchema[];
  @ApiProperty({ type: [String] }) locations: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) neededBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) proposedActionAt: string | null;
  @ApiProperty({ type: String, enum: ACTION_KINDS, nullable: true }) actionKind: ActionKind | null;
  @ApiProperty({ description: 'Submitted with less notice than the minimum lead time (NS-3).' }) surpriseRisk: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) postActionReportDueAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) postActionReportedAt: string | null;
  @ApiProperty() usPersonnelOnMexicanSoil: boolean;
  @ApiProperty({ type: String, nullable: true }) diplomaticNoteNumber: string | null;
  @ApiProperty() requestingAgency: string;
  @ApiProperty({ enum: ESCALATION_LEVELS }) escalationLevel: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) claimedBy: string | null;
  @ApiProperty({ type: RequestClockSchema }) clock: RequestClockSchema;
  @ApiProperty() needsAuthorization: boolean;
  @ApiProperty() authorizationGranted: boolean;
  @ApiProperty() routingRound: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) routedAt: string | null;
  @ApiProperty({ type: ConsolidatedResponseSchema, nullable: true }) response: ConsolidatedResponseSchema | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) responseReleasedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) closingReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) registeredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ enum: REQUEST_ACTIONS, isArray: true, description: 'What the caller could do now.' })
  availableActions: RequestAction[];
  @ApiPropertyOptional({ type: [ClarificationSchema], description: 'On single-request answers only.' })
  clarifications?: ClarificationSchema[];
}

export class SearchHighlightSchema {
  @ApiProperty({ description: 'Offset of the first highlighted character in `text`.' }) start: number;
  @ApiProperty({ description: 'Offset just past the last highlighted character.' }) end: number;
}

export class SearchSnippetSchema implements SearchSnippet {
  @ApiProperty({ enum: SEARCH_KINDS, description: 'Which text of the record matched.' }) kind: SearchKind;
  @ApiProperty({ description: 'An excerpt of that text (only text the caller may read).' }) text: string;
  @ApiProperty({ type: [SearchHighlightSchema] }) highlights: SearchHighlightSchema[];
}

export class SearchMatchSchema implements SearchMatch {
  @ApiProperty({ description: 'Relevance, higher first; 0 for a match through a mistyped name only.' }) rank: number;
  @ApiProperty({ type: [SearchSnippetSchema] }) snippets: SearchSnippetSchema[];
}

export class RequestListItemSchema extends RequestViewSchema {
  @ApiPropertyOptional({ type: SearchMatchSchema, description: 'With `q` only: why the request matched.' })
  match?: SearchMatchSchema;
}

export class RequestPageSchema {
  @ApiProperty({ type: [RequestListItemSchema] }) items: RequestListItemSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AuthorizationDeciderSchema {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
  @ApiProperty({ type: String, nullable: true }) agency: string | null;
}

export class AuthorizationDecisionSchema {
  @ApiProperty({ format: 'uuid', description: 'The audit event that recorded the decision.' }) id: string;
  @ApiProperty({ enum: ['authorized', 'denied'] }) decision: 'authorized' | 'denied';
  @ApiProperty({ format: 'date-time', description: 'UTC, microseconds.' }) decidedAt: string;
  @ApiProperty({ type: AuthorizationDeciderSchema }) decidedBy: AuthorizationDeciderSchema;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ type: String, nullable: true }) folio: string | null;
  @ApiProperty() title: string;
  @ApiProperty() requestingAgency: string;
  @ApiProperty({ enum: REQUEST_STATUSES, description: "The request's status now." }) status: RequestStatus;
  @ApiProperty({ enum: PRIORITIES }) priority: string;
}

export class AuthorizationDecisionPageSchema {
  @ApiProperty({ type: [AuthorizationDecisionSchema] }) items: AuthorizationDecisionSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class TimelineActorSchema {
  @ApiProperty() role: string;
  @ApiProperty({ type: String, nullable: true }) agency: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Hub and auditors only.' })
  userId?: string | null;
}

/** The notice a timeline step belongs to (NS-2 evidence), on `notification.*` steps. */
export class TimelineNotificationSchema implements Readonly<NotificationTimelineEntry['notification']> {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'request.register' }) event: string;
  @ApiProperty() recipientAgency: string;
  @ApiProperty({ type: String, enum: NOTICE_CHANNELS, nullable: true }) channel: NoticeChannel | null;
  @ApiProperty({ type: Number, nullable: true }) attempt: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Outcomes only (status, error, ms…), never addresses or endpoints.',
  })
  detail: Record<string, unknown>;
}

export class HandedToSchema {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
}

/** A hub coordinator a request may be handed to (GET /api/hub/colleagues). */
export class HubColleagueSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
}

export class HubColleagueListSchema {
  @ApiProperty({ type: [HubColleagueSchema] }) items: HubColleagueSchema[];
}

export class TimelineEntrySchema {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ example: 'request.submit' }) action: string;
  @ApiProperty({ type: String, nullable: true }) fromStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) toStatus: string | null;
  @ApiProperty() outcome: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: TimelineActorSchema }) actor: TimelineActorSchema;
  @ApiPropertyOptional({ type: TimelineNotificationSchema, description: 'On notice steps (`notification.*`).' })
  notification?: TimelineNotificationSchema;
  @ApiPropertyOptional({
    type: HandedToSchema,
    description: 'On a hand-over (`request.hand_over`, hub and auditors only): who took the request over.',
  })
  handedTo?: HandedToSchema;
}

export class TimelineSchema {
  @ApiProperty({ type: [TimelineEntrySchema] }) items: TimelineEntrySchema[];
}

export class AgencySchema {
  @ApiProperty() code: string;
  @ApiProperty() country: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() nameEs: string;
  @ApiProperty({ type: String, nullable: true }) parent: string | null;
  @ApiProperty() role: string;
  @ApiProperty({ type: [String] }) topics: string[];
}

export class AgencyListSchema {
  @ApiProperty({ type: [AgencySchema] }) items: AgencySchema[];
}

export class RequestTypeSchema {
  @ApiProperty() code: string;
  @ApiProperty() family: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() nameEs: string;
  @ApiProperty() definition: string;
  @ApiProperty({ description: 'The definition in Spanish.' }) definitionEs: string;
  @ApiProperty({ enum: ['none', 'report', 'notice', 'authorization'] }) noSurprises: string;
  @ApiProperty({ enum: PRIORITIES }) defaultPriority: string;
  @ApiProperty() requiresProposedActionAt: boolean;
}

export class RequestTypeListSchema {
  @ApiProperty({ type: [RequestTypeSchema] }) items: RequestTypeSchema[];
}

export class TopicSchema {
  @ApiProperty() code: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() nameEs: string;
}

export class TopicListSchema {
  @ApiProperty({ type: [TopicSchema] }) items: TopicSchema[];
}

export class FieldErrorSchema {
  @ApiProperty({ example: 'subjects[0].name' }) field: string;
  @ApiProperty({ example: 'required' }) code: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) params?: Record<string, unknown>;
}

/** Who still owes what before an action may go ahead (NS-3), on a 409 NOTICE.ACKNOWLEDGEMENTS_PENDING. */
export class PendingClearanceSchema implements PendingClearance {
  @ApiProperty({ enum: CLEARANCE_PARTIES }) party: ClearanceParty;
  @ApiProperty({ type: String, nullable: true, description: 'null for a lead not chosen yet.' }) agency: string | null;
  @ApiProperty({ enum: ['acknowledgement', 'authorization'] }) needs: 'acknowledgement' | 'authorization';
}

/** RFC 9457 problem details, as every error answers, with the members some errors add. */
export class ProblemSchema {
  @ApiProperty() type: string;
  @ApiProperty() title: string;
  @ApiProperty() status: number;
  @ApiProperty({ example: 'REQUEST.INVALID_TRANSITION' }) code: string;
  @ApiProperty() detail: string;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional() correlationId?: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema] }) errors?: FieldErrorSchema[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'On a 409: the object as it stands now (the whole view, or its id, status and version).',
  })
  current?: Record<string, unknown>;
  @ApiPropertyOptional({
    type: [String],
    description: 'On a 409 *.INVALID_TRANSITION: the statuses the action starts from.',
  })
  allowedFrom?: string[];
  @ApiPropertyOptional({ type: [PendingClearanceSchema], description: 'On a 409 NOTICE.ACKNOWLEDGEMENTS_PENDING.' })
  missing?: PendingClearanceSchema[];
  @ApiPropertyOptional({ description: 'On a 422 REQUEST.GUARD_FAILED: the guard that failed.' }) guard?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'On a 500: the id under which the error was logged.' })
  errorId?: string;
}

// ---- hub queues, routing, assignments -------------------------------------------------------------------

export class QueueCountsByQueueSchema implements Record<RequestQueue, number> {
  @ApiProperty() unclaimed: number;
  @ApiProperty() mine: number;
  @ApiProperty() clarification: number;
  @ApiProperty() authorization: number;
  @ApiProperty() routed: number;
  @ApiProperty() needs_rerouting: number;
  @ApiProperty() ready_to_release: number;
  @ApiProperty() at_risk: number;
  @ApiProperty() overdue: number;
}

export class EscalationCountsSchema implements Record<EscalationLevel, number> {
  @ApiProperty() L0: number;
  @ApiProperty() L1: number;
  @ApiProperty() L2: number;
  @ApiProperty() L3: number;
  @ApiProperty() L4: number;
}

export class AssignmentCountsSchema {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Assignments the caller may see, per status (every status present, zero included).',
    example: { pending: 2, accepted: 1 },
  })
  byStatus: Record<string, number>;
  @ApiProperty() total: number;
}

export class QueueCountsSchema {
  @ApiProperty({ type: QueueCountsByQueueSchema }) queues: QueueCountsByQueueSchema;
  @ApiProperty({ type: EscalationCountsSchema, description: 'Open requests per escalation level.' })
  escalation: EscalationCountsSchema;
}

export class RoutingDecisionSchema implements Readonly<RoutingProposalView['decisions'][number]> {
  @ApiProperty() round: number;
  @ApiProperty() lead: string;
  @ApiProperty({ type: [String] }) support: string[];
  @ApiProperty({ description: 'The coordinator kept the rules’ lead and supports.' }) followsProposal: boolean;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
}

export class RoutingProposalSchema implements RoutingProposalView {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() ruleSetVersion: number;
  @ApiProperty() lead: string;
  @ApiProperty({ type: [String] }) support: string[];
  @ApiProperty() needsAuthorization: boolean;
  @ApiProperty({ type: String, nullable: true }) authorizer: string | null;
  @ApiProperty({ type: String, nullable: true, enum: PRIORITIES }) priorityFloor: string | null;
  @ApiProperty({ type: [String], description: 'The matched rule first, then every applied modifier.' })
  ruleIds: string[];
  @ApiProperty({ format: 'date-time' }) computedAt: string;
  @ApiProperty({ type: [RoutingDecisionSchema] }) decisions: RoutingDecisionSchema[];
}

export class AssignmentRequestSchema {
  @ApiProperty() title: string;
  @ApiProperty() type: string;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ enum: PRIORITIES }) priority: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: string;
}

export class AssignmentResponseSchema {
  @ApiProperty({ format: 'uuid', description: 'What `release_response` picks in `answerIds`.' }) id: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'false: a partial answer; the assignment stays open.' }) final: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AssignmentViewSchema implements AssignmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ type: String, nullable: true }) folio: string | null;
  @ApiProperty() agency: string;
  @ApiProperty({ enum: ASSIGNMENT_ROLES }) role: string;
  @ApiProperty() round: number;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ESCALATION_LEVELS }) escalationLevel: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) responseDueAt: string | null;
  @ApiProperty() clockPaused: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) respondedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was declined or cancelled.' })
  closingReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: AssignmentRequestSchema }) request: AssignmentRequestSchema;
  @ApiPropertyOptional({ type: [String], description: 'The lead sees which agencies support it.' })
  supportingAgencies?: string[];
  @ApiPropertyOptional({ type: [AssignmentResponseSchema], description: 'On single-assignment answers.' })
  responses?: AssignmentResponseSchema[];
  @ApiPropertyOptional({ type: [ClarificationSchema], description: 'The agency’s questions to the hub.' })
  clarifications?: ClarificationSchema[];
  @ApiProperty({ enum: ASSIGNMENT_ACTIONS, isArray: true, description: 'What the caller could do now.' })
  availableActions: string[];
}

/** The answer to a relayed question: the clarification the requester now sees. */
export class RelayedClarificationSchema {
  @ApiProperty({ format: 'uuid' }) clarificationId: string;
}

export class AssignmentPageSchema {
  @ApiProperty({ type: [AssignmentViewSchema] }) items: AssignmentViewSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AssignmentListSchema {
  @ApiProperty({ type: [AssignmentViewSchema] }) items: AssignmentViewSchema[];
}

// ---- notifications --------------------------------------------------------------------------------------

export class NotificationViewSchema implements NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'request.register' }) event: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) requestId: string | null;
  @ApiProperty({ type: String, nullable: true }) folio: string | null;
  @ApiProperty() recipientAgency: string;
  @ApiProperty({ enum: ['en', 'es'] }) language: 'en' | 'es';
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty() ackRequired: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the acknowledgement is due.' })
  ackDueAt: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['notice_receipt', 'assignment_notice', 'hub_notice'] })
  ackPurpose: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) acknowledgedBy: string | null;
}

export class NotificationCountsSchema implements NotificationCounts {
  @ApiProperty({ description: 'Notices nobody in the agency has read.' }) unreadCount: number;
  @ApiProperty({ description: 'Notices that need an acknowledgement and have none yet.' }) unacknowledgedCount: number;
}

export class NotificationPageSchema extends NotificationCountsSchema implements NotificationPage {
  @ApiProperty({ type: [NotificationViewSchema] }) items: NotificationViewSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class DeliverySchema implements DeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['email', 'webhook'] }) channel: 'email' | 'webhook';
  @ApiProperty({ description: 'The e-mail address, or the webhook endpoint id.' }) target: string;
  @ApiProperty({ enum: ['en', 'es'] }) language: 'en' | 'es';
  @ApiProperty() status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class TrailStepSchema implements TrailStepView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: TRAIL_KINDS }) kind: TrailKind;
  @ApiProperty({ type: String, enum: NOTICE_CHANNELS, nullable: true }) channel: NoticeChannel | null;
  @ApiProperty({ type: Number, nullable: true }) attempt: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorUserId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail: Record<string, unknown>;
}

export class NotificationDetailSchema extends NotificationViewSchema implements NotificationDetailView {
  @ApiProperty({ type: [DeliverySchema] }) deliveries: DeliverySchema[];
  @ApiProperty({ type: [TrailStepSchema] }) trail: TrailStepSchema[];
}

// ---- administration --------------------------------------------------------------------------------------

export class RuleSetVersionSchema implements RuleSetVersionView {
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who published it (an e-mail, or `seed`).' })
  createdBy: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class RuleSetVersionListSchema {
  @ApiProperty({ description: 'The version in force (the newest).' }) current: number;
  @ApiProperty({ type: [RuleSetVersionSchema] }) items: RuleSetVersionSchema[];
}

export class RuleSetDocumentSchema {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  rules: Array<Record<string, unknown>>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  modifiers: Array<Record<string, unknown>>;
}

export class RuleSetVersionDocumentSchema extends RuleSetVersionSchema {
  @ApiProperty({ type: RuleSetDocumentSchema }) document: RuleSetDocumentSchema;
}

export class DeadLetterSchema implements DeadLetterView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  @ApiProperty({ format: 'uuid' }) notificationId: string;
  @ApiProperty({ enum: ['email', 'webhook'] }) channel: 'email' | 'webhook';
  @ApiProperty() agency: string;
  @ApiProperty({ description: 'The e-mail address, or the webhook endpoint id.' }) target: string;
  @ApiProperty() event: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) deadAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) replayedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) replayedBy: string | null;
  @ApiProperty({ description: 'Where the delivery stands now (e.g. delivered after a replay).' })
  deliveryStatus: string;
}

export class DeadLetterPageSchema {
  @ApiProperty({ type: [DeadLetterSchema] }) items: DeadLetterSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
