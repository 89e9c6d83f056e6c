import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type NotificationPage } from '../api/client';
import { capabilities } from '../api/capabilities';
import { retryUnlessClientError } from '../requests/request-queries';

export type NoticeFilter = 'to_acknowledge' | 'unread' | 'all';

const QUERY: Record<NoticeFilter, { unread?: boolean; ackRequired?: boolean; acknowledged?: boolean }> = {
  to_acknowledge: { ackRequired: true, acknowledged: false },
  unread: { unread: true },
  all: {},
};

export const noticeKeys = {
  all: ['notices'] as const,
  list: (filter: NoticeFilter) => ['notices', 'list', filter] as const,
  summary: ['notices', 'summary'] as const,
};

/** The agency's notices, newest first; every user of the agency shares them. */
export function useNotices(filter: NoticeFilter) {
  return useInfiniteQuery({
    queryKey: noticeKeys.list(filter),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }): Promise<NotificationPage> =>
      unwrap(
        api.GET('/api/notifications', {
          params: { query: { ...QUERY[filter], limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: retryUnlessClientError,
    refetchInterval: 60_000,
  });
}

/** Unread and unacknowledged counts, for the menu's badge. */
export function useNoticeSummary(enabled: boolean) {
  return useQuery({
    queryKey: noticeKeys.summary,
    queryFn: () => unwrap(api.GET('/api/notifications/summary')),
    enabled: enabled && capabilities.notifications,
    // Often enough to feel live, rare enough never to weigh on the server; paused while the tab is hidden.
    refetchInterval: 30_000,
    retry: false,
  });
}

/** Mark read or acknowledge, on behalf of the agency (both idempotent on the server). */
export function useNoticeAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'read' | 'ack' }) =>
      action === 'read'
        ? unwrap(api.POST('/api/notifications/{id}/read', { params: { path: { id } } }))
        : unwrap(api.POST('/api/notifications/{id}/ack', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: noticeKeys.all }),
  });
}
