import { Anchor, AppShell, Badge, Box, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { ErrorBoundary } from '../common/error-boundary';
import { roleLabel } from '../common/labels';
import { useI18n } from '../i18n/i18n';
import { useNoticeSummary } from '../notices/notice-queries';
import { HeaderSearch } from '../search/header-search';
import { LanguageSwitch } from './language-switch';
import { NoticeBell } from './notice-bell';
import { navFor, serverPagesFor } from './navigation';

/** The frame of every signed-in screen: header (who, language, sign out), the role's menu, the screen. */
export function AppLayout() {
  const { t, language, timeZone } = useI18n();
  const { user, signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const navigate = useNavigate();
  const location = useLocation();
  const items = user ? navFor(user.role) : [];
  const notices = useNoticeSummary(items.some((i) => i.to === '/notices'));
  if (!user) return null;
  const pending = notices.data?.unacknowledgedCount ?? 0;

  const onSignOut = async () => {
    await signOut();
    await navigate('/sign-in', { replace: true });
  };

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}>
      <Anchor href="#main" className="skip-link">
        {t('app.skipToContent')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.toggleMenu')} />
            {/* On a phone the room goes to the bell, the language and sign-out; the page title names the screen. */}
            <Text fw={800} c="ventanilla.8" size="lg" visibleFrom="xs">
              {t('app.name')}
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="xl">
              {t('app.tagline')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {user.role !== 'admin' && <HeaderSearch />}
            <Stack gap={0} align="flex-end" visibleFrom="sm">
              <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {user.displayName}
              </Text>
              <Group gap={4}>
                <Text size="xs" c="dimmed">
                  {roleLabel(user.role, language)}
                </Text>
                {user.agency && (
                  <Badge size="xs" variant="light" color="gray">
                    {user.agency}
                  </Badge>
                )}
              </Group>
            </Stack>
            {items.some((i) => i.to === '/notices') && <NoticeBell />}
            <Box visibleFrom="sm">
              <LanguageSwitch />
            </Box>
            <Box hiddenFrom="sm">
              <LanguageSwitch short />
            </Box>
            <Button variant="default" size="xs" px={8} onClick={() => void onSignOut()}>
              {t('app.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('app.menu')}>
        <Stack gap={2} style={{ flex: 1 }}>
          {items.map((item) => (
            <NavLink
              key={item.to + item.label}
              component={RouterNavLink}
              to={item.to}
              end
              label={t(item.label)}
              rightSection={
                item.to === '/notices' && pending > 0 ? (
                  <Badge size="sm" variant="filled" aria-label={t('notices.pendingCount', { count: pending })}>
                    {pending}
                  </Badge>
                ) : undefined
              }
              active={location.pathname === item.to}
              onClick={close}
            />
          ))}
          {serverPagesFor(user.role).map((item) => (
            <NavLink key={item.to} component="a" href={item.to} label={t(item.label)} />
          ))}
        </Stack>
        <NavLink
          component={RouterNavLink}
          to="/account/password"
          label={t('nav.changePassword')}
          active={location.pathname === '/account/password'}
          onClick={close}
        />
        <Text size="xs" c="dimmed" p="xs">
          {t('app.timeZone', { zone: timeZone })}
        </Text>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <ErrorBoundary resetKey={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
