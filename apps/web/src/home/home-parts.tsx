import { Anchor, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n';

/** A count, large, with what it counts; the whole card opens the screen behind it. Alarming counts above 0 turn red. */
export function Figure({
  id,
  label,
  count,
  to,
  alarm = false,
}: {
  id: string;
  label: string;
  count: number | undefined;
  to?: string;
  alarm?: boolean;
}) {
  const { locale } = useI18n();
  const shown = count === undefined ? '…' : new Intl.NumberFormat(locale).format(count);
  const body = (
    <>
      <Text fz={28} fw={700} lh={1.1} c={alarm && (count ?? 0) > 0 ? 'red.9' : 'ventanilla.9'}>
        {shown}
      </Text>
      <Text size="sm" c="dark.7">
        {label}
      </Text>
    </>
  );
  return to ? (
    <Card withBorder padding="sm" component={Link} to={to} data-testid={`figure-${id}`}>
      {body}
    </Card>
  ) : (
    <Card withBorder padding="sm" data-testid={`figure-${id}`}>
      {body}
    </Card>
  );
}

/** Figures side by side; `wide` fits six on a row. */
export function Figures({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: wide ? 6 : 5 }} spacing="sm">
      {children}
    </SimpleGrid>
  );
}

/** A titled part of the home page (an h2), with a link to the screen that shows everything. */
export function Section({
  id,
  title,
  more,
  children,
}: {
  id: string;
  title: string;
  more?: { to: string; screen: string };
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`home-${id}`} data-testid={`home-${id}`}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={`home-${id}`}>
          {title}
        </Title>
        {children}
        {more && (
          <Anchor component={Link} to={more.to} size="sm">
            {t('home.more', { screen: more.screen })}
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

/** A short list as a table: column headers, one row per item; `empty` when there is none. */
export function ItemTable({
  caption,
  columns,
  rows,
  empty,
}: {
  caption: string;
  columns: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
  empty: string;
}) {
  if (rows.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing="xs" striped aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c} scope="col">
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              {r.cells.map((c, i) => (
                <Table.Td key={i}>{c}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The request's title as a link to it, its folio below (none for a draft). */
export function RequestLink({ to, title, folio }: { to: string; title: string; folio: string | null }) {
  return (
    <Stack gap={0}>
      <Anchor component={Link} to={to}>
        {title}
      </Anchor>
      {folio && (
        <Text size="xs" c="dark.5">
          {folio}
        </Text>
      )}
    </Stack>
  );
}

/** An instant in the user's locale and zone, short. */
export function When({ iso }: { iso: string | null }) {
  const { shortDateTime, dateTime, t } = useI18n();
  if (!iso) return <Text span>{t('common.none')}</Text>;
  return (
    <time dateTime={iso} title={dateTime(iso)}>
      {shortDateTime(iso)}
    </time>
  );
}
