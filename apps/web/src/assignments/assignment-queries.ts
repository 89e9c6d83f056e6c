import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type AssignmentAction, type AssignmentPage, type AssignmentView } from '../api/client';
import { ApiProblem } from '../api/problem';
import { requestKeys, retryUnlessClientError } from '../requests/request-queries';

export const assignmentKeys = {
  all: ['assignments'] as const,
  list: (status: string | undefined, sort?: AssignmentSort) =>
    ['assignments', 'list', status ?? 'all', sort ?? {}] as const,
  one: (id: string) => ['assignments', 'one', id] as const,
  counts: ['assignments', 'counts'] as const,
};

export interface AssignmentSort {
  sort: string;
  order: 'asc' | 'desc';
}

/** The agency's inbox in the order asked (newest first by default), one page after another. */
export function useAssignmentList(status: string | undefined, sort?: AssignmentSort, limit = 50) {
  return useInfiniteQuery({
    queryKey: assignmentKeys.list(status, sort),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }): Promise<AssignmentPage> =>
      unwrap(
        api.GET('/api/assignments', {
          params: {
            query: {
              limit,
              ...(status ? { status: status as never } : {}),
              ...(sort ? { sort: sort.sort as never, order: sort.order } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: retryUnlessClientError,
    refetchInterval: 60_000,
  });
}

/** How many assignments in each status: the inbox's tab counts, refreshed with the list. */
export function useAssignmentCounts() {
  return useQuery({
    queryKey: assignmentKeys.counts,
    queryFn: () => unwrap(api.GET('/api/assignments/counts')),
    retry: retryUnlessClientError,
    refetchInterval: 60_000,
  });
}

export function useAssignment(id: string) {
  return useQuery({
    queryKey: assignmentKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/assignments/{id}', { params: { path: { id } } })),
    retry: retryUnlessClientError,
  });
}

export interface AssignmentActionInput {
  assignment: AssignmentView;
  action: AssignmentAction;
  reason?: string;
  /** `respond` only: false sends a partial answer and keeps the assignment open. */
  final?: boolean;
}

/** An action on the assignment on screen, with the version on screen; a stale one (409) reloads it. */
export function useAssignmentAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ assignment, action, reason, final }: AssignmentActionInput) =>
      unwrap(
        api.POST('/api/assignments/{id}/actions/{action}', {
          params: { path: { id: assignment.id, action } },
          body: {
            version: assignment.version,
            ...(reason?.trim() ? { reason: reason.trim() } : {}),
            ...(final !== undefined ? { final } : {}),
          },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(assignmentKeys.one(updated.id), updated);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['assignments', 'list'] }),
        queryClient.invalidateQueries({ queryKey: requestKeys.assignments(updated.requestId) }),
        queryClient.invalidateQueries({ queryKey: requestKeys.one(updated.requestId) }),
        queryClient.invalidateQueries({ queryKey: requestKeys.timeline(updated.requestId) }),
        queryClient.invalidateQueries({ queryKey: requestKeys.lists() }),
      ]);
    },
    onError: (err, { assignment }) => {
      // Someone else moved it (the 409 names only its new status and version): load it afresh.
      if (err instanceof ApiProblem && (err.status === 409 || err.status === 404)) {
        void queryClient.invalidateQueries({ queryKey: assignmentKeys.one(assignment.id) });
      }
    },
  });
}
