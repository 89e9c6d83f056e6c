import { Anchor, Button, Group, Stack, Table, Tabs, Text } from '@mantine/core';
import { InboxSearch } from '../search/inbox-search';
import { ASSIGNMENT_STATUSES } from '@ventanilla/domain/assignment-status.js';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AssignmentView } from '../api/client';
import { ErrorAlert } from '../common/error-alert';
import { SortableTh, useListSort, type ListSort, type SortDefaults } from '../common/list-sort';
import { SavedViewsMenu } from '../common/saved-views';
import { assignmentRoleLabel, assignmentStatusLabel } from '../common/labels';
import { Page } from '../common/page';
import { AssignmentStatusBadge, EscalationBadge, PriorityBadge } from '../common/status-badge';
import { useI18n } from '../i18n/i18n';
import { QueueCount } from '../hub/queue-counts-slot';
import { DueDate } from '../requests/due-date';
import { useAssignmentCounts, useAssignmentList } from './assignment-queries';

const OPEN = new Set(['pending', 'accepted', 'clarification_requested']);

/** The inbox's columns that sort (the API's keys), with the direction each takes first. */
const INBOX_SORTS = {
  folio: 'asc',
  title: 'asc',
  role: 'asc',
  status: 'asc',
  priority: 'asc',
  due: 'asc',
  created: 'desc',
} as const satisfies SortDefaults<string>;
type InboxSortKey = keyof typeof INBOX_SORTS;
/** What the inbox's address holds, and a saved view keeps. */
const INBOX_KEYS = ['status', 'sort', 'order'] as const;

/** The agency officer's inbox: what was routed to the agency, by status, soonest answer first. */
export function InboxPage() {
  const { t, language } = useI18n();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'pending';
  // Open work by the answer due soonest; the rest newest first.
  const sort = useListSort(INBOX_SORTS, status === 'all' || !OPEN.has(status) ? 'created' : 'due');
  const list = useAssignmentList(status === 'all' ? undefined : status, sort.query);
  const counts = useAssignmentCounts();
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  const statuses = [...ASSIGNMENT_STATUSES, 'all'] as const;
  const panel = (
    <Stack gap="sm">
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? <Text c="dimmed">{t('app.loading')}</Text> : <AssignmentTable items={items} sort={sort} />}
      {list.hasNextPage && (
        <Group>
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
  return (
    <Page title={t('inbox.title')} actions={<SavedViewsMenu list="inbox" keys={INBOX_KEYS} />}>
      <InboxSearch />
      <Tabs
        value={status}
        onChange={(v) =>
          v &&
          setParams(
            (p) => {
              const next = new URLSearchParams(p);
              next.set('status', v);
              return next;
            },
            { replace: true },
          )
        }
      >
        <Tabs.List aria-label={t('inbox.filter')}>
          {statuses.map((s) => (
            <Tabs.Tab
              key={s}
              value={s}
              rightSection={<QueueCount count={s === 'all' ? counts.data?.total : counts.data?.byStatus[s]} />}
            >
              {s === 'all' ? t('common.all') : assignmentStatusLabel(s, language)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {statuses.map((s) => (
          <Tabs.Panel key={s} value={s} pt="sm">
            {s === status && panel}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Page>
  );
}

function AssignmentTable({ items, sort }: { items: AssignmentView[]; sort: ListSort<InboxSortKey> }) {
  const { t, language } = useI18n();
  if (items.length === 0) return <Text c="dimmed">{t('inbox.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
          {t('common.count', { count: items.length })}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <SortableTh sort={sort} column="folio">
              {t('list.col.folio')}
            </SortableTh>
            <SortableTh sort={sort} column="title">
              {t('list.col.title')}
            </SortableTh>
            <SortableTh sort={sort} column="role">
              {t('inbox.col.role')}
            </SortableTh>
            <SortableTh sort={sort} column="status">
              {t('list.col.status')}
            </SortableTh>
            <SortableTh sort={sort} column="priority">
              {t('list.col.priority')}
            </SortableTh>
            <SortableTh sort={sort} column="due">
              {t('inbox.col.due')}
            </SortableTh>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor component={Link} to={`/assignments/${a.id}`} fw={600}>
                  {a.folio ?? t('list.noFolio')}
                </Anchor>
              </Table.Td>
              <Table.Td miw={220}>{a.request.title}</Table.Td>
              <Table.Td>{assignmentRoleLabel(a.role, language)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Group gap={4} wrap="nowrap">
                  <AssignmentStatusBadge status={a.status} />
                  <EscalationBadge level={a.escalationLevel} />
                </Group>
              </Table.Td>
              <Table.Td>
                <PriorityBadge priority={a.request.priority} short />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <DueDate iso={a.responseDueAt} running={OPEN.has(a.status) && !a.clockPaused} short />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
