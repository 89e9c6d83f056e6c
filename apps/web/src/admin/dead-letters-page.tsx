import { Badge, Button, Code, Group, Table, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { problemText } from '../api/problem';
import { actionLabel } from '../audit/audit-search-page';
import { ErrorAlert } from '../common/error-alert';
import { Page } from '../common/page';
import { en, type MessageKey } from '../i18n/en';
import { useI18n, type Translate } from '../i18n/i18n';
import { useDeadLetters, useReplayDeadLetter } from './admin-queries';

const STATES = ['open', 'replayed', 'all'] as const;

/** E-mail and webhook deliveries that failed every attempt: where, which event, why; replay once fixed. */
/** Where the delivery stands now (pending, dead, delivered after a replay…), in words. */
function deliveryStatusLabel(status: string, t: Translate): string {
  const key = `deadLetters.delivery.${status}`;
  return key in en ? t(key as MessageKey) : status;
}

export function DeadLettersPage() {
  const { t, shortDateTime, dateTime } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = (STATES as readonly string[]).includes(params.get('state') ?? '') ? params.get('state')! : 'open';
  const list = useDeadLetters(state);
  const replay = useReplayDeadLetter();
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const panel = (
    <>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Text c="dimmed">{t('app.loading')}</Text>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('deadLetters.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={960}>
          <Table striped verticalSpacing="xs">
            <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
              {t('common.count', { count: items.length })}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('deadLetters.deadAt')}</Table.Th>
                <Table.Th scope="col">{t('deadLetters.channel')}</Table.Th>
                <Table.Th scope="col">{t('users.agency')}</Table.Th>
                <Table.Th scope="col">{t('deadLetters.target')}</Table.Th>
                <Table.Th scope="col">{t('deadLetters.event')}</Table.Th>
                <Table.Th scope="col">{t('deadLetters.lastError')}</Table.Th>
                <Table.Th scope="col">{t('deadLetters.status')}</Table.Th>
                <Table.Th scope="col">{t('list.col.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={d.deadAt} title={dateTime(d.deadAt)}>
                      {shortDateTime(d.deadAt)}
                    </time>
                  </Table.Td>
                  <Table.Td>{d.channel === 'email' ? t('deadLetters.email') : t('deadLetters.webhook')}</Table.Td>
                  <Table.Td>{d.agency}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{d.target}</Table.Td>
                  <Table.Td>
                    {actionLabel(d.event, t) && <Text size="sm">{actionLabel(d.event, t)}</Text>}
                    <Code>{d.event}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" lineClamp={3}>
                      {t('deadLetters.attempts', { count: d.attempts })}: {d.lastError ?? t('common.none')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" tt="none" c="dark.9" color={d.replayedAt ? 'green' : 'red'}>
                      {d.replayedAt
                        ? t('deadLetters.replayedAt', { date: shortDateTime(d.replayedAt) })
                        : deliveryStatusLabel(d.deliveryStatus, t)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {!d.replayedAt && (
                      <Button
                        size="compact-sm"
                        variant="default"
                        loading={replay.isPending && replay.variables === d.id}
                        onClick={() =>
                          replay.mutate(d.id, {
                            onSuccess: () => notifications.show({ color: 'green', message: t('deadLetters.replayed') }),
                            onError: (err) =>
                              notifications.show({
                                color: 'red',
                                title: t('common.error'),
                                message: problemText(err, t('common.error')),
                              }),
                          })
                        }
                      >
                        {t('deadLetters.replay')}
                      </Button>
                    )}
                  </Table.Td>
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
    </>
  );
  return (
    <Page title={t('deadLetters.title')}>
      <Tabs value={state} onChange={(v) => v && setParams({ state: v }, { replace: true })}>
        <Tabs.List aria-label={t('deadLetters.filter')}>
          {STATES.map((s) => (
            <Tabs.Tab key={s} value={s}>
              {t(`deadLetters.state.${s}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {STATES.map((s) => (
          <Tabs.Panel key={s} value={s} pt="sm">
            {s === state && panel}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Page>
  );
}
