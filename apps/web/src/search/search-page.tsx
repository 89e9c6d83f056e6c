import { Button, Grid, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../common/error-alert';
import { nameOf } from '../common/labels';
import { Page } from '../common/page';
import { useAgencies, useTopics } from '../common/reference';
import { useUrlParam } from '../common/url-params';
import { useI18n } from '../i18n/i18n';
import { RequestTypeFilter, StatusFilter } from '../requests/request-filter-fields';
import { SearchResults } from './search-results';
import { useSearch, type SearchFilters } from './search-queries';

const FILTERS = ['status', 'type', 'topic', 'agency'] as const;

/** Whole days as the date inputs hold them, in the browser's time zone, to the API's instants (`to` inclusive). */
const dayStart = (day: string) => new Date(`${day}T00:00`).toISOString();
const dayAfter = (day: string) => new Date(new Date(`${day}T00:00`).getTime() + 86_400_000).toISOString();

/**
 * Search across the record for every role that reads requests: the text, filters (status, type, topic,
 * requesting agency, creation dates) and the order, all in the address so a search can be bookmarked or shared;
 * each result says where it matched, in text the user may read.
 */
export function SearchPage() {
  const { t, language } = useI18n();
  const { user } = useSession();
  const [params] = useSearchParams();
  const set = useUrlParam();
  const [text, setText] = useState(params.get('q') ?? '');
  useEffect(() => setText(params.get('q') ?? ''), [params]);
  const topics = useTopics();
  const agencies = useAgencies();

  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const filters: SearchFilters = {
    q: params.get('q') ?? '',
    sort: params.get('sort') === 'newest' ? 'newest' : 'relevance',
    ...Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? undefined])),
    ...(from ? { from: dayStart(from) } : {}),
    ...(to ? { to: dayAfter(to) } : {}),
  };
  const results = useSearch(filters);
  const items = useMemo(() => results.data?.pages.flatMap((p) => p.items) ?? [], [results.data]);

  return (
    <Page title={t('search.title')}>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set('q', text.trim() || null);
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            style={{ flex: 1, minWidth: 240 }}
            type="search"
            label={t('search.box')}
            description={t('search.help')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <Button type="submit">{t('search.go')}</Button>
        </Group>
      </form>
      <Grid align="flex-end" component="section" aria-label={t('list.filters')}>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <Select
            label={t('search.sort')}
            value={filters.sort ?? 'relevance'}
            onChange={(v) => set('sort', v === 'newest' ? 'newest' : null)}
            data={[
              { value: 'relevance', label: t('search.sort.relevance') },
              { value: 'newest', label: t('search.sort.newest') },
            ]}
            allowDeselect={false}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <StatusFilter value={filters.status} onChange={(v) => set('status', v)} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <RequestTypeFilter value={filters.type} onChange={(v) => set('type', v)} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <Select
            label={t('search.topic')}
            clearable
            searchable
            placeholder={t('common.all')}
            value={filters.topic ?? null}
            onChange={(v) => set('topic', v)}
            data={(topics.data ?? []).map((x) => ({ value: x.code, label: nameOf(x, language, x.code) }))}
          />
        </Grid.Col>
        {user?.role !== 'liaison' && (
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <Select
              label={t('search.agency')}
              clearable
              searchable
              placeholder={t('common.all')}
              value={filters.agency ?? null}
              onChange={(v) => set('agency', v)}
              data={(agencies.data ?? [])
                .filter((a) => a.role === 'requesting')
                .map((a) => ({ value: a.code, label: `${a.code} — ${nameOf(a, language, a.code)}` }))}
            />
          </Grid.Col>
        )}
        <Grid.Col span={{ base: 6, sm: 3, md: 3 }}>
          <TextInput
            type="date"
            label={t('search.from')}
            value={from}
            max={to || undefined}
            onChange={(e) => set('from', e.currentTarget.value || null)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3, md: 3 }}>
          <TextInput
            type="date"
            label={t('search.to')}
            value={to}
            min={from || undefined}
            onChange={(e) => set('to', e.currentTarget.value || null)}
          />
        </Grid.Col>
      </Grid>
      {!filters.q ? (
        <Text c="dimmed">{t('search.prompt')}</Text>
      ) : results.isError ? (
        <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />
      ) : results.isPending ? (
        <Text c="dimmed">{t('app.loading')}</Text>
      ) : (
        <Stack gap="sm">
          <SearchResults items={items} label={t('search.results')} />
          {results.hasNextPage && (
            <Group>
              <Button
                variant="default"
                loading={results.isFetchingNextPage}
                onClick={() => void results.fetchNextPage()}
              >
                {t('common.loadMore')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Page>
  );
}
