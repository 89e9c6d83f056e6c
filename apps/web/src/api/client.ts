import createClient, { type Middleware } from 'openapi-fetch';
import { activeLanguage } from '../i18n/i18n';
import { ApiProblem } from './problem';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type RequestView = Schemas['RequestViewSchema'];
export type RequestPage = Schemas['RequestPageSchema'];
export type TimelineEntry = Schemas['TimelineEntrySchema'];
export type SessionUser = Schemas['SessionUserSchema'];
export type RequestType = Schemas['RequestTypeSchema'];
export type Topic = Schemas['TopicSchema'];
export type Agency = Schemas['AgencySchema'];
export type CreateRequestBody = Schemas['CreateRequestDto'];
export type RequestAction = RequestView['availableActions'][number];
export type ActionBody = Schemas['ActionDto'];
export type QueueCounts = Schemas['QueueCountsSchema'];
export type RoutingProposal = Schemas['RoutingProposalSchema'];
export type AssignmentView = Schemas['AssignmentViewSchema'];
export type AssignmentPage = Schemas['AssignmentPageSchema'];
export type AssignmentAction = AssignmentView['availableActions'][number];
export type NotificationView = Schemas['NotificationViewSchema'];
export type NotificationPage = Schemas['NotificationPageSchema'];
export type AuthorizationDecision = Schemas['AuthorizationDecisionSchema'];
export type AuthorizationDecisionPage = Schemas['AuthorizationDecisionPageSchema'];
export type AuditEvent = Schemas['AuditEventSchema'];
export type AuditEventPage = Schemas['AuditEventPageSchema'];
export type VerifyView = Schemas['VerifySchema'];
export type UserView = Schemas['UserViewSchema'];
export type UserPage = Schemas['UserPageSchema'];
export type CreateUserBody = Schemas['CreateUserDto'];
export type UpdateUserBody = Schemas['UpdateUserDto'];
export type RuleSetVersion = Schemas['RuleSetVersionSchema'];
export type RuleSetVersionDocument = Schemas['RuleSetVersionDocumentSchema'];
export type DeadLetter = Schemas['DeadLetterSchema'];
export type HubNotice = Schemas['HubNoticeSchema'];
export type PostActionReport = Schemas['PostActionReportSchema'];
export type NoSurprisesReport = Schemas['NoSurprisesReportSchema'];
export type OverviewReport = Schemas['OverviewReportSchema'];
export type AttachmentView = Schemas['AttachmentViewSchema'];
export type AttachmentContext = AttachmentView['context'];
export type TranslationView = Schemas['TranslationViewSchema'];
export type TranslatedKind = TranslationView['of']['kind'];

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function cookie(name: string): string | undefined {
  return document.cookie
    .split('; ')
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

/** Listeners told when the server says the session is gone (expired, revoked, user disabled). */
const sessionLost = new Set<() => void>();
export function onSessionLost(listener: () => void): () => void {
  sessionLost.add(listener);
  return () => sessionLost.delete(listener);
}

const conventions: Middleware = {
  onRequest({ request }) {
    // Server messages in the language on screen, whatever the browser's own Accept-Language says.
    request.headers.set('Accept-Language', activeLanguage());
    if (UNSAFE.has(request.method)) {
      const csrf = cookie('csrf_token');
      if (csrf) request.headers.set('X-CSRF-Token', decodeURIComponent(csrf));
    }
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !request.url.endsWith('/api/auth/login')) sessionLost.forEach((l) => l());
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '', credentials: 'same-origin' });
api.use(conventions);

/** The body of a successful answer, or an ApiProblem carrying the server's problem+json. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiProblem.from(response.status, error);
  return data as T;
}

/** A random key for Idempotency-Key (crypto.randomUUID needs a secure context; plain http on a LAN is not). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
