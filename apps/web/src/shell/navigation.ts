import { ROLES, type Role } from '@ventanilla/domain/roles.js';
import { capabilities, type Capability } from '../api/capabilities';
import type { MessageKey } from '../i18n/en';

export interface NavItem {
  to: string;
  label: MessageKey;
  roles: readonly Role[];
  /** Shown only once the API behind it exists. */
  requires?: Capability;
}

/** The menu: each entry names the roles that may use it, so nobody sees what they cannot do. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/home', label: 'nav.home', roles: ROLES },
  { to: '/requests/new', label: 'nav.newRequest', roles: ['liaison'] },
  { to: '/requests', label: 'nav.myRequests', roles: ['liaison'] },
  { to: '/hub', label: 'nav.hubQueues', roles: ['hub_coordinator'] },
  { to: '/inbox', label: 'nav.inbox', roles: ['agency_coordinator'], requires: 'assignments' },
  { to: '/authorizations', label: 'nav.authorizations', roles: ['authorizer'] },
  { to: '/audit', label: 'nav.audit', roles: ['auditor'], requires: 'audit' },
  { to: '/audit/integrity', label: 'nav.integrity', roles: ['auditor'], requires: 'audit' },
  { to: '/audit/reports', label: 'nav.reports', roles: ['auditor'], requires: 'audit' },
  { to: '/requests', label: 'nav.requests', roles: ['hub_coordinator', 'auditor'] },
  {
    to: '/notices',
    label: 'nav.notices',
    roles: ['liaison', 'agency_coordinator', 'hub_coordinator', 'authorizer'],
    requires: 'notifications',
  },
  { to: '/admin/users', label: 'nav.users', roles: ['admin'], requires: 'users' },
  {
    to: '/routing-rules',
    label: 'nav.routingRules',
    roles: ['admin', 'hub_coordinator', 'auditor'],
    requires: 'routingRules',
  },
  { to: '/admin/dead-letters', label: 'nav.deadLetters', roles: ['admin'], requires: 'deadLetters' },
];

/**
 * Pages the server draws itself, outside the web app (opened with a full page load): the read-only queue
 * dashboard (bull-board, administrators only).
 */
export const SERVER_PAGES: readonly NavItem[] = [
  { to: '/admin/queues', label: 'nav.queueDashboard', roles: ['admin'] },
];

export function serverPagesFor(role: Role): NavItem[] {
  return SERVER_PAGES.filter((i) => i.roles.includes(role));
}

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((i) => i.roles.includes(role) && (!i.requires || capabilities[i.requires]));
}
