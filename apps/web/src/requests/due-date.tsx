import { Text } from '@mantine/core';
import { useI18n } from '../i18n/i18n';

/** A deadline in the user's locale and zone; a passed one says so in words, not only in red. */
export function DueDate({
  iso,
  running = true,
  short = false,
}: {
  iso: string | null;
  running?: boolean;
  short?: boolean;
}) {
  const { t, dateTime, shortDateTime } = useI18n();
  if (!iso) return <Text span>{t('common.none')}</Text>;
  const overdue = running && new Date(iso).getTime() < Date.now();
  return (
    <Text span c={overdue ? 'red.8' : undefined} fw={overdue ? 600 : undefined}>
      <time dateTime={iso} title={short ? dateTime(iso) : undefined}>
        {short ? shortDateTime(iso) : dateTime(iso)}
      </time>
      {overdue && ` · ${t('detail.clock.overdue')}`}
    </Text>
  );
}
