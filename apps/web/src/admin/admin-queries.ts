import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  unwrap,
  type CreateUserBody,
  type DeadLetter,
  type UpdateUserBody,
  type UserPage,
  type UserView,
} from '../api/client';
import { retryUnlessClientError } from '../requests/request-queries';

export interface UserFilters {
  q?: string;
  role?: string;
  disabled?: boolean;
  sort?: string;
  order?: 'asc' | 'desc';
}

export const adminKeys = {
  users: ['admin', 'users'] as const,
  userList: (f: UserFilters) => ['admin', 'users', 'list', f] as const,
  ruleVersions: ['routing-rules', 'versions'] as const,
  ruleVersion: (v: number) => ['routing-rules', 'version', v] as const,
  deadLetters: (state: string) => ['admin', 'dead-letters', state] as const,
};

export function useUsers(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: adminKeys.userList(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }): Promise<UserPage> =>
      unwrap(
        api.GET('/api/admin/users', {
          params: {
            query: {
              limit: 50,
              ...(filters.q ? { q: filters.q } : {}),
              ...(filters.role ? { role: filters.role as never } : {}),
              ...(filters.disabled !== undefined ? { disabled: filters.disabled } : {}),
              ...(filters.sort ? { sort: filters.sort as never, order: filters.order } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: retryUnlessClientError,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => unwrap(api.POST('/api/admin/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ user, patch }: { user: UserView; patch: Omit<UpdateUserBody, 'version'> }) =>
      unwrap(
        api.PATCH('/api/admin/users/{id}', {
          params: { path: { id: user.id } },
          body: { version: user.version, ...patch },
        }),
      ),
    // A 409 means someone else changed the user: the list reloads either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: UserView) =>
      unwrap(api.POST('/api/admin/users/{id}/reset-password', { params: { path: { id: user.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useRuleVersions() {
  return useQuery({
    queryKey: adminKeys.ruleVersions,
    queryFn: () => unwrap(api.GET('/api/admin/routing-rules')),
    retry: retryUnlessClientError,
  });
}

export function useRuleVersion(version: number) {
  return useQuery({
    queryKey: adminKeys.ruleVersion(version),
    queryFn: () => unwrap(api.GET('/api/admin/routing-rules/{version}', { params: { path: { version } } })),
    retry: retryUnlessClientError,
    staleTime: Infinity,
  });
}

export function usePublishRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { document: Record<string, unknown>; note?: string }) =>
      unwrap(api.POST('/api/admin/routing-rules', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.ruleVersions }),
  });
}

export function useDeadLetters(state: string) {
  return useInfiniteQuery({
    queryKey: adminKeys.deadLetters(state),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }): Promise<{ items: DeadLetter[]; nextCursor: string | null }> =>
      unwrap(
        api.GET('/api/admin/dead-letters', {
          params: { query: { state: state as never, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: retryUnlessClientError,
  });
}

export function useReplayDeadLetter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/admin/dead-letters/{id}/replay', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin', 'dead-letters'] }),
  });
}
