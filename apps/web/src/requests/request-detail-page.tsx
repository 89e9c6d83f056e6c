import { Alert, Anchor, Badge, Button, Card, Grid, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { uploadableContexts } from '@ventanilla/domain/attachment-uploaders.js';
import type { Role } from '@ventanilla/domain/roles.js';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { capabilities } from '../api/capabilities';
import type { RequestView } from '../api/client';
import { AttachmentsPanel } from '../attachments/attachments-panel';
import type { UploadTarget } from '../attachments/upload';
import { isNotFound } from '../api/problem';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../common/error-alert';
import { MarkingBanner } from '../common/marking-banner';
import { nameOf } from '../common/labels';
import { NotFoundPage } from '../common/not-found-page';
import { Page } from '../common/page';
import { useRequestTypes, useTopics } from '../common/reference';
import { EscalationBadge, PriorityBadge, StatusBadge } from '../common/status-badge';
import { ReleaseResponse } from '../hub/release-response';
import { RoutingPanel } from '../hub/routing-panel';
import { HubNotices } from '../no-surprises/hub-notices';
import { PostActionReportPanel } from '../no-surprises/post-action-report';
import { useI18n } from '../i18n/i18n';
import { Translated } from '../translations/translations';
import { Clarifications } from './clarifications';
import { RequestActions } from './request-actions';
import { ReleasedResponse } from './released-response';
import { RequestAssignments } from './request-assignments';
import { RequestClocks } from './request-clocks';
import { useRequest, useTimeline } from './request-queries';
import { RequestTimeline } from './request-timeline';

export function RequestDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const request = useRequest(id);
  if (request.isPending) return <Text p="lg">{t('app.loading')}</Text>;
  if (isNotFound(request.error)) return <NotFoundPage message={t('notFound.request')} />;
  if (request.isError)
    return (
      <Stack p="lg">
        <ErrorAlert error={request.error} onRetry={() => void request.refetch()} />
      </Stack>
    );
  return <RequestDetail request={request.data} />;
}

/** Where "back" goes for each role: the screen the request was most likely opened from. */
function backTo(role: string | undefined): string {
  switch (role) {
    case 'hub_coordinator':
      return '/hub';
    case 'agency_coordinator':
      return '/inbox';
    case 'authorizer':
      return '/authorizations';
    default:
      return '/requests';
  }
}

/** Where the caller may add files to this request now (the rule is the server's own, from the domain library). */
function uploadTargets(r: RequestView, role: Role | undefined): UploadTarget[] {
  if (!role) return [];
  return uploadableContexts(role, r.status).map((context) => ({ context }));
}

/** The reply letter is the requester's, the hub's and the auditors' (the server answers 404 to anyone else). */
const readsReply = (role: string | undefined) => role === 'liaison' || role === 'hub_coordinator' || role === 'auditor';

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

function RequestDetail({ request: r }: { request: RequestView }) {
  const { t, language, dateTime, date } = useI18n();
  const { user } = useSession();
  const types = useRequestTypes();
  const topics = useTopics();
  const timeline = useTimeline(r.id);
  const type = types.data?.find((x) => x.code === r.type);
  const heading = [r.folio, r.title || t('list.untitled')].filter(Boolean).join(' · ');
  const none = t('common.none');
  const role = user?.role;
  // The proposal exists from registration on; the hub routes, GANS and auditors read it.
  const seesRouting =
    capabilities.routing &&
    r.registeredAt !== null &&
    (role === 'hub_coordinator' || role === 'authorizer' || role === 'auditor');
  // For the hub, routing is the task at hand while the request waits to be routed (or sent to GANS): on top.
  const routingIsTask =
    seesRouting &&
    role === 'hub_coordinator' &&
    (['route', 'request_authorization'] as const).some((a) => r.availableActions.includes(a));
  const seesHubNotices =
    capabilities.hubNotices && r.registeredAt !== null && (role === 'hub_coordinator' || role === 'auditor');
  const seesAssignments =
    capabilities.assignments &&
    r.routingRound > 0 &&
    (role === 'hub_coordinator' || role === 'auditor' || role === 'agency_coordinator');

  const facts: Array<[string, ReactNode]> = [
    [t('field.type'), nameOf(type, language, r.type || none)],
    [
      t('field.topics'),
      r.topics
        .map((c) =>
          nameOf(
            topics.data?.find((x) => x.code === c),
            language,
            c,
          ),
        )
        .join(', ') || none,
    ],
    [t('detail.requestingAgency'), r.requestingAgency],
    [t('field.language'), r.language === 'es' || r.language === 'en' ? t(`language.${r.language}`) : none],
    [t('field.classification'), r.classification || none],
    [t('field.handlingCode'), r.handlingCode ? t(`handling.${r.handlingCode}` as 'handling.H0') : none],
    [t('field.legalBasis'), r.legalBasis || none],
    [t('field.diplomaticNoteNumber'), r.diplomaticNoteNumber || none],
    [t('field.neededBy'), r.neededBy ? dateTime(r.neededBy) : none],
    [t('field.proposedActionAt'), r.proposedActionAt ? dateTime(r.proposedActionAt) : none],
    ...(r.actionKind ? ([[t('field.actionKind'), t(`actionKind.${r.actionKind}`)]] as Array<[string, ReactNode]>) : []),
    [t('field.usPersonnelOnMexicanSoil'), r.usPersonnelOnMexicanSoil ? t('common.yes') : t('common.no')],
    [t('detail.createdAt'), date(r.createdAt)],
    [t('detail.submittedAt'), r.submittedAt ? dateTime(r.submittedAt) : none],
    [t('detail.registeredAt'), r.registeredAt ? dateTime(r.registeredAt) : none],
    ...(r.closedAt ? ([[t('detail.closedAt'), dateTime(r.closedAt)]] as Array<[string, ReactNode]>) : []),
  ];

  return (
    <Page title={heading}>
      <MarkingBanner marking={r.classification} position="top" />
      <Group gap="xs">
        <StatusBadge status={r.status} />
        <PriorityBadge priority={r.priority} />
        <EscalationBadge level={r.escalationLevel} />
        {r.surpriseRisk && (
          <Badge color="red.9" variant="filled" radius="sm" tt="none">
            {t('detail.surpriseRisk')}
          </Badge>
        )}
        {user?.role === 'auditor' && capabilities.audit && (
          <Anchor component={Link} to={`/audit?requestId=${r.id}`} size="sm" ml="auto">
            {t('detail.auditHistory')}
          </Anchor>
        )}
        <Anchor component={Link} to={backTo(user?.role)} size="sm" ml={user?.role === 'auditor' ? undefined : 'auto'}>
          {t('detail.back')}
        </Anchor>
      </Group>
      {r.status === 'draft' && <Alert color="gray">{t('detail.draftNotice')}</Alert>}
      {r.closingReason && (
        <Alert color="gray" title={t('detail.closingReason')}>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{r.closingReason}</Text>
        </Alert>
      )}
      <RequestActions request={r} />
      <ReleasedResponse request={r} />
      {r.availableActions.includes('release_response') && <ReleaseResponse request={r} />}
      {routingIsTask && <RoutingPanel request={r} wide />}

      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <Section title={t('detail.details')}>
              <Text style={{ whiteSpace: 'pre-wrap' }} lang={r.language ?? undefined}>
                {r.summary}
              </Text>
              {r.status !== 'draft' && <Translated requestId={r.id} kind="request" id={r.id} />}
              <div style={{ marginBottom: 'var(--mantine-spacing-md)' }} />
              <Table withRowBorders={false} verticalSpacing={4}>
                <Table.Tbody>
                  {facts.map(([label, value]) => (
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
            {(r.subjects.length > 0 || r.locations.length > 0) && (
              <Section title={t('form.section.subjects')}>
                {r.subjects.length > 0 && (
                  <Table mb="sm">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t('field.subject.kind')}</Table.Th>
                        <Table.Th scope="col">{t('field.subject.name')}</Table.Th>
                        <Table.Th scope="col">{t('field.subject.nationality')}</Table.Th>
                        <Table.Th scope="col">{t('field.subject.isMexicanOfficial')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {r.subjects.map((s, i) => (
                        <Table.Tr key={i}>
                          <Table.Td>{t(`subjectKind.${s.kind}`)}</Table.Td>
                          <Table.Td>{s.name}</Table.Td>
                          <Table.Td>{s.nationality ?? none}</Table.Td>
                          <Table.Td>{s.isMexicanOfficial ? t('common.yes') : t('common.no')}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
                {r.locations.length > 0 && (
                  <List aria-label={t('field.locations')}>
                    {r.locations.map((l, i) => (
                      <List.Item key={i}>{l}</List.Item>
                    ))}
                  </List>
                )}
              </Section>
            )}
            <Section title={t('files.title')}>
              <AttachmentsPanel request={r} uploadTo={uploadTargets(r, role)} />
            </Section>
            {seesHubNotices && (
              <Section title={t('hubNotices.title')}>
                <HubNotices request={r} />
              </Section>
            )}
            {seesAssignments && (
              <Section title={t('detail.assignments')}>
                <RequestAssignments request={r} />
              </Section>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            {seesRouting && !routingIsTask && <RoutingPanel request={r} />}
            {r.actionKind === 'exigent' && capabilities.postActionReports && role !== 'agency_coordinator' && (
              <Section title={t('postAction.title')}>
                <PostActionReportPanel request={r} />
              </Section>
            )}
            <Section title={t('documents.title')}>
              <Text size="sm" c="dimmed" mb="xs">
                {t('documents.recordHint')}
              </Text>
              <Group gap="xs">
                <Button component="a" href={`/api/requests/${r.id}/record.pdf`} variant="default" size="sm">
                  {t('documents.record')}
                </Button>
                {r.responseReleasedAt && readsReply(role) && (
                  <Button component="a" href={`/api/requests/${r.id}/reply.pdf`} variant="default" size="sm">
                    {t('documents.reply')}
                  </Button>
                )}
              </Group>
            </Section>
            <Section title={t('detail.clocks')}>
              <RequestClocks request={r} />
            </Section>
            {(r.clarifications?.length ?? 0) > 0 && (
              <Section title={t('detail.clarifications')}>
                <Clarifications request={r} />
              </Section>
            )}
            <Section title={t('detail.timeline')}>
              {timeline.isError ? (
                <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />
              ) : timeline.isPending ? (
                <Text c="dimmed">{t('app.loading')}</Text>
              ) : (
                <RequestTimeline items={timeline.data} />
              )}
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
      <MarkingBanner marking={r.classification} position="bottom" />
    </Page>
  );
}
