import {
  complianceOf,
  complianceSummary,
  median,
  type ComplianceFacts,
  type RequiredNoticeFact,
} from './no-surprises-compliance.js';

const t = (minutes: number) => new Date(Date.UTC(2026, 3, 10, 12, minutes));
const notice = (over: Partial<RequiredNoticeFact>): RequiredNoticeFact => ({
  purpose: 'notice_receipt',
  agency: 'SRE-SSAN',
  ackDueAt: t(60),
  acknowledgedAt: t(10),
  ...over,
});
const base: ComplianceFacts = {
  noSurprises: 'notice',
  needsAuthorization: false,
  submittedAt: t(0),
  proposedActionAt: new Date(t(0).getTime() + 96 * 3_600_000),
  surpriseRisk: false,
  registered: true,
  leadAssignments: 1,
  hubNoticesRequiringAck: 0,
  notices: [
    notice({}),
    notice({ purpose: 'assignment_notice', agency: 'FGR-INT', acknowledgedAt: t(30), ackDueAt: t(90) }),
  ],
  authorizedAt: null,
  actions: [
    { kind: 'route', at: t(20), leadAgency: null },
    { kind: 'start_progress', at: t(40), leadAgency: 'FGR-INT' },
  ],
  now: t(500),
};

describe('no-surprises compliance (NS-5)', () => {
  it('counts a request handled by the book: everything owed, delivered and acknowledged in time', () => {
    expect(complianceOf(base)).toEqual({
      noticesRequired: 2,
      noticesDelivered: 2,
      noticesAcknowledged: 2,
      noticesLate: 0,
      noticeLeadHours: 96,
      surpriseRisk: false,
      actionsBeforeClearance: 0,
    });
  });

  it('counts a routing before the hub acknowledged, and a late or missing acknowledgement', () => {
    const row = complianceOf({
      ...base,
      hubNoticesRequiringAck: 1,
      notices: [
        notice({ acknowledgedAt: t(70) }),
        notice({ purpose: 'assignment_notice', agency: 'FGR-INT', acknowledgedAt: null, ackDueAt: t(90) }),
      ],
      actions: [{ kind: 'route', at: t(20), leadAgency: null }],
    });
    expect(row).toMatchObject({
      noticesRequired: 3,
      noticesDelivered: 2,
      noticesAcknowledged: 1,
      noticesLate: 2,
      actionsBeforeClearance: 1,
    });
  });

  it('counts a start before the lead’s acknowledgement, and a routing before the authorization', () => {
    const row = complianceOf({
      ...base,
      noSurprises: 'authorization',
      needsAuthorization: true,
      authorizedAt: t(25),
      notices: [notice({}), notice({ purpose: 'assignment_notice', agency: 'FGR-INT', acknowledgedAt: t(45) })],
    });
    expect(row.actionsBeforeClearance).toBe(2);
  });

  it('owes nothing for a type outside the notice classes', () => {
    expect(complianceOf({ ...base, noSurprises: 'none', notices: [], proposedActionAt: null })).toMatchObject({
      noticesRequired: 0,
      actionsBeforeClearance: 0,
      noticeLeadHours: null,
    });
  });

  it('adds rows up and takes the median lead time', () => {
    const rows = [
      complianceOf(base),
      complianceOf({ ...base, surpriseRisk: true, proposedActionAt: new Date(t(0).getTime() + 2 * 3_600_000) }),
    ];
    expect(complianceSummary(rows)).toEqual({
      requests: 2,
      noticesRequired: 4,
      noticesDelivered: 4,
      noticesAcknowledged: 4,
      noticesLate: 0,
      surpriseRisk: 1,
      actionsBeforeClearance: 0,
      medianNoticeLeadHours: 49,
    });
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
  });
});
