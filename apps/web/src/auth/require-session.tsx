import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { ChangePasswordPage } from './change-password-page';
import { useSession } from './session';

/** Screens behind sign-in: while the session loads, a spinner; without one, the sign-in page (and back after). */
export function RequireSession({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  if (loading)
    return (
      <Center mih="100vh">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  if (!user) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  // Nothing opens (the server would refuse it anyway) until the user replaces a password someone else chose.
  if (user.mustChangePassword) return <ChangePasswordPage forced />;
  return <>{children}</>;
}
