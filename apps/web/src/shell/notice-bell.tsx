import { Badge, Button, Group, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { useNoticeSummary } from '../notices/notice-queries';

/**
 * The header's bell: notices to acknowledge and unread ones, for every role that receives notices. The counts come
 * from one small call every 30 s while the tab is visible, and again when the user comes back to it.
 */
export function NoticeBell() {
  const { t, locale } = useI18n();
  const summary = useNoticeSummary(true);
  const toAck = summary.data?.unacknowledgedCount ?? 0;
  const unread = summary.data?.unreadCount ?? 0;
  const n = new Intl.NumberFormat(locale);
  const label = t('bell.label', { ack: n.format(toAck), unread: n.format(unread) });
  return (
    <Button
      component={Link}
      to={toAck > 0 || unread === 0 ? '/notices' : '/notices?show=unread'}
      variant="subtle"
      size="xs"
      px={6}
      aria-label={label}
      title={label}
      data-testid="notice-bell"
    >
      <Group gap={4} wrap="nowrap">
        <svg
          width="18"
          height="18"
          viewBox="0 0 24 24"
          aria-hidden="true"
          style={{ flexShrink: 0 }}
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {toAck > 0 && (
          <Badge size="sm" color="red.9" variant="filled" data-testid="bell-ack">
            {n.format(toAck)}
          </Badge>
        )}
        {unread > 0 && (
          <Badge size="sm" color="gray.8" variant="filled" data-testid="bell-unread">
            {n.format(unread)}
          </Badge>
        )}
        <VisuallyHidden>{label}</VisuallyHidden>
      </Group>
    </Button>
  );
}
