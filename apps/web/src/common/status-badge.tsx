import { Badge, VisuallyHidden } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useI18n } from '../i18n/i18n';
import { assignmentStatusLabel, priorityLabel, statusLabel } from './labels';

// Colours group statuses by who holds the ball; the text always names the status, colour is never alone.
const STATUS_COLOR: Record<string, string> = {
  draft: 'gray',
  submitted: 'blue',
  registered: 'blue',
  in_analysis: 'indigo',
  clarification_requested: 'orange',
  awaiting_authorization: 'grape',
  authorization_denied: 'red',
  routed: 'cyan',
  in_progress: 'cyan',
  responses_received: 'teal',
  response_sent: 'green',
  closed: 'gray',
  rejected: 'red',
  withdrawn: 'gray',
};

/**
 * The colour goes to the tint and the border; the text stays near-black, because several Mantine shades
 * (orange, green) fall under 4.5:1 contrast. The label is never cut short.
 */
const darkText = { '--badge-color': 'var(--mantine-color-dark-9)' } as CSSProperties;
const FULL_LABEL = { label: { overflow: 'visible', textOverflow: 'clip' } } as const;

export function StatusBadge({ status }: { status: string }) {
  const { language } = useI18n();
  const color = STATUS_COLOR[status] ?? 'gray';
  return (
    <Badge color={color} variant="light" radius="sm" tt="none" style={darkText} styles={FULL_LABEL}>
      {statusLabel(status, language)}
    </Badge>
  );
}

/** `short` shows the code alone (tables); the full label stays available as a tooltip and to screen readers. */
export function PriorityBadge({ priority, short = false }: { priority: string; short?: boolean }) {
  const { language } = useI18n();
  const label = priorityLabel(priority, language);
  const color = priority === 'P1' ? 'red' : priority === 'P2' ? 'orange' : 'gray';
  return (
    <Badge
      color={color}
      variant="outline"
      radius="sm"
      tt="none"
      style={darkText}
      styles={FULL_LABEL}
      title={short ? label : undefined}
    >
      {short ? (
        <>
          <span aria-hidden>{priority}</span>
          <VisuallyHidden>{label}</VisuallyHidden>
        </>
      ) : (
        label
      )}
    </Badge>
  );
}

const ASSIGNMENT_COLOR: Record<string, string> = {
  pending: 'blue',
  accepted: 'cyan',
  clarification_requested: 'orange',
  responded: 'green',
  declined: 'red',
  cancelled: 'gray',
};

export function AssignmentStatusBadge({ status }: { status: string }) {
  const { language } = useI18n();
  return (
    <Badge
      color={ASSIGNMENT_COLOR[status] ?? 'gray'}
      variant="light"
      radius="sm"
      tt="none"
      style={darkText}
      styles={FULL_LABEL}
    >
      {assignmentStatusLabel(status, language)}
    </Badge>
  );
}

/** Escalation L1–L4 in words ("Escalation L2"); nothing for L0, which is the normal state. */
export function EscalationBadge({ level }: { level: string }) {
  const { t } = useI18n();
  if (level === 'L0') return null;
  return (
    <Badge color="red.9" variant="filled" radius="sm" tt="none" styles={FULL_LABEL}>
      {t('detail.escalation', { level })}
    </Badge>
  );
}
