import { Button, Stack } from '@mantine/core';
import { useMemo, useState } from 'react';
import { ErrorAlert } from '../common/error-alert';
import { useI18n } from '../i18n/i18n';
import { SearchForm } from './search-form';
import { SearchResults } from './search-results';
import { useSearch } from './search-queries';

/** The auditor's way from what a request says to its history: search the record, pick a result. */
export function FindRequest({ onPick }: { onPick: (requestId: string) => void }) {
  const { t } = useI18n();
  // A new key empties the box once a result is picked.
  const [formKey, setFormKey] = useState(0);
  const [q, setQ] = useState('');
  const results = useSearch({ q }, 10);
  const items = useMemo(() => results.data?.pages.flatMap((p) => p.items) ?? [], [results.data]);
  return (
    <Stack gap="sm">
      <SearchForm key={formKey} label={t('search.inAudit')} button={t('search.find')} onSearch={setQ} />
      {q && results.isError && <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />}
      {q && results.isSuccess && (
        <SearchResults
          items={items}
          label={t('search.results')}
          action={(r) => (
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                setQ('');
                setFormKey((k) => k + 1);
                onPick(r.id);
              }}
            >
              {t('search.showHistory')}
            </Button>
          )}
        />
      )}
    </Stack>
  );
}
