import { Table, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../i18n/i18n';

export type SortOrder = 'asc' | 'desc';

/** A list's sorts: each column's key and the direction it takes first (the server's default for that key). */
export type SortDefaults<K extends string> = Record<K, SortOrder>;

export interface ListSort<K extends string> {
  key: K;
  order: SortOrder;
  /** `sort` and `order` for the API, always both: a list's default may differ from the API's. */
  query: { sort: K; order: SortOrder };
  /** A click on a column: sort by it, or flip the direction when it already sorts. */
  toggle(key: K): void;
}

/**
 * The sort of a list, kept in the address (`sort`, `order`) beside its filters, so that a sorted view survives a
 * reload and can be bookmarked or shared. An unknown key in the address falls back to the list's default.
 */
export function useListSort<K extends string>(defaults: SortDefaults<K>, fallback: NoInfer<K>): ListSort<K> {
  const [params, setParams] = useSearchParams();
  const asked = params.get('sort');
  const key = asked !== null && asked in defaults ? (asked as K) : fallback;
  const askedOrder = params.get('order');
  const order: SortOrder = askedOrder === 'asc' || askedOrder === 'desc' ? askedOrder : defaults[key];
  return {
    key,
    order,
    query: { sort: key, order },
    toggle: (next) =>
      setParams(
        (p) => {
          const out = new URLSearchParams(p);
          const nextOrder = next === key ? (order === 'asc' ? 'desc' : 'asc') : defaults[next];
          out.set('sort', next);
          if (nextOrder === defaults[next]) out.delete('order');
          else out.set('order', nextOrder);
          return out;
        },
        { replace: true },
      ),
  };
}

/**
 * A column header that sorts its list: a button inside the header cell, `aria-sort` on the cell, an arrow that
 * shows the direction. Without `sort` (a search ranks by relevance), a plain header.
 */
export function SortableTh<K extends string>({
  sort,
  column,
  children,
}: {
  sort?: ListSort<K> | null;
  column: K;
  children: ReactNode;
}) {
  const { t } = useI18n();
  if (!sort) return <Table.Th scope="col">{children}</Table.Th>;
  const active = sort.key === column;
  const ariaSort = active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <Table.Th scope="col" aria-sort={ariaSort}>
      <UnstyledButton
        onClick={() => sort.toggle(column)}
        fw={700}
        fz="sm"
        title={t(active && sort.order === 'asc' ? 'list.sortDescending' : 'list.sortAscending')}
        data-testid={`sort-${column}`}
      >
        {children}
        {/* A no-break space keeps the arrow with the last word when a narrow header wraps. */}
        {'\u00a0'}
        <span aria-hidden="true" style={{ opacity: active ? 1 : 0.35 }}>
          {active ? (sort.order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </UnstyledButton>
    </Table.Th>
  );
}
