import { Alert, Table, Text } from '@mantine/core';
import type { RequestView } from '../api/client';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { nextDeadline } from './deadlines';
import { DueDate } from './due-date';

const CLOCKS: Array<[keyof RequestView['clock'], MessageKey]> = [
  ['acknowledgeDueAt', 'detail.clock.acknowledge'],
  ['routeDueAt', 'detail.clock.route'],
  ['firstResponseDueAt', 'detail.clock.firstResponse'],
  ['closeDueAt', 'detail.clock.close'],
];
const STOPPED = new Set(['closed', 'rejected', 'withdrawn', 'authorization_denied']);

/** The SLA due dates of the request, in the user's time zone; paused while a clarification is pending. */
export function RequestClocks({ request }: { request: RequestView }) {
  const { t, dateTime } = useI18n();
  const { clock } = request;
  if (!request.registeredAt) return <Text c="dimmed">{t('detail.clock.notStarted')}</Text>;
  // Only the stage now under way can be late; earlier stages' dates were met or are history.
  const current = STOPPED.has(request.status) ? null : nextDeadline(request);
  return (
    <>
      {clock.paused && (
        <Alert color="orange" mb="sm">
          {t('detail.clock.paused', { date: dateTime(clock.pausedAt) })}
        </Alert>
      )}
      <Table withRowBorders={false} verticalSpacing={4}>
        <Table.Tbody>
          {CLOCKS.map(([field, label]) => (
            <Table.Tr key={field}>
              <Table.Th scope="row" fw={500}>
                {t(label)}
              </Table.Th>
              <Table.Td>
                <DueDate iso={clock[field] as string | null} running={current !== null && clock[field] === current} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
