import { HUB_AGENCY, requestEventRecipients } from './notification-policy.js';

describe('requestEventRecipients', () => {
  it('tells the requesting agency and the hub of a submission', () => {
    const got = requestEventRecipients({
      action: 'submit',
      from: 'draft',
      to: 'submitted',
      requestingAgency: 'DEA',
      assignedAgencies: [],
    });
    expect(got.map((t) => t.agency).sort()).toEqual(['DEA', HUB_AGENCY].sort());
  });

  it('adds every assigned agency once', () => {
    const got = requestEventRecipients({
      action: 'withdraw',
      from: 'routed',
      to: 'withdrawn',
      requestingAgency: 'ATF',
      assignedAgencies: ['FGR-INT', 'FGR-INT', 'SHCP-UIF'],
    });
    expect(got.map((t) => t.agency).sort()).toEqual(['ATF', 'FGR-INT', 'SHCP-UIF', HUB_AGENCY].sort());
  });

  it('keeps drafts private to their author', () => {
    expect(
      requestEventRecipients({
        action: 'create',
        from: null,
        to: 'draft',
        requestingAgency: 'DEA',
        assignedAgencies: [],
      }),
    ).toEqual([]);
  });
});
