import { Card, Stack, Text, Title } from '@mantine/core';
import type { RequestView } from '../api/client';
import { assignmentRoleLabel } from '../common/labels';
import { useAgencyName } from '../common/reference';
import { AttachmentsPanel } from '../attachments/attachments-panel';
import { useI18n } from '../i18n/i18n';
import { Translated } from '../translations/translations';

/** The reply the hub released: its own words, then each agency's answer, attributed. */
export function ReleasedResponse({ request }: { request: RequestView }) {
  const { t, language, dateTime } = useI18n();
  const agencyName = useAgencyName();
  const response = request.response;
  if (!response) return null;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="response-title" bg="green.0">
      <Title order={2} size="h4" id="response-title">
        {t('response.title')}
      </Title>
      {request.responseReleasedAt && (
        <Text size="xs" c="dimmed" mb="sm">
          {t('response.releasedAt', { date: dateTime(request.responseReleasedAt) })}
        </Text>
      )}
      <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="response-text">
        {response.text}
      </Text>
      <Translated requestId={request.id} kind="reply" id={request.id} into={request.language} />
      {response.answers.length > 0 && (
        <Stack gap="xs" mt="md">
          <Text fw={600}>{t('response.answers')}</Text>
          {response.answers.map((a, i) => (
            <Card key={i} withBorder padding="sm" component="figure" m={0}>
              <Text component="figcaption" size="sm" fw={600}>
                {agencyName(a.agency)} · {assignmentRoleLabel(a.role, language)} ·{' '}
                <time dateTime={a.respondedAt}>{dateTime(a.respondedAt)}</time>
              </Text>
              <Text component="blockquote" m={0} mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                {a.text}
              </Text>
              {a.id && <Translated requestId={request.id} kind="answer" id={a.id} into={request.language} />}
            </Card>
          ))}
        </Stack>
      )}
      <Text fw={600} mt="md" mb={4}>
        {t('response.files')}
      </Text>
      <AttachmentsPanel request={request} show={(f) => f.releasedAt !== null} emptyText={t('response.noFiles')} />
    </Card>
  );
}
