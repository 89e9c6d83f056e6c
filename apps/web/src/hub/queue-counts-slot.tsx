import { Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { capabilities } from '../api/capabilities';
import { api, unwrap, type QueueCounts } from '../api/client';

/** Counts per hub queue and per escalation level (GET /api/requests/queues), refreshed every half minute. */
export function useQueueCountsQuery(enabled = true) {
  return useQuery({
    queryKey: ['requests', 'list', 'queue-counts'],
    enabled: capabilities.queueCounts && enabled,
    refetchInterval: 30_000,
    queryFn: (): Promise<QueueCounts> => unwrap(api.GET('/api/requests/queues')),
  });
}

export function QueueCount({ count }: { count: number | undefined }) {
  if (count === undefined) return null;
  return (
    <Badge size="sm" variant={count > 0 ? 'filled' : 'light'} color={count > 0 ? undefined : 'gray'}>
      {count}
    </Badge>
  );
}
