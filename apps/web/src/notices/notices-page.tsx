import { Anchor, Badge, Button, Card, Group, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { NotificationView } from '../api/client';
import { problemText } from '../api/problem';
import { ErrorAlert } from '../common/error-alert';
import { Page } from '../common/page';
import { useI18n } from '../i18n/i18n';
import { useNoticeAction, useNotices, useNoticeSummary, type NoticeFilter } from './notice-queries';

const FILTERS: NoticeFilter[] = ['to_acknowledge', 'unread', 'all'];

/** Notices addressed to the user's agency: those that need an acknowledgement first, then the rest. */
export function NoticesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const filter = (FILTERS as string[]).includes(params.get('show') ?? '')
    ? (params.get('show') as NoticeFilter)
    : 'to_acknowledge';
  const list = useNotices(filter);
  const summary = useNoticeSummary(true);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const count = (f: NoticeFilter) =>
    f === 'to_acknowledge' ? summary.data?.unacknowledgedCount : f === 'unread' ? summary.data?.unreadCount : undefined;

  const panel = (
    <Stack gap="sm">
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Text c="dimmed">{t('app.loading')}</Text>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t(`notices.empty.${filter}`)}</Text>
      ) : (
        items.map((n) => <Notice key={n.id} notice={n} />)
      )}
      {list.hasNextPage && (
        <Group>
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
  return (
    <Page title={t('notices.title')}>
      <Tabs value={filter} onChange={(v) => v && setParams({ show: v }, { replace: true })}>
        <Tabs.List aria-label={t('notices.filter')}>
          {FILTERS.map((f) => (
            <Tabs.Tab
              key={f}
              value={f}
              rightSection={
                count(f) ? (
                  <Badge size="sm" variant="filled">
                    {count(f)}
                  </Badge>
                ) : null
              }
            >
              {t(`notices.filter.${f}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {FILTERS.map((f) => (
          <Tabs.Panel key={f} value={f} pt="sm">
            {f === filter && panel}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Page>
  );
}

function Notice({ notice: n }: { notice: NotificationView }) {
  const { t, dateTime } = useI18n();
  const act = useNoticeAction();
  const run = (action: 'read' | 'ack') =>
    act.mutate(
      { id: n.id, action },
      {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            message: action === 'ack' ? t('notices.acknowledged') : t('notices.markedRead'),
          }),
        onError: (err) =>
          notifications.show({ color: 'red', title: t('common.error'), message: problemText(err, t('common.error')) }),
      },
    );
  const needsAck = n.ackRequired && !n.acknowledgedAt;
  const headingId = `notice-${n.id}`;
  return (
    <Card
      withBorder
      padding="sm"
      component="article"
      aria-labelledby={headingId}
      style={needsAck ? { borderLeft: '4px solid var(--mantine-color-orange-7)' } : undefined}
      data-testid="notice"
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={2} style={{ flex: 1, minWidth: 280 }}>
          <Text fw={n.readAt ? 500 : 700} id={headingId} component="h2" size="md" m={0}>
            {n.subject}
          </Text>
          <Text size="xs" c="dimmed">
            <time dateTime={n.createdAt}>{dateTime(n.createdAt)}</time>
            {n.folio && (
              <>
                {' · '}
                {n.requestId ? (
                  <Anchor component={Link} to={`/requests/${n.requestId}`} size="xs" underline="always">
                    {n.folio}
                  </Anchor>
                ) : (
                  n.folio
                )}
              </>
            )}
            {' · '}
            {n.acknowledgedAt
              ? t('notices.acknowledgedAt', { date: dateTime(n.acknowledgedAt) })
              : n.ackRequired
                ? t('notices.ackRequired')
                : n.readAt
                  ? t('notices.read')
                  : t('notices.unread')}
          </Text>
        </Stack>
        <Group gap="xs">
          {!n.readAt && !needsAck && (
            <Button size="xs" variant="default" loading={act.isPending} onClick={() => run('read')}>
              {t('notices.markRead')}
            </Button>
          )}
          {needsAck && (
            <Button size="xs" loading={act.isPending} onClick={() => run('ack')}>
              {t('notices.acknowledge')}
            </Button>
          )}
        </Group>
      </Group>
      <Text size="sm" mt={6} style={{ whiteSpace: 'pre-wrap' }}>
        {n.body}
      </Text>
    </Card>
  );
}
