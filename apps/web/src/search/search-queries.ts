import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap, type RequestPage } from '../api/client';
import { retryUnlessClientError } from '../requests/request-queries';

export type SearchItem = RequestPage['items'][number];

export interface SearchFilters {
  q: string;
  sort?: 'relevance' | 'newest' | 'deadline';
  queue?: string;
  status?: string;
  type?: string;
  topic?: string;
  /** The requesting agency. */
  agency?: string;
  /** ISO instants: created at or after `from`, before `to`. */
  from?: string;
  to?: string;
}

/** A search across the record, page after page; nothing is asked while the text is empty. */
export function useSearch(filters: SearchFilters, limit = 25) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Partial<SearchFilters>;
  return useInfiniteQuery({
    queryKey: ['requests', 'search', query, limit],
    enabled: filters.q.trim() !== '',
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }): Promise<RequestPage> =>
      unwrap(
        api.GET('/api/requests', {
          params: { query: { ...query, limit, ...(pageParam ? { cursor: pageParam } : {}) } as never },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: retryUnlessClientError,
  });
}
