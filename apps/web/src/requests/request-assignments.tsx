import { Anchor, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import type { AssignmentView, RequestView } from '../api/client';
import { problemText } from '../api/problem';
import { useAssignmentAction } from '../assignments/assignment-queries';
import { AssignmentThread } from '../assignments/assignment-thread';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../common/error-alert';
import { assignmentRoleLabel } from '../common/labels';
import { useAgencyName } from '../common/reference';
import { AssignmentStatusBadge, EscalationBadge } from '../common/status-badge';
import { useI18n } from '../i18n/i18n';
import { DueDate } from './due-date';
import { useRequestAssignments } from './request-queries';

const OPEN = new Set(['pending', 'accepted', 'clarification_requested']);

/**
 * The request's assignments as the caller may see them: every agency's for the hub and auditors (with their
 * answers, and the hub's reply to an agency's question), the caller's own for an agency.
 */
export function RequestAssignments({ request }: { request: RequestView }) {
  const { t } = useI18n();
  const list = useRequestAssignments(request.id, request.routingRound > 0);
  if (request.routingRound === 0) return <Text c="dimmed">{t('assignments.none')}</Text>;
  if (list.isPending) return <Text c="dimmed">{t('app.loading')}</Text>;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <Text c="dimmed">{t('assignments.delivering')}</Text>;
  // Live ones first, then what earlier rounds cancelled.
  const ordered = [...list.data].sort(
    (a, b) => Number(a.status === 'cancelled') - Number(b.status === 'cancelled') || b.round - a.round,
  );
  return (
    <Stack gap="sm">
      {ordered.map((a) => (
        <AssignmentCard key={a.id} assignment={a} />
      ))}
    </Stack>
  );
}

function AssignmentCard({ assignment: a }: { assignment: AssignmentView }) {
  const { t, language, dateTime } = useI18n();
  const agencyName = useAgencyName();
  const { user } = useSession();
  const own = user?.role === 'agency_coordinator' && user.agency === a.agency;
  return (
    <Card withBorder padding="sm" opacity={a.status === 'cancelled' ? 0.8 : 1} data-testid={`assignment-${a.agency}`}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text fw={600}>{agencyName(a.agency)}</Text>
        <Group gap={6}>
          <Text size="sm">
            {assignmentRoleLabel(a.role, language)} · {t('assignments.round', { round: a.round })}
          </Text>
          <AssignmentStatusBadge status={a.status} />
          <EscalationBadge level={a.escalationLevel} />
        </Group>
      </Group>
      <Text size="sm" mt={4}>
        {t('assignment.responseDue')}: <DueDate iso={a.responseDueAt} running={OPEN.has(a.status) && !a.clockPaused} />
        {a.clockPaused && ` · ${t('assignment.clockPaused')}`}
      </Text>
      <Text size="xs" c="dimmed">
        {[
          a.deliveredAt && t('assignment.deliveredAt', { date: dateTime(a.deliveredAt) }),
          a.acceptedAt && t('assignment.acceptedAt', { date: dateTime(a.acceptedAt) }),
          a.respondedAt && t('assignment.respondedAt', { date: dateTime(a.respondedAt) }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {a.closingReason && (
        <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
          {t('assignment.closingReason')}: “{a.closingReason}”
        </Text>
      )}
      <Stack mt="xs" gap="xs">
        <AssignmentThread assignment={a} />
        {a.availableActions.includes('answer_clarification') && <AnswerAgency assignment={a} />}
        {own && (
          <Anchor component={Link} to={`/assignments/${a.id}`} size="sm">
            {t('assignments.openOwn')}
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

/** The hub answers an agency's question; the agency's clock starts again. */
function AnswerAgency({ assignment }: { assignment: AssignmentView }) {
  const { t } = useI18n();
  const act = useAssignmentAction();
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = () => {
    if (!answer.trim()) {
      setError(t('action.reasonRequired'));
      return;
    }
    act.mutate(
      { assignment, action: 'answer_clarification', reason: answer },
      {
        onSuccess: () => {
          setAnswer('');
          notifications.show({ color: 'green', message: t('action.done', { action: t('assignment.answer') }) });
        },
        onError: (err) => setError(problemText(err, t('common.error'))),
      },
    );
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <Stack gap="xs">
        <Textarea
          label={t('assignment.answerLabel', { agency: assignment.agency })}
          withAsterisk
          autosize
          minRows={2}
          value={answer}
          error={error ?? undefined}
          onChange={(e) => {
            setAnswer(e.currentTarget.value);
            setError(null);
          }}
        />
        <div>
          <Button type="submit" size="sm" loading={act.isPending}>
            {t('assignment.answer')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
