import { Stack } from '@mantine/core';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../common/error-alert';
import { useUrlParam } from '../common/url-params';
import { useI18n } from '../i18n/i18n';
import { SearchForm } from './search-form';
import { SearchResults } from './search-results';
import { useSearch } from './search-queries';

/** A search box over the requests routed to the agency, above its inbox; results show while the box holds text. */
export function InboxSearch() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const setParam = useUrlParam();
  const q = params.get('q') ?? '';
  const results = useSearch({ q });
  const items = useMemo(() => results.data?.pages.flatMap((p) => p.items) ?? [], [results.data]);
  const submit = (value: string) => setParam('q', value);
  return (
    <Stack gap="sm">
      <SearchForm label={t('search.inInbox')} button={t('search.go')} initial={q} onSearch={submit} />
      {q && results.isError && <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />}
      {q && results.isSuccess && <SearchResults items={items} label={t('search.results')} />}
    </Stack>
  );
}
