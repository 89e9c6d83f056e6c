import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type NoSurprisesReport, type Schemas } from '../api/client';
import { retryUnlessClientError } from '../requests/request-queries';

export type HomeView = Schemas['HomeViewSchema'];

/** The caller's home page in one call (GET /api/home); fresh on every visit, and again each minute while open. */
export function useHome() {
  return useQuery({
    queryKey: ['home'],
    queryFn: (): Promise<HomeView> => unwrap(api.GET('/api/home')),
    staleTime: 0,
    refetchInterval: 60_000,
    retry: retryUnlessClientError,
  });
}

/** The no-surprises figures of the last 30 days (the report's default range), shared with the reports page's cache. */
export function useRecentCompliance(enabled: boolean) {
  return useQuery({
    queryKey: ['reports', 'no-surprises', {}],
    queryFn: () =>
      unwrap(api.GET('/api/reports/no-surprises', { params: { query: {} } })) as Promise<NoSurprisesReport>,
    staleTime: 60_000,
    enabled,
    retry: retryUnlessClientError,
  });
}
