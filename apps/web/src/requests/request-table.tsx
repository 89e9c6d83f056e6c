import { Anchor, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { RequestView } from '../api/client';
import { nameOf } from '../common/labels';
import { SortableTh, type ListSort, type SortDefaults } from '../common/list-sort';
import { useRequestTypes } from '../common/reference';
import { PriorityBadge, StatusBadge } from '../common/status-badge';
import { useI18n } from '../i18n/i18n';
import { SnippetLine } from '../search/search-results';
import type { SearchItem } from '../search/search-queries';
import { nextDeadline } from './deadlines';
import { DueDate } from './due-date';

/** The request columns that sort (the API's `sort` keys), each with the direction it takes first. */
export const REQUEST_SORTS = {
  folio: 'asc',
  title: 'asc',
  type: 'asc',
  agency: 'asc',
  status: 'asc',
  priority: 'asc',
  deadline: 'asc',
  updated: 'desc',
  created: 'desc',
} as const satisfies SortDefaults<string>;
export type RequestSortKey = keyof typeof REQUEST_SORTS;

export interface RequestTableProps {
  /** With `match` (a search), the title cell also says where the request matched. */
  items: Array<RequestView & { match?: SearchItem['match'] }>;
  showAgency?: boolean;
  showUpdated?: boolean;
  /** Per-row actions (the hub's claim, for instance). */
  actions?: (r: RequestView) => ReactNode;
  caption: string;
  /** Sortable headers (kept in the address); none while a search ranks the rows. */
  sort?: ListSort<RequestSortKey> | null;
}

/** Requests as rows: the folio (or title, for drafts) opens the request. */
export function RequestTable({
  items,
  showAgency = false,
  showUpdated = false,
  actions,
  caption,
  sort,
}: RequestTableProps) {
  const { t, language, shortDateTime } = useI18n();
  const types = useRequestTypes();
  const typeName = (code: string) =>
    nameOf(
      types.data?.find((x) => x.code === code),
      language,
      code,
    );
  if (items.length === 0) return <Text c="dimmed">{t('list.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <SortableTh sort={sort} column="folio">
              {t('list.col.folio')}
            </SortableTh>
            <SortableTh sort={sort} column="title">
              {t('list.col.title')}
            </SortableTh>
            <SortableTh sort={sort} column="type">
              {t('list.col.type')}
            </SortableTh>
            {showAgency && (
              <SortableTh sort={sort} column="agency">
                {t('list.col.agency')}
              </SortableTh>
            )}
            <SortableTh sort={sort} column="status">
              {t('list.col.status')}
            </SortableTh>
            <SortableTh sort={sort} column="priority">
              {t('list.col.priority')}
            </SortableTh>
            <SortableTh sort={sort} column="deadline">
              {t('list.col.nextDue')}
            </SortableTh>
            {showUpdated && (
              <SortableTh sort={sort} column="updated">
                {t('list.col.updated')}
              </SortableTh>
            )}
            {actions && <Table.Th scope="col">{t('list.col.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor component={Link} to={`/requests/${r.id}`} fw={600}>
                  {r.folio ?? t('list.noFolio')}
                </Anchor>
              </Table.Td>
              <Table.Td miw={150}>
                {r.title || t('list.untitled')}
                {r.match?.snippets[0] && <SnippetLine snippet={r.match.snippets[0]} />}
              </Table.Td>
              <Table.Td>{typeName(r.type)}</Table.Td>
              {showAgency && <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.requestingAgency}</Table.Td>}
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <StatusBadge status={r.status} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <PriorityBadge priority={r.priority} short />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <DueDate iso={nextDeadline(r)} short />
              </Table.Td>
              {showUpdated && (
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={r.updatedAt}>{shortDateTime(r.updatedAt)}</time>
                </Table.Td>
              )}
              {actions && <Table.Td style={{ whiteSpace: 'nowrap' }}>{actions(r)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
