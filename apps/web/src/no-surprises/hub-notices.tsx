import { Alert, Button, Card, Checkbox, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { HUB_NOTICE_KINDS } from '@ventanilla/domain/notification-policy.js';
import { useState } from 'react';
import { api, unwrap, type RequestView } from '../api/client';
import { fieldProblems, problemText } from '../api/problem';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../common/error-alert';
import { useAgencies, useAgencyName } from '../common/reference';
import { useI18n } from '../i18n/i18n';
import { requestKeys, retryUnlessClientError } from '../requests/request-queries';

const noticesKey = (id: string) => ['requests', 'hub-notices', id] as const;

/**
 * No surprises the other way: what the hub told a US agency about the request (a transfer, an expulsion, a
 * protest…), and, for the hub, a form to tell it. The agency reads and acknowledges it among its notices.
 */
export function HubNotices({ request }: { request: RequestView }) {
  const { t, dateTime } = useI18n();
  const { user } = useSession();
  const agencyName = useAgencyName();
  const list = useQuery({
    queryKey: noticesKey(request.id),
    queryFn: async () =>
      (await unwrap(api.GET('/api/requests/{id}/notices', { params: { path: { id: request.id } } }))).items,
    retry: retryUnlessClientError,
  });
  return (
    <Stack gap="sm">
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.data?.length === 0 && <Text c="dimmed">{t('hubNotices.none')}</Text>}
      {list.data?.map((n) => (
        <Card key={n.id} withBorder padding="xs">
          <Text size="xs" c="dimmed">
            {t(`hubNotices.kind.${n.kind as (typeof HUB_NOTICE_KINDS)[number]}`)} · {agencyName(n.recipientAgency)} ·{' '}
            <time dateTime={n.issuedAt}>{dateTime(n.issuedAt)}</time>
            {n.ackRequired && ` · ${t('notices.ackRequired')}`}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {n.text}
          </Text>
        </Card>
      ))}
      {user?.role === 'hub_coordinator' && <IssueNotice request={request} />}
    </Stack>
  );
}

function IssueNotice({ request }: { request: RequestView }) {
  const { t, language } = useI18n();
  const agencies = useAgencies();
  const queryClient = useQueryClient();
  const [recipient, setRecipient] = useState<string | null>(request.requestingAgency);
  const [kind, setKind] = useState<string | null>('other');
  const [text, setText] = useState('');
  const [ack, setAck] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const issue = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/requests/{id}/notices', {
          params: { path: { id: request.id } },
          body: {
            recipientAgency: recipient ?? '',
            kind: kind as (typeof HUB_NOTICE_KINDS)[number],
            text: text.trim(),
            ackRequired: ack,
          },
        }),
      ),
    onSuccess: async () => {
      setText('');
      notifications.show({ color: 'green', message: t('hubNotices.sent') });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: noticesKey(request.id) }),
        queryClient.invalidateQueries({ queryKey: requestKeys.timeline(request.id) }),
      ]);
    },
    onError: (err) => {
      const byField = fieldProblems(err);
      setErrors(Object.keys(byField).length ? byField : { form: problemText(err, t('common.error')) });
    },
  });
  const us = (agencies.data ?? [])
    .filter((a) => a.country === 'US' && a.role === 'requesting')
    .map((a) => ({ value: a.code, label: `${a.code} · ${language === 'es' ? a.nameEs : a.nameEn}` }));
  const send = () => {
    const missing: Record<string, string> = {};
    if (!recipient) missing.recipientAgency = t('action.reasonRequired');
    if (!text.trim()) missing.text = t('action.reasonRequired');
    setErrors(missing);
    if (Object.keys(missing).length === 0) issue.mutate();
  };
  return (
    <form
      noValidate
      aria-labelledby="issue-notice-title"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <Stack gap="xs">
        <Text fw={600} id="issue-notice-title">
          {t('hubNotices.issueTitle')}
        </Text>
        <Group grow align="flex-start">
          <Select
            label={t('hubNotices.recipient')}
            withAsterisk
            searchable
            data={us}
            value={recipient}
            onChange={setRecipient}
            error={errors.recipientAgency}
            nothingFoundMessage={t('common.noMatch')}
          />
          <Select
            label={t('hubNotices.kind')}
            withAsterisk
            allowDeselect={false}
            data={HUB_NOTICE_KINDS.map((k) => ({ value: k, label: t(`hubNotices.kind.${k}`) }))}
            value={kind}
            onChange={setKind}
            error={errors.kind}
          />
        </Group>
        <Textarea
          label={t('hubNotices.text')}
          withAsterisk
          autosize
          minRows={2}
          maxLength={5000}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={errors.text}
        />
        <Checkbox label={t('hubNotices.ackRequired')} checked={ack} onChange={(e) => setAck(e.currentTarget.checked)} />
        {errors.form && (
          <Alert color="red" role="alert">
            {errors.form}
          </Alert>
        )}
        <div>
          <Button type="submit" variant="default" loading={issue.isPending}>
            {t('hubNotices.send')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
