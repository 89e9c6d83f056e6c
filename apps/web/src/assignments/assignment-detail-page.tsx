import { Alert, Anchor, Button, Card, Grid, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { mayAddAnswerFile } from '@ventanilla/domain/attachment-uploaders.js';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { AssignmentAction, AssignmentView } from '../api/client';
import { isNotFound, problemText } from '../api/problem';
import { AttachmentsPanel } from '../attachments/attachments-panel';
import { ErrorAlert } from '../common/error-alert';
import { MarkingBanner } from '../common/marking-banner';
import { assignmentRoleLabel, nameOf, statusLabel } from '../common/labels';
import { NotFoundPage } from '../common/not-found-page';
import { Page } from '../common/page';
import { ConfirmDialog } from '../common/confirm-dialog';
import { counted } from '../common/char-count';
import { PromptDialog } from '../common/prompt-dialog';
import { useRequestTypes, useTopics } from '../common/reference';
import { AssignmentStatusBadge, EscalationBadge, PriorityBadge } from '../common/status-badge';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { DueDate } from '../requests/due-date';
import { useRequest } from '../requests/request-queries';
import { Translated } from '../translations/translations';
import { useAssignment, useAssignmentAction } from './assignment-queries';
import { AssignmentThread } from './assignment-thread';

const OPEN = new Set(['pending', 'accepted', 'clarification_requested']);

export function AssignmentDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const assignment = useAssignment(id);
  if (assignment.isPending) return <Text p="lg">{t('app.loading')}</Text>;
  if (isNotFound(assignment.error)) return <NotFoundPage message={t('notFound.assignment')} />;
  if (assignment.isError)
    return (
      <Stack p="lg">
        <ErrorAlert error={assignment.error} onRetry={() => void assignment.refetch()} />
      </Stack>
    );
  return <AssignmentDetail assignment={assignment.data} />;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function AssignmentDetail({ assignment: a }: { assignment: AssignmentView }) {
  const { t, language, dateTime } = useI18n();
  const types = useRequestTypes();
  const topics = useTopics();
  const none = t('common.none');
  const live = a.status !== 'declined' && a.status !== 'cancelled';
  // The request as the agency may see it (its marking, what is asked); a lost assignment sees none of it.
  const asked = useRequest(a.requestId);
  const marking = live ? asked.data?.classification : null;
  const facts: Array<[string, ReactNode]> = [
    [
      t('field.type'),
      nameOf(
        types.data?.find((x) => x.code === a.request.type),
        language,
        a.request.type,
      ),
    ],
    [
      t('field.topics'),
      a.request.topics
        .map((c) =>
          nameOf(
            topics.data?.find((x) => x.code === c),
            language,
            c,
          ),
        )
        .join(', ') || none,
    ],
    [t('assignment.requestStatus'), statusLabel(a.request.status, language)],
    [t('assignment.role'), assignmentRoleLabel(a.role, language)],
    [t('assignments.roundLabel'), String(a.round)],
    ...(a.supportingAgencies
      ? ([[t('assignment.supports'), a.supportingAgencies.join(', ') || none]] as Array<[string, ReactNode]>)
      : []),
    [
      t('assignment.responseDue'),
      <>
        <DueDate iso={a.responseDueAt} running={OPEN.has(a.status) && !a.clockPaused} />
        {a.clockPaused && ` · ${t('assignment.clockPaused')}`}
      </>,
    ],
    [t('assignment.escalation'), a.escalationLevel === 'L0' ? t('assignment.noEscalation') : a.escalationLevel],
    [t('assignment.delivered'), a.deliveredAt ? dateTime(a.deliveredAt) : none],
    [t('assignment.accepted'), a.acceptedAt ? dateTime(a.acceptedAt) : none],
    [t('assignment.responded'), a.respondedAt ? dateTime(a.respondedAt) : none],
  ];

  return (
    <Page title={[a.folio, a.request.title].filter(Boolean).join(' · ')}>
      <MarkingBanner marking={marking} position="top" />
      <Group gap="xs">
        <AssignmentStatusBadge status={a.status} />
        <PriorityBadge priority={a.request.priority} />
        <EscalationBadge level={a.escalationLevel} />
        <Anchor component={Link} to="/inbox" size="sm" ml="auto">
          {t('assignment.back')}
        </Anchor>
      </Group>
      {a.closingReason && (
        <Alert color="gray" title={t('assignment.closingReason')}>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{a.closingReason}</Text>
        </Alert>
      )}
      <AssignmentActions assignment={a} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            {live && <WhatIsAsked requestId={a.requestId} />}
            {a.availableActions.includes('respond') && <RespondForm assignment={a} />}
            <Section title={t('assignment.thread')}>
              {(a.clarifications?.length ?? 0) + (a.responses?.length ?? 0) > 0 ? (
                <AssignmentThread assignment={a} />
              ) : (
                <Text c="dimmed">{t('assignment.threadEmpty')}</Text>
              )}
            </Section>
            {live && (
              <Section title={t('files.answerFiles')}>
                <AttachmentsPanel
                  request={{ id: a.requestId, status: a.request.status }}
                  show={(f) => f.context === 'answer' && f.assignmentId === a.id}
                  uploadTo={
                    mayAddAnswerFile(a.status, a.request.status) ? [{ context: 'answer', assignmentId: a.id }] : []
                  }
                />
              </Section>
            )}
            {live && (
              <Section title={t('files.requestFiles')}>
                <AttachmentsPanel
                  request={{ id: a.requestId, status: a.request.status }}
                  show={(f) => f.context === 'request' || f.context === 'clarification'}
                />
              </Section>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Section title={t('detail.details')}>
            <Table withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                {facts.map(([label, value]) => (
                  <Table.Tr key={label}>
                    <Table.Th scope="row" w="42%" fw={500}>
                      {label}
                    </Table.Th>
                    <Table.Td>{value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {live && (
              <Anchor component={Link} to={`/requests/${a.requestId}`} size="sm" mt="sm" display="inline-block">
                {t('assignment.openRequest')}
              </Anchor>
            )}
          </Section>
        </Grid.Col>
      </Grid>
      <MarkingBanner marking={marking} position="bottom" />
    </Page>
  );
}

type PromptAction = Extract<AssignmentAction, 'decline' | 'request_clarification'>;

/**
 * What the agency is asked, on its own page: the summary, the people and things it is about, the places, the
 * dates and the handling. Read from the request as the agency may see it while its assignment is live.
 */
function WhatIsAsked({ requestId }: { requestId: string }) {
  const { t, dateTime } = useI18n();
  const request = useRequest(requestId);
  const none = t('common.none');
  if (request.isPending) return null;
  if (request.isError) return <ErrorAlert error={request.error} onRetry={() => void request.refetch()} />;
  const r = request.data;
  return (
    <Section title={t('assignment.whatIsAsked')}>
      <Text style={{ whiteSpace: 'pre-wrap' }} lang={r.language ?? undefined} data-testid="asked-summary">
        {r.summary}
      </Text>
      <Translated requestId={r.id} kind="request" id={r.id} />
      {r.subjects.length > 0 && (
        <Table mt="sm" aria-label={t('form.section.subjects')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('field.subject.kind')}</Table.Th>
              <Table.Th scope="col">{t('field.subject.name')}</Table.Th>
              <Table.Th scope="col">{t('field.subject.nationality')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.subjects.map((s, i) => (
              <Table.Tr key={i}>
                <Table.Td>{t(`subjectKind.${s.kind}`)}</Table.Td>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{s.nationality ?? none}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Table withRowBorders={false} verticalSpacing={4} mt="sm">
        <Table.Tbody>
          {(
            [
              [t('field.locations'), r.locations.join(' · ') || none],
              [t('field.neededBy'), r.neededBy ? dateTime(r.neededBy) : none],
              ...(r.proposedActionAt ? [[t('field.proposedActionAt'), dateTime(r.proposedActionAt)]] : []),
              [t('field.classification'), r.classification || none],
              [t('field.handlingCode'), r.handlingCode ? t(`handling.${r.handlingCode}` as MessageKey) : none],
              [t('field.legalBasis'), r.legalBasis || none],
            ] as Array<[string, string]>
          ).map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" w="38%" fw={500}>
                {label}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

/** Accept at once; decline and asking the hub need words first. */
function AssignmentActions({ assignment }: { assignment: AssignmentView }) {
  const { t } = useI18n();
  const act = useAssignmentAction();
  const [prompt, setPrompt] = useState<PromptAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const can = (x: AssignmentAction) => assignment.availableActions.includes(x);
  const ask = (x: PromptAction) => {
    setError(null);
    setPrompt(x);
  };
  const done = (action: AssignmentAction) =>
    notifications.show({
      color: 'green',
      message: t('action.done', { action: t(`assignment.action.${action}` as MessageKey) }),
    });
  if (!can('accept') && !can('decline') && !can('request_clarification')) return null;
  return (
    <Group gap="xs">
      {can('accept') && (
        <Button
          loading={act.isPending && act.variables?.action === 'accept'}
          onClick={() =>
            act.mutate(
              { assignment, action: 'accept' },
              {
                onSuccess: () => done('accept'),
                onError: (err) =>
                  notifications.show({
                    color: 'red',
                    title: t('common.error'),
                    message: problemText(err, t('common.error')),
                  }),
              },
            )
          }
        >
          {t('assignment.action.accept')}
        </Button>
      )}
      {can('request_clarification') && (
        <Button variant="default" onClick={() => ask('request_clarification')}>
          {t('assignment.action.request_clarification')}
        </Button>
      )}
      {can('decline') && (
        <Button variant="light" color="red" onClick={() => ask('decline')}>
          {t('assignment.action.decline')}
        </Button>
      )}
      <PromptDialog
        opened={prompt !== null}
        title={prompt ? t(`assignment.action.${prompt}`) : ''}
        label={prompt === 'decline' ? t('assignment.declineReason') : t('assignment.questionForHub')}
        confirmLabel={prompt === 'decline' ? t('assignment.confirmDecline') : t('assignment.confirmAsk')}
        danger={prompt === 'decline'}
        busy={act.isPending}
        error={error}
        maxLength={20000}
        onCancel={() => setPrompt(null)}
        onConfirm={(reason) =>
          prompt &&
          act.mutate(
            { assignment, action: prompt, reason },
            {
              onSuccess: () => {
                done(prompt);
                setPrompt(null);
              },
              onError: (err) => setError(problemText(err, t('common.error'))),
            },
          )
        }
      />
    </Group>
  );
}

/** The agency's answer to the hub: partial (the assignment stays open) or final. */
function RespondForm({ assignment }: { assignment: AssignmentView }) {
  const { t } = useI18n();
  const act = useAssignmentAction();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const send = (final: boolean) => {
    if (!text.trim()) {
      setError(t('action.reasonRequired'));
      return;
    }
    // A final answer closes the assignment: said first, then confirmed.
    if (final && !confirming) {
      setConfirming(true);
      return;
    }
    const sent = text;
    act.mutate(
      { assignment, action: 'respond', reason: sent, final },
      {
        onSuccess: () => {
          // Clear what was sent, not what the officer may have typed since (the answer goes while they type on).
          setText((current) => (current === sent ? '' : current));
          setConfirming(false);
          notifications.show({
            color: 'green',
            message: final ? t('assignment.sentFinal') : t('assignment.sentPartial'),
          });
        },
        onError: (err) => {
          setConfirming(false);
          setError(problemText(err, t('common.error')));
        },
      },
    );
  };
  return (
    <Section title={t('assignment.respondTitle')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          send(true);
        }}
      >
        <Stack gap="sm">
          <Textarea
            label={t('assignment.answerText')}
            description={t('assignment.answerHint')}
            withAsterisk
            autosize
            minRows={5}
            maxLength={20000}
            {...counted(text, 20000)}
            value={text}
            error={error ?? undefined}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setError(null);
            }}
          />
          <Group>
            <Button type="submit" loading={act.isPending && act.variables?.final === true}>
              {t('assignment.sendFinal')}
            </Button>
            <Button
              variant="default"
              loading={act.isPending && act.variables?.final === false}
              onClick={() => send(false)}
            >
              {t('assignment.sendPartial')}
            </Button>
          </Group>
        </Stack>
      </form>
      <ConfirmDialog
        opened={confirming}
        title={t('confirm.final.title')}
        summary={[t('confirm.final.to'), t('confirm.final.closes')]}
        confirmLabel={t('assignment.sendFinal')}
        busy={act.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => send(true)}
      />
    </Section>
  );
}
