import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap, type AuditEventPage, type RequestPage } from '../api/client';
import type { operations } from '../api/schema';
import { retryUnlessClientError } from '../requests/request-queries';

export type AuditFilters = Omit<
  NonNullable<operations['AuditController_events']['parameters']['query']>,
  'cursor' | 'limit'
>;

/** Audit search, newest first, keyset "load more". */
export function useAuditEvents(filters: AuditFilters, limit = 50) {
  return useInfiniteQuery({
    queryKey: ['audit', 'events', filters, limit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }): Promise<AuditEventPage> =>
      unwrap(
        api.GET('/api/audit/events', {
          params: { query: { ...filters, limit, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: retryUnlessClientError,
  });
}

/**
 * Up to `pages` pages of `limit` items, for figures drawn from a recent sample (the newest first). Says
 * whether it read everything, so the chart can say "the latest N" when it did not.
 */
export function useSample<T>(
  key: readonly unknown[],
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  pages = 5,
) {
  return useQuery({
    queryKey: ['sample', ...key, pages],
    staleTime: 60_000,
    retry: retryUnlessClientError,
    queryFn: async (): Promise<{ items: T[]; complete: boolean }> => {
      const items: T[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < pages; i++) {
        const page = await fetchPage(cursor);
        items.push(...page.items);
        if (!page.nextCursor) return { items, complete: true };
        cursor = page.nextCursor;
      }
      return { items, complete: false };
    },
  });
}

export const fetchRequestPage = (cursor: string | undefined): Promise<RequestPage> =>
  unwrap(api.GET('/api/requests', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } }));

export const fetchAuditPage = (cursor: string | undefined): Promise<AuditEventPage> =>
  unwrap(api.GET('/api/audit/events', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } }));
