import { Button, Text, Timeline } from '@mantine/core';
import { useState } from 'react';
import type { TimelineEntry } from '../api/client';
import { assignmentStatusLabel, roleLabel, statusLabel } from '../common/labels';
import { en, type MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';

/** The evidence of each notice (created, delivered, e-mailed…): many lines per step, so folded by default. */
const isNoticeStep = (e: TimelineEntry) => e.action.startsWith('notification.');

/** What happened to the request, oldest first, as far as the caller may know. */
export function RequestTimeline({ items }: { items: TimelineEntry[] }) {
  const { t, language, dateTime } = useI18n();
  const [withNotices, setWithNotices] = useState(false);
  if (items.length === 0) return <Text c="dimmed">{t('detail.timeline.empty')}</Text>;
  const noticeSteps = items.filter(isNoticeStep).length;
  const shown = withNotices ? items : items.filter((e) => !isNoticeStep(e));
  // An assignment's statuses are its own, not the request's.
  const status = (e: TimelineEntry, s: string) =>
    e.action.startsWith('assignment.') ? assignmentStatusLabel(s, language) : statusLabel(s, language);
  const label = (action: string) => {
    const key = `timeline.${action}`;
    // An action this version has no words for yet still reads as words, not as a code.
    return key in en ? t(key as MessageKey) : action.replace(/[._]/g, ' ');
  };
  return (
    <>
      {noticeSteps > 0 && (
        <Button
          variant="subtle"
          size="compact-sm"
          mb="sm"
          onClick={() => setWithNotices((v) => !v)}
          aria-pressed={withNotices}
        >
          {withNotices ? t('timeline.hideNotices') : t('timeline.showNotices', { count: noticeSteps })}
        </Button>
      )}
      <Timeline active={shown.length - 1} bulletSize={14} lineWidth={2}>
        {shown.map((e) => (
          <Timeline.Item key={e.id} title={label(e.action)}>
            {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus && (
              <Text size="sm">
                {status(e, e.fromStatus)} → {status(e, e.toStatus)}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              <time dateTime={e.occurredAt}>{dateTime(e.occurredAt)}</time> ·{' '}
              {t('timeline.by', {
                who:
                  e.actor.role === 'system'
                    ? t('timeline.system')
                    : [roleLabel(e.actor.role, language), e.actor.agency].filter(Boolean).join(', '),
              })}
            </Text>
            {e.handedTo && <Text size="sm">{t('timeline.handedTo', { name: e.handedTo.displayName })}</Text>}
            {e.reason && (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                “{e.reason}”
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </>
  );
}
