import { ROLES, type Role } from './roles.js';
import { accountAgencyProblem, ACCOUNT_AGENCY_PROBLEMS, type AccountAgency } from './user-accounts.js';

const AGENCIES = new Map<string, AccountAgency>(
  [
    { code: 'DEA', country: 'US', role: 'requesting' },
    { code: 'FGR-INT', country: 'MX', role: 'receiving' },
    { code: 'SRE-SSAN', country: 'MX', role: 'hub' },
    { code: 'GANS', country: 'MX', role: 'oversight' },
    { code: 'PJF', country: 'MX', role: 'oversight' },
  ].map((a) => [a.code, a]),
);

describe('accountAgencyProblem', () => {
  it.each<[Role, string | null]>([
    ['liaison', 'DEA'],
    ['agency_coordinator', 'FGR-INT'],
    ['agency_coordinator', 'GANS'],
    ['hub_coordinator', 'SRE-SSAN'],
    ['authorizer', 'GANS'],
    ['auditor', null],
    ['admin', null],
  ])('accepts a %s of %p', (role, agency) => {
    expect(accountAgencyProblem(role, agency, AGENCIES)).toBeNull();
  });

  it.each<[Role, string | null, string]>([
    ['liaison', 'FGR-INT', 'agency_not_requesting'],
    ['liaison', null, 'required'],
    ['agency_coordinator', 'DEA', 'not_receiving_agency'],
    ['agency_coordinator', 'SRE-SSAN', 'not_receiving_agency'],
    ['hub_coordinator', 'FGR-INT', 'agency_not_hub'],
    ['authorizer', 'PJF', 'agency_not_authorizer'],
    ['auditor', 'DEA', 'agency_not_allowed'],
    ['admin', 'SRE-SSAN', 'agency_not_allowed'],
    ['liaison', 'NOPE', 'unknown_agency'],
    ['hub_coordinator', '', 'required'],
  ])('refuses a %s of %p with %s', (role, agency, code) => {
    expect(accountAgencyProblem(role, agency, AGENCIES)).toBe(code);
  });

  it('answers only codes it declares, for every role', () => {
    for (const role of ROLES) {
      for (const agency of [null, 'DEA', 'FGR-INT', 'SRE-SSAN', 'GANS', 'PJF', 'X']) {
        const problem = accountAgencyProblem(role, agency, AGENCIES);
        if (problem !== null) expect(ACCOUNT_AGENCY_PROBLEMS).toContain(problem);
      }
    }
  });
});
