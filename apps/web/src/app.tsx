import { MantineProvider, MantineThemeProvider, Text } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import type { Role } from '@ventanilla/domain/roles.js';
import { capabilities } from './api/capabilities';
import { RequireSession } from './auth/require-session';
import { SessionProvider, useSession } from './auth/session';
import { ChangePasswordPage } from './auth/change-password-page';
import { SignInPage } from './auth/sign-in-page';
import { NotFoundPage } from './common/not-found-page';
import { DeadLettersPage } from './admin/dead-letters-page';
import { RoutingRulesPage } from './admin/routing-rules-page';
import { RuleSetPage } from './admin/rule-set-page';
import { UsersPage } from './admin/users-page';
import { AssignmentDetailPage } from './assignments/assignment-detail-page';
import { InboxPage } from './assignments/inbox-page';
import { AuditSearchPage } from './audit/audit-search-page';
import { IntegrityPage } from './audit/integrity-page';
import { AuthorizationsPage } from './authorizations/authorizations-page';
import { HubQueuesPage } from './hub/hub-queues-page';
import { NoticesPage } from './notices/notices-page';
import { I18nProvider, useI18n } from './i18n/i18n';
import { EditDraftPage, NewRequestPage } from './requests/new-request-page';
import { RequestDetailPage } from './requests/request-detail-page';
import { RequestListPage } from './requests/request-list-page';
import { SearchPage } from './search/search-page';
import { AppLayout } from './shell/app-layout';
import { HomePage } from './home/home-page';
import { theme } from './theme';

// The charts (recharts) are the heaviest part of the bundle and only auditors open them.
const ReportsPage = lazy(() => import('./audit/reports-page'));

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: true } },
  });
}

/** Every role lands on its home page: what awaits it, with links into the screens where the work is done. */
function Landing() {
  const { user } = useSession();
  return user ? <Navigate to="/home" replace /> : null;
}

/** Buttons Mantine draws by itself (a toast's close, a password's show/hide), named in the language on screen. */
function LocalizedDefaults({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const close = t('common.close');
  const showPassword = t('app.showPassword');
  const theme = useMemo(
    () => ({
      components: {
        Notification: { defaultProps: { closeButtonProps: { 'aria-label': close } } },
        PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': showPassword } } },
      },
    }),
    [close, showPassword],
  );
  return <MantineThemeProvider theme={theme}>{children}</MantineThemeProvider>;
}

function Loading() {
  const { t } = useI18n();
  return <Text p="lg">{t('app.loading')}</Text>;
}

function ListForRole() {
  const { user } = useSession();
  return <RequestListPage mode={user?.role === 'liaison' ? 'mine' : 'all'} />;
}

const LIAISON: readonly Role[] = ['liaison'];
const HUB: readonly Role[] = ['hub_coordinator'];
const GANS: readonly Role[] = ['authorizer'];
const AGENCY: readonly Role[] = ['agency_coordinator'];
const AUDITOR: readonly Role[] = ['auditor'];
const ADMIN: readonly Role[] = ['admin'];
const ASSIGNMENT_READERS: readonly Role[] = ['agency_coordinator', 'hub_coordinator', 'auditor'];
const NOTICE_READERS: readonly Role[] = ['liaison', 'agency_coordinator', 'hub_coordinator', 'authorizer'];
const RULE_READERS: readonly Role[] = ['admin', 'hub_coordinator', 'auditor'];
/** Everyone but administrators (who see no request content) searches the record. */
const SEARCHERS: readonly Role[] = ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'];

/** A screen of other roles is, to this user, a page that does not exist: the Not found page, never its layout. */
function OnlyFor({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { user } = useSession();
  return user && roles.includes(user.role) ? <>{children}</> : <NotFoundPage />;
}
const only = (roles: readonly Role[], screen: ReactNode) => <OnlyFor roles={roles}>{screen}</OnlyFor>;

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<Landing />} />
        <Route path="home" element={<HomePage />} />
        <Route path="account/password" element={<ChangePasswordPage />} />
        <Route path="requests" element={<ListForRole />} />
        <Route path="requests/new" element={only(LIAISON, <NewRequestPage />)} />
        <Route path="requests/:id" element={<RequestDetailPage />} />
        <Route path="search" element={only(SEARCHERS, <SearchPage />)} />
        <Route path="requests/:id/edit" element={only(LIAISON, <EditDraftPage />)} />
        <Route path="hub" element={only(HUB, <HubQueuesPage />)} />
        <Route path="authorizations" element={only(GANS, <AuthorizationsPage />)} />
        {capabilities.assignments && <Route path="inbox" element={only(AGENCY, <InboxPage />)} />}
        {capabilities.assignments && (
          <Route path="assignments/:id" element={only(ASSIGNMENT_READERS, <AssignmentDetailPage />)} />
        )}
        {capabilities.notifications && <Route path="notices" element={only(NOTICE_READERS, <NoticesPage />)} />}
        {capabilities.audit && <Route path="audit" element={only(AUDITOR, <AuditSearchPage />)} />}
        {capabilities.audit && <Route path="audit/integrity" element={only(AUDITOR, <IntegrityPage />)} />}
        {capabilities.audit && (
          <Route
            path="audit/reports"
            element={only(
              AUDITOR,
              <Suspense fallback={<Loading />}>
                <ReportsPage />
              </Suspense>,
            )}
          />
        )}
        {capabilities.routingRules && <Route path="routing-rules" element={only(RULE_READERS, <RoutingRulesPage />)} />}
        {capabilities.routingRules && (
          <Route path="routing-rules/:version" element={only(RULE_READERS, <RuleSetPage />)} />
        )}
        {capabilities.users && <Route path="admin/users" element={only(ADMIN, <UsersPage />)} />}
        {capabilities.deadLetters && <Route path="admin/dead-letters" element={only(ADMIN, <DeadLettersPage />)} />}
        <Route path="admin" element={only(ADMIN, <Navigate to="/admin/users" replace />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App({ queryClient = createQueryClient() }: { queryClient?: QueryClient }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <LocalizedDefaults>
            <Notifications position="top-right" />
            <BrowserRouter>
              <SessionProvider>
                <AppRoutes />
              </SessionProvider>
            </BrowserRouter>
          </LocalizedDefaults>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
