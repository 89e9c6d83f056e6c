import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../common/error-alert';
import { useI18n } from '../i18n/i18n';
import { SearchResults } from './search-results';
import { useSearch } from './search-queries';

/** A search box over the requests routed to the agency, above its inbox; results show while the box holds text. */
export function InboxSearch() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const results = useSearch({ q });
  const items = useMemo(() => results.data?.pages.flatMap((p) => p.items) ?? [], [results.data]);
  const submit = (value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value.trim()) next.set('q', value.trim());
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  return (
    <Stack gap="sm">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          submit(text);
        }}
      >
        <Group align="flex-end" gap="xs">
          <TextInput
            style={{ flex: 1, maxWidth: 480 }}
            type="search"
            label={t('search.inInbox')}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              if (e.currentTarget.value === '') submit('');
            }}
          />
          <Button type="submit" variant="default">
            {t('search.go')}
          </Button>
        </Group>
      </form>
      {q && results.isError && <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />}
      {q && results.isSuccess && <SearchResults items={items} label={t('search.results')} />}
    </Stack>
  );
}
