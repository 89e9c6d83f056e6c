import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { StatusBadge } from '../common/status-badge';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { HighlightedText } from './highlighted-text';
import type { SearchItem } from './search-queries';

type Snippet = NonNullable<SearchItem['match']>['snippets'][number];

/** One line of a result: where it matched, and the words that matched, marked. */
export function SnippetLine({ snippet }: { snippet: Snippet }) {
  const { t } = useI18n();
  return (
    <Text size="sm" c="dimmed" lineClamp={3}>
      <Text span size="xs" fw={600} c="dimmed">
        {t('search.matchedIn')} {t(`search.kind.${snippet.kind}` as MessageKey)}:{' '}
      </Text>
      <HighlightedText text={snippet.text} highlights={snippet.highlights} />
    </Text>
  );
}

/** Search results as a list: folio, title, status, requesting agency, date, and why each matched. */
export function SearchResults({
  items,
  label,
  action,
}: {
  items: SearchItem[];
  label: string;
  action?: (item: SearchItem) => ReactNode;
}) {
  const { t, date } = useI18n();
  if (items.length === 0) return <Text c="dimmed">{t('search.empty')}</Text>;
  return (
    <Stack gap="xs" component="ol" aria-label={label} style={{ listStyle: 'none', paddingLeft: 0, margin: 0 }}>
      {items.map((r) => (
        <Paper component="li" key={r.id} withBorder p="sm" radius="sm">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Group gap="xs" wrap="wrap">
                <Anchor component={Link} to={`/requests/${r.id}`} fw={600}>
                  {r.folio ?? t('list.noFolio')}
                </Anchor>
                <Text fw={500}>{r.title || t('list.untitled')}</Text>
              </Group>
              <Group gap="xs">
                <StatusBadge status={r.status} />
                <Badge size="sm" variant="light" color="gray">
                  {r.requestingAgency}
                </Badge>
                <Text size="xs" c="dimmed">
                  {t('search.created', { date: date(r.createdAt) })}
                </Text>
                {r.match && r.match.rank === 0 && (
                  <Badge size="sm" variant="outline" color="gray">
                    {t('search.typoOnly')}
                  </Badge>
                )}
              </Group>
              {r.match?.snippets.map((s, i) => (
                <SnippetLine key={i} snippet={s} />
              ))}
            </Stack>
            {action?.(r)}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
