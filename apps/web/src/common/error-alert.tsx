import { Alert, Button, Group } from '@mantine/core';
import { ApiProblem } from '../api/problem';
import { useI18n } from '../i18n/i18n';

/** A failed load or action, in the server's words (already in the user's language) when it gave some. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const text = error instanceof ApiProblem ? error.title : t('common.error');
  return (
    <Alert color="red" role="alert" title={t('common.error')}>
      <Group justify="space-between">
        <span>{text}</span>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
