import { Button, Grid, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { REQUEST_STATUSES, PRIORITIES } from '@ventanilla/domain/request-status.js';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../common/error-alert';
import { useListSort } from '../common/list-sort';
import { SavedViewsMenu } from '../common/saved-views';
import { nameOf, priorityLabel, statusLabel } from '../common/labels';
import { Page } from '../common/page';
import { useRequestTypes } from '../common/reference';
import { useI18n } from '../i18n/i18n';
import { useRequestList, type RequestFilters } from './request-queries';
import { REQUEST_SORTS, RequestTable } from './request-table';

/** What the address of the list may hold, and a saved view keeps. */
const LIST_KEYS = ['q', 'status', 'type', 'priority', 'sort', 'order'] as const;

export type ListMode = 'mine' | 'all';

/** My requests (liaisons), or every request in scope (hub, auditors). */
export function RequestListPage({ mode }: { mode: ListMode }) {
  const { t, language } = useI18n();
  const { user } = useSession();
  const types = useRequestTypes();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q, 300);

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
  const setFilter = (key: keyof RequestFilters, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  useEffect(() => {
    if ((params.get('q') ?? '') !== debouncedQ.trim()) setFilter('q', debouncedQ.trim() || null);
    // Only the debounced text drives the URL; the URL drives the query.
  }, [debouncedQ]);
  // A saved view opened, or the address changed by back and forward: the search box follows the URL.
  useEffect(() => {
    const inUrl = params.get('q') ?? '';
    if (inUrl !== debouncedQ.trim()) setQ(inUrl);
  }, [params]);

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
            <Select
              label={t('list.status')}
              clearable
              placeholder={t('common.all')}
              value={filters.status ?? null}
              onChange={(v) => setFilter('status', v)}
              data={REQUEST_STATUSES.map((s) => ({ value: s, label: statusLabel(s, language) }))}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4, md: 3 }}>
            <Select
              label={t('list.type')}
              clearable
              searchable
              placeholder={t('common.all')}
              value={filters.type ?? null}
              onChange={(v) => setFilter('type', v)}
              data={(types.data ?? []).map((x) => ({ value: x.code, label: nameOf(x, language, x.code) }))}
            />
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
