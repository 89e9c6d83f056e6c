import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ActionBody, type RequestAction, type RequestPage, type RequestView } from '../api/client';
import { ApiProblem, isNotFound } from '../api/problem';

export interface RequestFilters {
  /** A hub queue (the server's definition); implies nearest deadline first. */
  queue?: string;
  /** `newest`/`deadline` (also on a search), or a column (the plain list only). */
  sort?: string;
  order?: 'asc' | 'desc';
  /** Escalation level (L0–L4). */
  escalation?: string;
  status?: string;
  type?: string;
  topic?: string;
  priority?: string;
  q?: string;
}

export const requestKeys = {
  all: ['requests'] as const,
  lists: () => ['requests', 'list'] as const,
  list: (filters: RequestFilters) => ['requests', 'list', filters] as const,
  one: (id: string) => ['requests', 'one', id] as const,
  timeline: (id: string) => ['requests', 'timeline', id] as const,
  assignments: (id: string) => ['requests', 'assignments', id] as const,
  routing: (id: string) => ['requests', 'routing', id] as const,
};

/** A 404 is an answer (not ours to see), not a glitch: never retried. */
export const retryUnlessClientError = (count: number, err: unknown) =>
  count < 2 && !(err instanceof ApiProblem && err.status < 500);

export function useRequest(id: string, opts: { poll?: (r: RequestView | undefined) => number | false } = {}) {
  return useQuery({
    queryKey: requestKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/requests/{id}', { params: { path: { id } } })),
    retry: retryUnlessClientError,
    refetchInterval: opts.poll ? (q) => opts.poll!(q.state.data) : false,
  });
}

export function useTimeline(id: string, enabled = true) {
  return useQuery({
    queryKey: requestKeys.timeline(id),
    queryFn: async () => (await unwrap(api.GET('/api/requests/{id}/timeline', { params: { path: { id } } }))).items,
    enabled,
    retry: retryUnlessClientError,
  });
}

/** One page after another (keyset pagination), newest first. */
export function useRequestList(filters: RequestFilters, limit = 50) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as RequestFilters;
  return useInfiniteQuery({
    queryKey: requestKeys.list(query),
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

export interface ActionInput {
  request: RequestView;
  action: RequestAction;
  reason?: string;
  /** What some actions take besides a reason: the routing plan, the consolidated reply. */
  extra?: Omit<ActionBody, 'version' | 'reason'>;
}

/** A lifecycle action on the version on screen; a 409 brings the current request, which replaces ours. */
export function useRequestAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ request, action, reason, extra }: ActionInput) =>
      unwrap(
        api.POST('/api/requests/{id}/actions/{action}', {
          params: { path: { id: request.id, action } },
          body: { version: request.version, ...(reason?.trim() ? { reason: reason.trim() } : {}), ...extra },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(requestKeys.one(updated.id), updated);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: requestKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: requestKeys.timeline(updated.id) }),
        queryClient.invalidateQueries({ queryKey: requestKeys.assignments(updated.id) }),
        queryClient.invalidateQueries({ queryKey: requestKeys.routing(updated.id) }),
      ]);
    },
    onError: (err, { request }) => {
      if (err instanceof ApiProblem && err.status === 409 && err.body.current) {
        queryClient.setQueryData(requestKeys.one(request.id), err.body.current as RequestView);
      }
      if (isNotFound(err)) void queryClient.invalidateQueries({ queryKey: requestKeys.one(request.id) });
    },
  });
}

/** The rules' proposal for a request and every routing decision so far (hub, authorizer, auditors). */
export function useRoutingProposal(id: string, enabled = true) {
  return useQuery({
    queryKey: requestKeys.routing(id),
    queryFn: () => unwrap(api.GET('/api/requests/{id}/routing-proposal', { params: { path: { id } } })),
    enabled,
    retry: retryUnlessClientError,
  });
}

/** The request's assignments the caller may see: all for the hub and auditors, its own for an agency. */
export function useRequestAssignments(id: string, enabled = true) {
  return useQuery({
    queryKey: requestKeys.assignments(id),
    queryFn: async () => (await unwrap(api.GET('/api/requests/{id}/assignments', { params: { path: { id } } }))).items,
    enabled,
    retry: retryUnlessClientError,
  });
}
