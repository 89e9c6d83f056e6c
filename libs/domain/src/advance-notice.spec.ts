import { assessNotice, pendingClearance, type ClearanceFacts, type NoticeLeadTime } from './advance-notice.js';
import { defaultCalendar } from './business-calendar.js';
import { decideRequestTransition } from './request-transitions.js';

const cal = defaultCalendar([]);
const LEAD: Record<string, NoticeLeadTime> = {
  planned: { kind: 'planned', minLeadTime: { value: 72, unit: 'hours' }, postActionReportWithin: null },
  operation: { kind: 'operation', minLeadTime: { value: 24, unit: 'hours' }, postActionReportWithin: null },
  exigent: { kind: 'exigent', minLeadTime: null, postActionReportWithin: { value: 12, unit: 'hours' } },
};
const submitted = new Date('2026-04-10T18:00:00Z');
const hoursLater = (h: number) => new Date(submitted.getTime() + h * 3_600_000);

describe('advance notice (NS-3)', () => {
  it('accepts 72 hours for a planned action, and flags anything shorter', () => {
    expect(assessNotice(hoursLater(72), submitted, LEAD.planned, cal)).toMatchObject({
      leadMillis: 72 * 3_600_000,
      surpriseRisk: false,
    });
    expect(assessNotice(hoursLater(71.9), submitted, LEAD.planned, cal).surpriseRisk).toBe(true);
  });

  it('needs 24 hours for an operation, counted on the wall clock, weekends included', () => {
    const friday = new Date('2026-04-10T22:00:00Z');
    const saturday = new Date(friday.getTime() + 25 * 3_600_000);
    expect(assessNotice(saturday, friday, LEAD.operation, cal).surpriseRisk).toBe(false);
    expect(assessNotice(hoursLater(23), submitted, LEAD.operation, cal).surpriseRisk).toBe(true);
  });

  it('never flags an exigent action, which owes a report 12 hours after the action instead', () => {
    const done = hoursLater(-2);
    const a = assessNotice(done, submitted, LEAD.exigent, cal);
    expect(a.surpriseRisk).toBe(false);
    expect(a.leadMillis).toBe(-2 * 3_600_000);
    expect(a.postActionReportDueAt?.toISOString()).toBe(hoursLater(10).toISOString());
    expect(assessNotice(hoursLater(1), submitted, LEAD.planned, cal).postActionReportDueAt).toBeNull();
  });
});

describe('clearance for action (NS-3)', () => {
  const cleared: ClearanceFacts = {
    noSurprises: 'notice',
    needsAuthorization: false,
    authorizationGranted: false,
    hubAcknowledged: true,
    leadAgency: 'FGR-INT',
    leadAcknowledged: true,
  };

  it('names every party still owing an acknowledgement or a decision', () => {
    expect(pendingClearance(cleared)).toEqual([]);
    expect(
      pendingClearance({
        ...cleared,
        noSurprises: 'authorization',
        needsAuthorization: true,
        hubAcknowledged: false,
        leadAcknowledged: false,
      }),
    ).toEqual([
      { party: 'hub', agency: 'SRE-SSAN', needs: 'acknowledgement' },
      { party: 'lead_agency', agency: 'FGR-INT', needs: 'acknowledgement' },
      { party: 'authorizer', agency: 'GANS', needs: 'authorization' },
    ]);
    expect(pendingClearance({ ...cleared, leadAgency: null })).toEqual([
      { party: 'lead_agency', agency: null, needs: 'acknowledgement' },
    ]);
  });

  it('asks nothing of types outside the notice classes, except a pending authorization', () => {
    const none = { ...cleared, noSurprises: 'report' as const, hubAcknowledged: false, leadAcknowledged: false };
    expect(pendingClearance(none)).toEqual([]);
    expect(pendingClearance({ ...none, needsAuthorization: true })).toEqual([
      { party: 'authorizer', agency: 'GANS', needs: 'authorization' },
    ]);
  });

  it('keeps a request from starting progress until cleared (the table’s notice_cleared guard)', () => {
    const system = { userId: null, role: 'system' as const, agency: null };
    const facts = {
      status: 'routed' as const,
      requestingAgency: 'DEA',
      needsAuthorization: false,
      authorizationGranted: false,
    };
    const pending = pendingClearance({ ...cleared, hubAcknowledged: false });
    expect(decideRequestTransition('start_progress', system, { ...facts, pendingClearance: pending }, {})).toEqual({
      ok: false,
      code: 'REQUEST.GUARD_FAILED',
      guard: 'notice_cleared',
    });
    expect(decideRequestTransition('start_progress', system, { ...facts, pendingClearance: [] }, {})).toMatchObject({
      ok: true,
      to: 'in_progress',
    });
  });
});
