import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap, type AuthorizationDecisionPage, type RequestView } from '../api/client';
import { ErrorAlert } from '../common/error-alert';
import { nameOf } from '../common/labels';
import { Page } from '../common/page';
import { useRequestTypes } from '../common/reference';
import { PriorityBadge } from '../common/status-badge';
import { useI18n } from '../i18n/i18n';
import { RequestActions } from '../requests/request-actions';
import { retryUnlessClientError, useRequestList, useTimeline } from '../requests/request-queries';

/**
 * GANS's desk: every request waiting for its decision, with why it needs one (the hub's justification), the
 * proposed action date and how far away it is, and authorize / deny on the spot.
 */
export function AuthorizationsPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<string | null>('pending');
  return (
    <Page title={t('list.authorizationsTitle')}>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="pending">{t('authorizations.tabPending')}</Tabs.Tab>
          <Tabs.Tab value="decided">{t('authorizations.tabDecided')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pending">
          <PendingList />
        </Tabs.Panel>
        <Tabs.Panel value="decided">
          <DecidedList />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function PendingList() {
  const { t } = useI18n();
  const list = useRequestList({ status: 'awaiting_authorization', sort: 'deadline' });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  return (
    <Stack>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Text c="dimmed">{t('app.loading')}</Text>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('authorizations.empty')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {items.map((r) => (
            <PendingAuthorization key={r.id} request={r} />
          ))}
        </SimpleGrid>
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
}

type DecisionFilter = '' | 'authorized' | 'denied';

/** GANS's past decisions, newest first, filtered by decision and by the day range they were taken in. */
export function DecidedList() {
  const { t, dateTime } = useI18n();
  const [decision, setDecision] = useState<DecisionFilter>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = {
    ...(decision ? { decision } : {}),
    // Whole local days: from the start of `from` to the end of `to`.
    ...(from ? { from: new Date(`${from}T00:00`).toISOString() } : {}),
    ...(to ? { to: new Date(new Date(`${to}T00:00`).getTime() + 86_400_000).toISOString() } : {}),
  };
  const list = useInfiniteQuery({
    queryKey: ['authorizations', 'decided', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }): Promise<AuthorizationDecisionPage> =>
      unwrap(
        api.GET('/api/requests/authorization-decisions', {
          params: { query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: retryUnlessClientError,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Group align="flex-end">
        <SegmentedControl
          aria-label={t('authorizations.decision')}
          value={decision}
          onChange={(v) => setDecision(v as DecisionFilter)}
          data={[
            { value: '', label: t('authorizations.allDecisions') },
            { value: 'authorized', label: t('authorizations.authorized') },
            { value: 'denied', label: t('authorizations.denied') },
          ]}
        />
        <TextInput type="date" label={t('audit.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label={t('audit.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Text c="dimmed">{t('app.loading')}</Text>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('authorizations.noDecisions')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped data-testid="decided-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('authorizations.request')}</Table.Th>
                <Table.Th>{t('authorizations.decision')}</Table.Th>
                <Table.Th>{t('authorizations.decidedAt')}</Table.Th>
                <Table.Th>{t('authorizations.decidedBy')}</Table.Th>
                <Table.Th>{t('authorizations.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/requests/${d.requestId}`} underline="always">
                      {d.folio ?? t('list.noFolio')}
                    </Anchor>{' '}
                    · {d.title}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={d.decision === 'denied' ? 'red' : 'teal'} tt="none" c="dark.9">
                      {d.decision === 'denied' ? t('authorizations.denied') : t('authorizations.authorized')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <time dateTime={d.decidedAt}>{dateTime(d.decidedAt)}</time>
                  </Table.Td>
                  <Table.Td>{d.decidedBy.displayName ?? d.decidedBy.agency ?? t('common.none')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{d.reason ?? t('common.none')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
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
}

function PendingAuthorization({ request: r }: { request: RequestView }) {
  const { t, language, dateTime, locale } = useI18n();
  const types = useRequestTypes();
  const timeline = useTimeline(r.id);
  const type = types.data?.find((x) => x.code === r.type);
  // The hub's words when it sent the request to GANS: the latest, if it was sent more than once.
  const sent = [...(timeline.data ?? [])].reverse().find((e) => e.action === 'request.request_authorization');
  const why = [
    type?.noSurprises === 'authorization' ? t('authorizations.byType') : null,
    r.usPersonnelOnMexicanSoil ? t('authorizations.usPersonnel') : null,
  ].filter(Boolean);
  const headingId = `auth-${r.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h4" id={headingId}>
            <Anchor component={Link} to={`/requests/${r.id}`} inherit underline="always">
              {r.folio ?? t('list.noFolio')}
            </Anchor>{' '}
            · {r.title}
          </Title>
          <PriorityBadge priority={r.priority} short />
        </Group>
        <Text size="sm">
          {nameOf(type, language, r.type)} · {t('detail.requestingAgency')}: {r.requestingAgency}
        </Text>
        <div>
          <Text size="sm" fw={600}>
            {t('field.proposedActionAt')}
          </Text>
          {r.proposedActionAt ? (
            <Text size="sm">
              <time dateTime={r.proposedActionAt}>{dateTime(r.proposedActionAt)}</time> ·{' '}
              {relative(r.proposedActionAt, locale)}
            </Text>
          ) : (
            <Text size="sm">{t('common.none')}</Text>
          )}
        </div>
        <div>
          <Text size="sm" fw={600}>
            {t('authorizations.justification')}
          </Text>
          {sent?.reason ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              “{sent.reason}”
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {t('authorizations.noJustification')}
            </Text>
          )}
          <Group gap={4} mt={4}>
            {why.map((w) => (
              <Badge key={w} variant="light" color="grape" tt="none" c="dark.9">
                {w}
              </Badge>
            ))}
          </Group>
        </div>
        <Text size="sm" lineClamp={3}>
          {r.summary}
        </Text>
        <RequestActions request={r} only={['authorize', 'deny']} />
      </Stack>
    </Card>
  );
}

/** "in 3 days", "2 hours ago": how close the proposed action is, in the user's language. */
function relative(iso: string, locale: string): string {
  const minutes = Math.round((new Date(iso).getTime() - Date.now()) / 60_000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  if (Math.abs(minutes) < 48 * 60) return format.format(Math.round(minutes / 60), 'hour');
  return format.format(Math.round(minutes / 1440), 'day');
}
