import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { ErrorAlert } from '../common/error-alert';
import { useI18n } from '../i18n/i18n';
import { SearchResults } from './search-results';
import { useSearch } from './search-queries';

/** The auditor's way from what a request says to its history: search the record, pick a result. */
export function FindRequest({ onPick }: { onPick: (requestId: string) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const results = useSearch({ q }, 10);
  const items = useMemo(() => results.data?.pages.flatMap((p) => p.items) ?? [], [results.data]);
  return (
    <Stack gap="sm">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(text.trim());
        }}
      >
        <Group align="flex-end" gap="xs">
          <TextInput
            style={{ flex: 1, maxWidth: 480 }}
            type="search"
            label={t('search.inAudit')}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              if (e.currentTarget.value === '') setQ('');
            }}
          />
          <Button type="submit" variant="default">
            {t('search.find')}
          </Button>
        </Group>
      </form>
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
                setText('');
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
