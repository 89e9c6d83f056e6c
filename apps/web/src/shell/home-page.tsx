import { Anchor, List, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { roleLabel } from '../common/labels';
import { Page } from '../common/page';
import { useI18n } from '../i18n/i18n';
import { navFor } from './navigation';

/** For roles whose own screens are still arriving: who they are and what they can already open. */
export function HomePage() {
  const { t, language } = useI18n();
  const { user } = useSession();
  if (!user) return null;
  const items = navFor(user.role);
  return (
    <Page title={t('home.title', { name: user.displayName })}>
      <Stack>
        <Text>
          {t('home.role', { role: roleLabel(user.role, language), agency: user.agency ? ` · ${user.agency}` : '' })}
        </Text>
        {items.length > 0 ? (
          <>
            <Text fw={600}>{t('home.whatYouCanDo')}</Text>
            <List>
              {items.map((i) => (
                <List.Item key={i.to + i.label}>
                  <Anchor component={Link} to={i.to}>
                    {t(i.label)}
                  </Anchor>
                </List.Item>
              ))}
            </List>
          </>
        ) : (
          <Text c="dimmed">{t('home.nothingYet')}</Text>
        )}
      </Stack>
    </Page>
  );
}
