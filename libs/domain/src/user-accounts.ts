import { assertNever } from './assert-never.util.js';
import type { Role } from './roles.js';
import { AUTHORIZER_AGENCY } from './routing-rules.js';

/** What an account's agency must be, per role: the facts of the agency list that decide it. */
export interface AccountAgency {
  code: string;
  country: string;
  /** hub | receiving | oversight | requesting */
  role: string;
}

/** Field codes `accountAgencyProblem` returns; each has an en and es message in libs/http messages.ts. */
export const ACCOUNT_AGENCY_PROBLEMS = [
  'required',
  'unknown_agency',
  'agency_not_allowed',
  'agency_not_requesting',
  'not_receiving_agency',
  'agency_not_hub',
  'agency_not_authorizer',
] as const;
export type AccountAgencyProblem = (typeof ACCOUNT_AGENCY_PROBLEMS)[number];

/**
 * Why `code` cannot be the agency of an account with `role`, or null when it fits. Liaisons speak for a US
 * requesting agency; agency coordinators for a Mexican agency that takes routed work; hub coordinators for
 * the hub; authorizers for GANS; auditors and administrators belong to no agency (they see across all).
 */
export function accountAgencyProblem(
  role: Role,
  code: string | null,
  agencies: ReadonlyMap<string, AccountAgency>,
): AccountAgencyProblem | null {
  const needsAgency = role !== 'auditor' && role !== 'admin';
  if (!needsAgency) return code === null ? null : 'agency_not_allowed';
  if (code === null || code === '') return 'required';
  const agency = agencies.get(code);
  if (!agency) return 'unknown_agency';
  switch (role) {
    case 'liaison':
      return agency.country !== 'MX' && agency.role === 'requesting' ? null : 'agency_not_requesting';
    case 'agency_coordinator':
      return agency.country === 'MX' && (agency.role === 'receiving' || agency.role === 'oversight')
        ? null
        : 'not_receiving_agency';
    case 'hub_coordinator':
      return agency.role === 'hub' ? null : 'agency_not_hub';
    case 'authorizer':
      return code === AUTHORIZER_AGENCY ? null : 'agency_not_authorizer';
    default:
      return assertNever(role);
  }
}
