import { Button, Grid, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { PRIORITIES } from '@ventanilla/domain/request-status.js';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../common/error-alert';
import { useListSort } from '../common/list-sort';
import { SavedViewsMenu } from '../common/saved-views';
import { priorityLabel } from '../common/labels';
import { Page } from '../common/page';
import { useUrlParam, useUrlText } from '../common/url-params';
import { useI18n } from '../i18n/i18n';
import { RequestTypeFilter, StatusFilter } from './request-filter-fields';
import { useRequestList, type RequestFilters } from './request-queries';
import { REQUEST_SORTS, RequestTable } from './request-table';

/** What the address of the list may hold, and a saved view keeps. */
const LIST_KEYS = ['q', 'status', 'type', 'priority', 'sort', 'order'] as const;

export type ListMode = 'mine' | 'all';

/** My requests (liaisons), or every request in scope (hub, auditors). */
export function RequestListPage({ mode }: { mode: ListMode }) {
  const { t, language } = useI18n();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const setFilter = useUrlParam();
  const [q, setQ] = useUrlText('q');

  const sort = useListSort(REQUEST_SORTS, 'created');
  const searching = (params.get('q') ?? '').trim() !== '';
  const filters: RequestFilters = {
    status: params.get('status') ?? undefined,
    type: params.get('type') ?? undefined,
    priority: params.get('priority') ?? undefined,
    q: params.get('q') ?? undefined,
    // A search is ranked by relevance; the columns sort the plain list.
    ...(searching ? {} : sort.query),
  };
  const list = useRequestList(filters);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const title = t(mode === 'mine' ? 'list.myTitle' : 'list.title');
  const hasFilters = LIST_KEYS.some((k) => params.has(k));

  return (
    <Page
      title={title}
      actions={
        <Group gap="xs">
          <SavedViewsMenu list="requests" keys={LIST_KEYS} />
          {user?.role === 'liaison' && (
            <Button component={Link} to="/requests/new">
              {t('nav.newRequest')}
            </Button>
          )}
        </Group>
      }
    >
      <Stack gap="sm" component="section" aria-label={t('list.filters')}>
        <Grid align="flex-end">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <TextInput label={t('list.search')} type="search" value={q} onChange={(e) => setQ(e.currentTarget.value)} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4, md: 2 }}>
            <StatusFilter value={filters.status} onChange={(v) => setFilter('status', v)} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4, md: 3 }}>
            <RequestTypeFilter value={filters.type} onChange={(v) => setFilter('type', v)} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4, md: 2 }}>
            <Select
              label={t('list.priority')}
              clearable
              placeholder={t('common.all')}
              value={filters.priority ?? null}
              onChange={(v) => setFilter('priority', v)}
              data={PRIORITIES.map((p) => ({ value: p, label: priorityLabel(p, language) }))}
            />
          </Grid.Col>
          {hasFilters && (
            <Grid.Col span="content">
              <Button
                variant="subtle"
                onClick={() => {
                  setQ('');
                  setParams(new URLSearchParams(), { replace: true });
                }}
              >
                {t('common.clearFilters')}
              </Button>
            </Grid.Col>
          )}
        </Grid>
      </Stack>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Text c="dimmed">{t('app.loading')}</Text>
      ) : (
        <>
          {searching && (
            <Text size="sm" c="dimmed">
              {t('list.searchRanks')}
            </Text>
          )}
          <RequestTable
            items={items}
            showAgency={mode !== 'mine'}
            caption={t('common.count', { count: items.length })}
            sort={searching ? null : sort}
          />
        </>
      )}
      {list.hasNextPage && (
        <Group>
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </Page>
  );
}
