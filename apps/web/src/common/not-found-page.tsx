import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { useDocumentTitle } from './use-document-title';

/** Also what a request outside the caller's scope looks like: the API answers 404, never 403. */
export function NotFoundPage({ message }: { message?: string }) {
  const { t } = useI18n();
  useDocumentTitle(t('notFound.title'));
  return (
    <Stack p="lg" maw={640} data-testid="not-found">
      <Title order={1}>{t('notFound.title')}</Title>
      <Text>{message ?? t('notFound.body')}</Text>
      <div>
        <Button component={Link} to="/" variant="light">
          {t('notFound.home')}
        </Button>
      </div>
    </Stack>
  );
}
