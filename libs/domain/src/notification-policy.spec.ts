import fc from 'fast-check';
import { ACTION_KINDS } from './advance-notice.js';
import { ASSIGNMENT_TRANSITIONS } from './assignment-transitions.js';
import { defaultCalendar } from './business-calendar.js';
import {
  acknowledgementSchedule,
  acknowledgementWindow,
  HUB_AGENCY,
  noticeRecipients,
  recipientLanguage,
  type AckWindow,
  type AssignedAgency,
  type PolicyReference,
  type PolicyRequest,
} from './notification-policy.js';
import { REQUEST_TRANSITIONS } from './request-transitions.js';
import { ESCALATION_LEVELS, NO_SURPRISES_CLASSES, PRIORITIES, type NoSurprisesClass } from './request-status.js';

const US = ['DEA', 'ATF', 'FBI', 'DOJ-OIA'];
const MX = ['FGR-INT', 'SSPC-SIIP', 'SHCP-UIF', 'DEFENSA'];
const TYPES: Record<string, NoSurprisesClass> = {
  information: 'report',
  mutual_legal_assistance: 'none',
  advance_notice: 'notice',
  verification: 'authorization',
};
const ACK: Record<string, AckWindow> = {
  P1: { within: { value: 1, unit: 'hours' }, calendar: '24x7' },
  P2: { within: { value: 4, unit: 'businessHours' }, calendar: 'business' },
  P3: { within: { value: 1, unit: 'businessDays' }, calendar: 'business' },
  P4: { within: { value: 2, unit: 'businessDays' }, calendar: 'business' },
};
const ref: PolicyReference = {
  noSurprisesOf: (type) => TYPES[type] ?? 'none',
  countryOf: (agency) => (US.includes(agency) ? 'US' : 'MX'),
  acknowledgeWithin: (priority) => ACK[priority] ?? null,
};
const noticeClass = (type: string) => TYPES[type] === 'notice' || TYPES[type] === 'authorization';

const requestArb = fc.record({
  type: fc.constantFrom(...Object.keys(TYPES)),
  priority: fc.constantFrom(...PRIORITIES),
  requestingAgency: fc.constantFrom(...US),
  needsAuthorization: fc.boolean(),
  actionKind: fc.option(fc.constantFrom(...ACTION_KINDS), { nil: null }),
});
const assignedArb = fc.uniqueArray(
  fc.record({ agency: fc.constantFrom(...MX), role: fc.constantFrom('lead' as const, 'support' as const) }),
  { selector: (a) => a.agency, maxLength: 4 },
);
const agencies = (xs: Array<{ agency: string }>) => xs.map((x) => x.agency).sort();

describe('notification policy: every transition of both tables (property)', () => {
  const requestCases = REQUEST_TRANSITIONS.flatMap((t) => [
    ...t.from.map((from) => ({ action: t.action, from, to: t.to === 'unchanged' ? from : t.to })),
    // A request created already submitted (POST /api/requests) has no previous status.
    ...(t.action === 'submit' ? [{ action: t.action, from: null, to: 'submitted' as const }] : []),
  ]);

  it.each(requestCases)('request.$action from $from tells every party with a stake', ({ action, from, to }) => {
    fc.assert(
      fc.property(requestArb, assignedArb, (base, assigned) => {
        const request: PolicyRequest = { ...base, status: to };
        const got = noticeRecipients({ kind: 'request', action, from, request, assigned }, ref);
        if (from === 'draft' && action !== 'submit') {
          // A draft withdrawn before anyone saw it stays private.
          expect(got).toEqual([]);
          return;
        }
        if (action === 'hand_over') {
          // Work moving between two hub coordinators: the hub alone is told.
          expect(got.map((x) => [x.agency, x.ack])).toEqual([[HUB_AGENCY, null]]);
          return;
        }
        const expected = new Set([request.requestingAgency, HUB_AGENCY, ...assigned.map((a) => a.agency)]);
        if (request.needsAuthorization) expected.add('GANS');
        expect(agencies(got)).toEqual([...expected].sort());
        for (const x of got) expect(x.language).toBe(US.includes(x.agency) ? 'en' : 'es');
        const acks = got.filter((x) => x.ack !== null);
        if (action === 'register' && noticeClass(request.type)) {
          expect(acks.map((x) => [x.agency, x.ack!.purpose])).toEqual([[HUB_AGENCY, 'notice_receipt']]);
        } else {
          expect(acks).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });

  const assignmentEvents = [
    ...ASSIGNMENT_TRANSITIONS.map((t) => `assignment.${t.action}`),
    'assignment.delivered',
    'assignment.respond_partial',
  ];

  it.each(assignmentEvents)('%s tells the agency and the hub, never a US agency (NS-1)', (event) => {
    fc.assert(
      fc.property(
        requestArb,
        fc.record({
          // A US agency can never be routed to, but the policy must hold even if one were.
          agency: fc.constantFrom(...MX, ...US),
          role: fc.constantFrom('lead' as const, 'support' as const),
        }),
        (base, assignment: AssignedAgency) => {
          const request: PolicyRequest = { ...base, status: 'routed' };
          const got = noticeRecipients({ kind: 'assignment', event, request, assignment }, ref);
          const expected = [HUB_AGENCY, ...(US.includes(assignment.agency) ? [] : [assignment.agency])];
          expect(agencies(got)).toEqual(expected.sort());
          expect(got.some((x) => US.includes(x.agency) || x.agency === request.requestingAgency)).toBe(false);
          const acks = got.filter((x) => x.ack !== null);
          const owed = event === 'assignment.delivered' && assignment.role === 'lead' && noticeClass(request.type);
          expect(acks.map((x) => [x.agency, x.ack!.purpose])).toEqual(
            owed && !US.includes(assignment.agency) ? [[assignment.agency, 'assignment_notice']] : [],
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('escalations: the hub, the holders of the level and whose clock it was; an assignment’s never reaches the US side', () => {
    fc.assert(
      fc.property(
        requestArb,
        fc.constantFrom('request' as const, 'assignment' as const),
        fc.constantFrom(...ESCALATION_LEVELS),
        fc.constantFrom(...MX, ...US),
        fc.uniqueArray(fc.constantFrom('SRE-DGAE', 'SRE-DGAJ', 'GANS', 'SRE-SSAN'), { maxLength: 3 }),
        (base, scope, level, owner, holders) => {
          const request: PolicyRequest = { ...base, status: 'in_progress' };
          const got = agencies(noticeRecipients({ kind: 'escalation', scope, level, request, owner, holders }, ref));
          for (const h of holders) expect(got).toContain(h);
          expect(got).toContain(HUB_AGENCY);
          if (scope === 'assignment') expect(got.some((a) => US.includes(a))).toBe(false);
          else expect(got).toEqual(expect.arrayContaining([request.requestingAgency, owner]));
          expect(new Set(got).size).toBe(got.length);
        },
      ),
    );
  });
});

describe('notification policy: examples', () => {
  const request: PolicyRequest = {
    type: 'advance_notice',
    priority: 'P2',
    status: 'routed',
    requestingAgency: 'DEA',
    needsAuthorization: false,
    actionKind: 'planned',
  };

  it('sends the hub’s notice to its addressee alone, with the acknowledgement it asks for', () => {
    const got = noticeRecipients({ kind: 'hub_notice', request, addressee: 'ATF', ackRequired: true }, ref);
    expect(got).toEqual([
      {
        agency: 'ATF',
        party: 'addressee',
        language: 'en',
        ack: { purpose: 'hub_notice', window: ACK.P2 },
      },
    ]);
  });

  it('tells the hub, the requester and the L1 holders of a short notice', () => {
    const got = noticeRecipients({ kind: 'surprise_risk', request, holders: ['SRE-DGAE', 'SRE-DGAJ'] }, ref);
    expect(agencies(got)).toEqual(['DEA', 'SRE-DGAE', 'SRE-DGAJ', 'SRE-SSAN']);
  });

  it('gives an exigent action one hour around the clock, and the priority’s target otherwise', () => {
    expect(acknowledgementWindow({ ...request, actionKind: 'exigent' }, ref)).toEqual({
      within: { value: 1, unit: 'hours' },
      calendar: '24x7',
    });
    expect(acknowledgementWindow({ ...request, priority: 'P3' }, ref)).toEqual(ACK.P3);
  });

  it('escalates an unacknowledged notice to L1 at its deadline and to L2 one window later', () => {
    const cal = defaultCalendar([]);
    const from = new Date('2026-03-02T16:00:00Z'); // Monday 10:00 in Mexico City
    const s = acknowledgementSchedule(ACK.P2, from, cal);
    expect(s.dueAt.toISOString()).toBe('2026-03-02T20:00:00.000Z');
    expect(s.steps.map((x) => [x.level, x.trigger])).toEqual([
      ['L1', 'ack_due'],
      ['L2', 'ack_overdue'],
    ]);
    expect(s.steps[1].at.getTime()).toBeGreaterThan(s.dueAt.getTime());
    const p1 = acknowledgementSchedule(ACK.P1, from, cal);
    expect(p1.steps.map((x) => x.at.toISOString())).toEqual(['2026-03-02T17:00:00.000Z', '2026-03-02T18:00:00.000Z']);
  });

  it('keeps an address’s own language first, then its user’s, then the agency’s country', () => {
    expect(recipientLanguage('en', 'es', 'MX')).toBe('en');
    expect(recipientLanguage(null, 'es', 'US')).toBe('es');
    expect(recipientLanguage(null, null, 'MX')).toBe('es');
    expect(recipientLanguage(undefined, 'xx', 'US')).toBe('en');
  });

  it('covers every no-surprises class', () => {
    expect(NO_SURPRISES_CLASSES.every((c) => Object.values(TYPES).includes(c))).toBe(true);
  });
});

describe('notification policy: a file added after submission', () => {
  const request: PolicyRequest = {
    type: 'information',
    priority: 'P3',
    status: 'routed',
    requestingAgency: 'DEA',
    needsAuthorization: true,
    actionKind: null,
  };
  const assigned: AssignedAgency[] = [
    { agency: 'FGR-INT', role: 'lead' },
    { agency: 'SSPC-SIIP', role: 'support' },
  ];
  const told = (
    context: 'request' | 'clarification' | 'answer' | 'reply' | 'note',
    owner: string | null,
    r = request,
  ) => agencies(noticeRecipients({ kind: 'attachment', context, request: r, assigned, owner }, ref));

  it('tells those who may see it, and nobody else (NS-1: the requester never hears of an agency file)', () => {
    expect(told('request', 'DEA')).toEqual(['DEA', 'FGR-INT', 'GANS', 'SRE-SSAN', 'SSPC-SIIP']);
    expect(told('clarification', 'DEA')).toEqual(['DEA', 'FGR-INT', 'GANS', 'SRE-SSAN', 'SSPC-SIIP']);
    expect(told('answer', 'SSPC-SIIP')).toEqual(['SRE-SSAN', 'SSPC-SIIP']);
    expect(told('reply', 'SRE-SSAN')).toEqual(['SRE-SSAN']);
    expect(told('note', 'SRE-SSAN')).toEqual(['SRE-SSAN']);
  });

  it('tells nobody of a draft’s files', () => {
    expect(told('request', 'DEA', { ...request, status: 'draft' })).toEqual([]);
  });
});
