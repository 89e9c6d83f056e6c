import type { RequestView, RoutingProposal, SessionUser } from '../api/client';

export const HUB_USER: SessionUser = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'hub@demo.test',
  displayName: 'Héctor Uribe (SSAN)',
  role: 'hub_coordinator',
  agency: 'SRE-SSAN',
  language: 'en',
  mustChangePassword: false,
};

export const ADMIN_USER: SessionUser = {
  id: '00000000-0000-4000-8000-000000000002',
  email: 'admin@demo.test',
  displayName: 'Adriana Mena (Admin)',
  role: 'admin',
  agency: null,
  language: 'en',
  mustChangePassword: false,
};

/** A registered request the hub has claimed, ready to route. */
export function claimedRequest(overrides: Partial<RequestView> = {}): RequestView {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    folio: 'SSAN-2026-000123',
    status: 'in_analysis',
    version: 4,
    type: 'information',
    topics: ['firearms'],
    priority: 'P3',
    title: 'Trace of seized firearms',
    summary: 'Fictitious.',
    language: 'en',
    classification: 'SBU',
    handlingCode: 'H1',
    legalBasis: null,
    subjects: [],
    locations: [],
    neededBy: null,
    proposedActionAt: null,
    actionKind: null,
    surpriseRisk: false,
    postActionReportDueAt: null,
    postActionReportedAt: null,
    usPersonnelOnMexicanSoil: false,
    diplomaticNoteNumber: null,
    requestingAgency: 'DEA',
    escalationLevel: 'L0',
    claimedBy: HUB_USER.id,
    clock: {
      paused: false,
      pausedAt: null,
      acknowledgeDueAt: null,
      routeDueAt: null,
      firstResponseDueAt: null,
      closeDueAt: null,
      nextDueAt: null,
      atRiskFrom: null,
    },
    needsAuthorization: false,
    authorizationGranted: false,
    routingRound: 0,
    routedAt: null,
    response: null,
    responseReleasedAt: null,
    closingReason: null,
    submittedAt: '2026-05-04T15:00:00.000Z',
    registeredAt: '2026-05-04T15:00:01.000Z',
    closedAt: null,
    createdAt: '2026-05-04T15:00:00.000Z',
    updatedAt: '2026-05-04T15:10:00.000Z',
    availableActions: ['request_clarification', 'reject', 'route'],
    ...overrides,
  };
}

export const PROPOSAL: RoutingProposal = {
  requestId: '11111111-1111-4111-8111-111111111111',
  ruleSetVersion: 3,
  lead: 'FGR',
  support: ['SSPC'],
  needsAuthorization: false,
  authorizer: null,
  priorityFloor: null,
  ruleIds: ['R-025'],
  computedAt: '2026-05-04T15:00:01.000Z',
  decisions: [],
};

/** A JSON answer, as the API gives it. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}
