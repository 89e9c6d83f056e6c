import { Button, Group, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { ESCALATION_LEVELS } from '@ventanilla/domain/request-status.js';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../common/error-alert';
import { useListSort } from '../common/list-sort';
import { SavedViewsMenu } from '../common/saved-views';
import { Page } from '../common/page';
import { useUrlParam, useUrlText } from '../common/url-params';
import { useI18n } from '../i18n/i18n';
import { RequestActions } from '../requests/request-actions';
import { useRequestList } from '../requests/request-queries';
import { REQUEST_SORTS, RequestTable } from '../requests/request-table';
import { QueueCount, useQueueCountsQuery } from './queue-counts-slot';
import { QUEUES, queueByKey } from './queues';

const QUEUE_PAGE = 100;
/** What the desk's address holds, and a saved view keeps. */
const HUB_KEYS = ['queue', 'q', 'escalation', 'sort', 'order'] as const;

/** The hub coordinator's desk: one tab per queue, soonest deadline first, claim and triage in the row. */
export function HubQueuesPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const set = useUrlParam();
  const queue = queueByKey(params.get('queue'));
  const sort = useListSort(REQUEST_SORTS, 'deadline');
  const escalation = ESCALATION_LEVELS.find((l) => l === params.get('escalation')) ?? null;
  const countsQuery = useQueueCountsQuery();
  const counts: Partial<Record<string, number>> = countsQuery.data?.queues ?? {};
  const levels = countsQuery.data?.escalation;

  const q = params.get('q') ?? '';
  const [text, setText] = useUrlText('q');
  // A search in a queue comes nearest deadline first (or newest first); the columns sort the plain queue.
  const list = useRequestList(
    {
      queue: queue.key,
      ...(q ? { q, sort: sort.key === 'created' ? 'newest' : 'deadline' } : sort.query),
      ...(escalation ? { escalation } : {}),
    },
    QUEUE_PAGE,
  );
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  const panel = (
    <Stack gap="sm">
      <Group gap="md" align="flex-end">
        <TextInput
          size="xs"
          w={260}
          type="search"
          label={t('search.inQueue')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <Select
          size="xs"
          w={200}
          label={t('hub.escalation')}
          clearable
          placeholder={t('hub.escalation.any')}
          value={escalation}
          onChange={(v) => set('escalation', v)}
          data={ESCALATION_LEVELS.map((l) => ({
            value: l,
            label: levels ? t('hub.escalation.level', { level: l, count: levels[l] }) : l,
          }))}
        />
      </Group>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Text c="dimmed">{t('app.loading')}</Text>
      ) : (
        <RequestTable
          items={items}
          showAgency
          caption={`${t(queue.label)} · ${t('common.count', { count: items.length })}`}
          actions={(r) => <RequestActions request={r} compact only={['claim']} />}
          sort={q ? null : sort}
        />
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

  // Every tab has its panel (so each tab's aria-controls points somewhere); only the chosen one is filled.
  return (
    <Page title={t('hub.title')} actions={<SavedViewsMenu list="hub" keys={HUB_KEYS} />}>
      <Tabs value={queue.key} onChange={(v) => v && set('queue', v)}>
        <Tabs.List aria-label={t('hub.queue')}>
          {QUEUES.map((q) => (
            <Tabs.Tab key={q.key} value={q.key} rightSection={<QueueCount count={counts[q.key]} />}>
              {t(q.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {QUEUES.map((q) => (
          <Tabs.Panel key={q.key} value={q.key} pt="sm">
            {q.key === queue.key && panel}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Page>
  );
}
