import { Alert, Button, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type RequestView } from '../api/client';
import { problemText } from '../api/problem';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../common/error-alert';
import { useI18n } from '../i18n/i18n';
import { DueDate } from '../requests/due-date';
import { requestKeys, retryUnlessClientError } from '../requests/request-queries';

/**
 * An exigent action owes no advance notice but a report afterwards (NS-3): the requesting liaison files it here
 * once; everyone who may see the request reads it, or sees when it is due.
 */
export function PostActionReportPanel({ request }: { request: RequestView }) {
  const { t, dateTime } = useI18n();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const filed = request.postActionReportedAt !== null;
  const report = useQuery({
    queryKey: ['requests', 'post-action-report', request.id],
    queryFn: () => unwrap(api.GET('/api/requests/{id}/post-action-report', { params: { path: { id: request.id } } })),
    enabled: filed,
    retry: retryUnlessClientError,
  });
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const file = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/requests/{id}/post-action-report', {
          params: { path: { id: request.id } },
          body: { text: text.trim() },
        }),
      ),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('postAction.filed') });
      await queryClient.invalidateQueries({ queryKey: requestKeys.one(request.id) });
    },
    onError: (err) => setError(problemText(err, t('common.error'))),
  });
  const mine = user?.role === 'liaison' && user.agency === request.requestingAgency;

  if (filed) {
    if (report.isError) return <ErrorAlert error={report.error} />;
    if (!report.data) return <Text c="dimmed">{t('app.loading')}</Text>;
    return (
      <Stack gap={4}>
        <Text size="xs" c="dimmed">
          {t('postAction.filedAt', { date: dateTime(report.data.filedAt) })}
          {report.data.late && ` · ${t('postAction.late')}`}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {report.data.text}
        </Text>
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      <Text size="sm">
        {t('postAction.due')}: <DueDate iso={request.postActionReportDueAt} />
      </Text>
      {mine ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) setError(t('action.reasonRequired'));
            else file.mutate();
          }}
        >
          <Stack gap="xs">
            <Textarea
              label={t('postAction.text')}
              withAsterisk
              autosize
              minRows={3}
              maxLength={20000}
              value={text}
              error={error ?? undefined}
              onChange={(e) => {
                setText(e.currentTarget.value);
                setError(null);
              }}
            />
            <div>
              <Button type="submit" loading={file.isPending}>
                {t('postAction.file')}
              </Button>
            </div>
          </Stack>
        </form>
      ) : (
        <Alert color="gray">{t('postAction.notYet')}</Alert>
      )}
    </Stack>
  );
}
