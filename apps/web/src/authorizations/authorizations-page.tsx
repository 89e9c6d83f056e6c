import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { RequestView } from '../api/client';
import { ErrorAlert } from '../common/error-alert';
import { nameOf } from '../common/labels';
import { Page } from '../common/page';
import { useRequestTypes } from '../common/reference';
import { PriorityBadge } from '../common/status-badge';
import { useI18n } from '../i18n/i18n';
import { RequestActions } from '../requests/request-actions';
import { useRequestList, useTimeline } from '../requests/request-queries';

/**
 * GANS's desk: every request waiting for its decision, with why it needs one (the hub's justification), the
 * proposed action date and how far away it is, and authorize / deny on the spot.
 */
export function AuthorizationsPage() {
  const { t } = useI18n();
  const list = useRequestList({ status: 'awaiting_authorization', sort: 'deadline' });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  return (
    <Page title={t('list.authorizationsTitle')}>
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
    </Page>
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
