import { Alert, Button, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { capabilities } from '../api/capabilities';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../common/error-alert';
import { assignmentRoleLabel, roleLabel } from '../common/labels';
import { Page } from '../common/page';
import { AssignmentStatusBadge, PriorityBadge, StatusBadge } from '../common/status-badge';
import { QUEUES } from '../hub/queues';
import { useI18n } from '../i18n/i18n';
import { useNoticeSummary } from '../notices/notice-queries';
import { DueDate } from '../requests/due-date';
import { navFor } from '../shell/navigation';
import { Figure, Figures, ItemTable, RequestLink, Section, When } from './home-parts';
import { useHome, useRecentCompliance, type HomeView } from './home-queries';

type Liaison = NonNullable<HomeView['liaison']>;
type Hub = NonNullable<HomeView['hub']>;
type Agency = NonNullable<HomeView['agency']>;
type Authorizer = NonNullable<HomeView['authorizer']>;
type Auditor = NonNullable<HomeView['auditor']>;
type Admin = NonNullable<HomeView['admin']>;

/**
 * Where every role lands after signing in: what awaits them (GET /api/home, counted over their own scope), each
 * figure and item a link into the screen where the work is done.
 */
export function HomePage() {
  const { t, language } = useI18n();
  const { user } = useSession();
  const home = useHome();
  if (!user) return null;
  const view = home.data;
  return (
    <Page title={t('home.title', { name: user.displayName })}>
      <Text>
        {t('home.role', { role: roleLabel(user.role, language), agency: user.agency ? ` · ${user.agency}` : '' })}
      </Text>
      {home.isError && <ErrorAlert error={home.error} onRetry={() => void home.refetch()} />}
      {home.isPending && <Text c="dimmed">{t('home.loading')}</Text>}
      {view?.liaison && <LiaisonHome home={view.liaison} />}
      {view?.hub && <HubHome home={view.hub} />}
      {view?.agency && <AgencyHome home={view.agency} />}
      {view?.authorizer && <AuthorizerHome home={view.authorizer} />}
      {view?.auditor && <AuditorHome home={view.auditor} />}
      {view?.admin && <AdminHome home={view.admin} />}
    </Page>
  );
}

/** Notices to acknowledge, for the roles that receive notices (the bell's count, from the same cache). */
function NoticesFigure() {
  const { t } = useI18n();
  const { user } = useSession();
  const enabled = !!user && navFor(user.role).some((i) => i.to === '/notices');
  const summary = useNoticeSummary(enabled);
  if (!enabled) return null;
  return (
    <Figure id="notices" label={t('home.notices')} count={summary.data?.unacknowledgedCount} to="/notices" alarm />
  );
}

function LiaisonHome({ home }: { home: Liaison }) {
  const { t } = useI18n();
  const n = home.needsAction;
  return (
    <Stack gap="md">
      <Section id="figures" title={t('home.figures')}>
        <Figures wide>
          <Figure
            id="clarification"
            label={t('home.liaison.fig.clarification')}
            count={n.clarification}
            to="/requests?status=clarification_requested"
            alarm
          />
          <Figure id="question" label={t('home.liaison.fig.question')} count={n.question} alarm />
          <Figure
            id="post_action_report"
            label={t('home.liaison.fig.post_action_report')}
            count={n.post_action_report}
            alarm
          />
          <Figure id="draft" label={t('home.liaison.fig.draft')} count={n.draft} to="/requests?status=draft" />
          <Figure id="open" label={t('home.liaison.open')} count={home.open} to="/requests" />
          <NoticesFigure />
        </Figures>
      </Section>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Section
          id="needs-action"
          title={t('home.liaison.needsAction')}
          more={{ to: '/requests', screen: t('nav.myRequests') }}
        >
          <ItemTable
            caption={t('home.liaison.needsAction')}
            columns={[t('home.col.request'), t('home.col.why'), t('home.col.date')]}
            empty={t('home.liaison.noAction')}
            rows={home.actionItems.map((i) => ({
              key: i.requestId,
              cells: [
                <RequestLink key="r" to={`/requests/${i.requestId}`} title={i.title} folio={i.folio} />,
                t(`home.liaison.action.${i.action}`),
                i.action === 'post_action_report' ? <DueDate key="d" iso={i.at} short /> : <When key="d" iso={i.at} />,
              ],
            }))}
          />
        </Section>
        <Section id="deadlines" title={t('home.liaison.deadlines')}>
          <ItemTable
            caption={t('home.liaison.deadlines')}
            columns={[t('home.col.request'), t('home.col.kind'), t('home.col.date')]}
            empty={t('home.liaison.noDeadlines')}
            rows={home.deadlines.map((i) => ({
              key: `${i.requestId}-${i.kind}`,
              cells: [
                <RequestLink key="r" to={`/requests/${i.requestId}`} title={i.title} folio={i.folio} />,
                t(`home.liaison.kind.${i.kind}`),
                <DueDate key="d" iso={i.at} short />,
              ],
            }))}
          />
        </Section>
      </SimpleGrid>
    </Stack>
  );
}

function HubHome({ home }: { home: Hub }) {
  const { t } = useI18n();
  return (
    <Stack gap="md">
      <Section id="queues" title={t('home.hub.queues')} more={{ to: '/hub', screen: t('nav.hubQueues') }}>
        <Figures>
          {QUEUES.map((q) => (
            <Figure
              key={q.key}
              id={q.key}
              label={t(q.label)}
              count={home.queues[q.key]}
              to={`/hub?queue=${q.key}`}
              alarm={q.key === 'at_risk' || q.key === 'overdue' || q.key === 'needs_rerouting'}
            />
          ))}
          <NoticesFigure />
        </Figures>
      </Section>
      <Section id="mine" title={t('home.hub.mine')} more={{ to: '/hub?queue=mine', screen: t('nav.hubQueues') }}>
        <ItemTable
          caption={t('home.hub.mine')}
          columns={[t('home.col.request'), t('home.col.status'), t('home.col.due')]}
          empty={t('home.hub.noMine')}
          rows={home.mine.map((i) => ({
            key: i.requestId,
            cells: [
              <RequestLink key="r" to={`/requests/${i.requestId}`} title={i.title} folio={i.folio} />,
              <Group key="s" gap={4}>
                <StatusBadge status={i.status} />
                <PriorityBadge priority={i.priority} short />
              </Group>,
              <DueDate key="d" iso={i.at} short />,
            ],
          }))}
        />
      </Section>
    </Stack>
  );
}

function AgencyHome({ home }: { home: Agency }) {
  const { t, language } = useI18n();
  return (
    <Stack gap="md">
      <Section id="figures" title={t('home.agency.answers')}>
        <Figures wide>
          <Figure id="to_accept" label={t('home.agency.toAccept')} count={home.toAccept} to="/inbox?status=pending" />
          <Figure id="to_answer" label={t('home.agency.toAnswer')} count={home.toAnswer} to="/inbox?status=accepted" />
          <Figure
            id="awaiting_hub"
            label={t('home.agency.awaitingHub')}
            count={home.awaitingHub}
            to="/inbox?status=clarification_requested"
          />
          <Figure id="at_risk" label={t('home.agency.atRisk')} count={home.atRisk} alarm />
          <Figure id="overdue" label={t('home.agency.overdue')} count={home.overdue} alarm />
          <NoticesFigure />
        </Figures>
      </Section>
      <Section id="items" title={t('home.agency.items')} more={{ to: '/inbox', screen: t('nav.inbox') }}>
        <ItemTable
          caption={t('home.agency.items')}
          columns={[t('home.col.request'), t('home.col.role'), t('home.col.status'), t('home.col.due')]}
          empty={t('home.agency.none')}
          rows={home.items.map((i) => ({
            key: i.assignmentId,
            cells: [
              <RequestLink key="r" to={`/assignments/${i.assignmentId}`} title={i.title} folio={i.folio} />,
              assignmentRoleLabel(i.role, language),
              <AssignmentStatusBadge key="s" status={i.status} />,
              <Text key="d" span>
                <DueDate iso={i.responseDueAt} running={!i.clockPaused} short />
                {i.clockPaused && ` · ${t('home.agency.paused')}`}
              </Text>,
            ],
          }))}
        />
      </Section>
    </Stack>
  );
}

function AuthorizerHome({ home }: { home: Authorizer }) {
  const { t } = useI18n();
  return (
    <Stack gap="md">
      <Section id="figures" title={t('home.figures')}>
        <Figures>
          <Figure id="pending" label={t('home.gans.pending')} count={home.pending} to="/authorizations" />
          <Figure
            id="within_week"
            label={t('home.gans.withinWeek')}
            count={home.actionWithinWeek}
            to="/authorizations"
            alarm
          />
          <NoticesFigure />
        </Figures>
      </Section>
      <Section
        id="pending"
        title={t('home.gans.pending')}
        more={{ to: '/authorizations', screen: t('nav.authorizations') }}
      >
        <ItemTable
          caption={t('home.gans.pending')}
          columns={[t('home.col.request'), t('home.col.priority'), t('home.col.proposedAction')]}
          empty={t('home.gans.none')}
          rows={home.items.map((i) => ({
            key: i.requestId,
            cells: [
              <RequestLink key="r" to={`/requests/${i.requestId}`} title={i.title} folio={i.folio} />,
              <PriorityBadge key="p" priority={i.priority} />,
              <DueDate key="d" iso={i.at} short />,
            ],
          }))}
        />
      </Section>
    </Stack>
  );
}

function AuditorHome({ home }: { home: Auditor }) {
  const { t, shortDateTime, locale } = useI18n();
  const g = home.integrity;
  const last = g.lastVerification;
  const none = t('common.none');
  const rows: Array<[string, ReactNode]> = [
    [
      t('home.auditor.lastVerification'),
      last ? (
        <Text span fw={600} c={last.ok ? 'dark.9' : 'red.9'} data-testid="last-verification">
          {last.ok
            ? `✓ ${t('home.auditor.intactAt', { seq: last.headSeq ?? 0, when: shortDateTime(last.at) })}`
            : `✗ ${t('home.auditor.brokenAt', { seq: last.brokenSeq ?? 0, when: shortDateTime(last.at) })}`}
        </Text>
      ) : (
        <Text span data-testid="last-verification">
          {t('home.auditor.neverVerified')}
        </Text>
      ),
    ],
    [
      t('home.auditor.sealedUpTo'),
      g.headSeq === null ? none : t('home.auditor.seqAt', { seq: g.headSeq, when: shortDateTime(g.headSealedAt) }),
    ],
    [t('home.auditor.unsealed'), new Intl.NumberFormat(locale).format(g.unsealed)],
    [
      t('home.auditor.checkpoint'),
      g.latestCheckpoint
        ? t('home.auditor.seqAt', { seq: g.latestCheckpoint.seq, when: shortDateTime(g.latestCheckpoint.signedAt) })
        : none,
    ],
  ];
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Section id="integrity" title={t('home.auditor.integrity')}>
          <Table withRowBorders={false} verticalSpacing={4}>
            <Table.Tbody>
              {rows.map(([k, v]) => (
                <Table.Tr key={k}>
                  <Table.Th scope="row" w="45%" fw={500}>
                    {k}
                  </Table.Th>
                  <Table.Td>{v}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group>
            <Button component={Link} to="/audit/integrity" variant="light" size="sm">
              {t('home.auditor.verifyNow')}
            </Button>
          </Group>
        </Section>
        {capabilities.compliance && <ComplianceSection />}
      </SimpleGrid>
      <Section
        id="escalation"
        title={t('home.auditor.escalation')}
        more={{ to: '/audit/reports', screen: t('nav.reports') }}
      >
        <Figures wide>
          {Object.entries(home.escalation).map(([level, count]) => (
            <Figure
              key={level}
              id={level}
              label={level === 'L0' ? t('reports.escalation.normal') : t('detail.escalation', { level })}
              count={count}
              alarm={level !== 'L0'}
            />
          ))}
          <Figure id="overdue" label={t('home.auditor.overdue')} count={home.overdue} alarm />
        </Figures>
      </Section>
    </Stack>
  );
}

function ComplianceSection() {
  const { t, date } = useI18n();
  const report = useRecentCompliance(true);
  const s = report.data?.summary;
  return (
    <Section
      id="compliance"
      title={t('home.auditor.compliance')}
      more={{ to: '/audit/reports', screen: t('nav.reports') }}
    >
      {report.isError && <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && (
        <Text size="sm">{t('reports.complianceNote', { from: date(report.data.from), to: date(report.data.to) })}</Text>
      )}
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
        <Figure id="compliance-requests" label={t('home.auditor.requests')} count={s?.requests} />
        <Figure id="compliance-required" label={t('reports.required')} count={s?.noticesRequired} />
        <Figure id="compliance-delivered" label={t('reports.delivered')} count={s?.noticesDelivered} />
        <Figure id="compliance-acknowledged" label={t('reports.acknowledged')} count={s?.noticesAcknowledged} />
        <Figure id="compliance-late" label={t('reports.late')} count={s?.noticesLate} alarm />
        <Figure id="compliance-surprise" label={t('home.auditor.surpriseRisk')} count={s?.surpriseRisk} alarm />
      </SimpleGrid>
      {s && (
        <Alert
          color={s.actionsBeforeClearance > 0 ? 'red' : 'green'}
          variant="light"
          data-testid="before-clearance"
          p="xs"
        >
          {t('reports.beforeClearance', { count: s.actionsBeforeClearance })}
        </Alert>
      )}
    </Section>
  );
}

function AdminHome({ home }: { home: Admin }) {
  const { t } = useI18n();
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <Section id="accounts" title={t('home.admin.accounts')} more={{ to: '/admin/users', screen: t('nav.users') }}>
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          <Figure id="active" label={t('home.admin.active')} count={home.users.active} to="/admin/users" />
          <Figure id="disabled" label={t('home.admin.disabled')} count={home.users.disabled} to="/admin/users" />
          <Figure
            id="must_change"
            label={t('home.admin.mustChange')}
            count={home.users.mustChangePassword}
            to="/admin/users"
          />
        </SimpleGrid>
      </Section>
      <Section
        id="deliveries"
        title={t('home.admin.deliveries')}
        more={{ to: '/admin/dead-letters', screen: t('nav.deadLetters') }}
      >
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          <Figure
            id="dead_letters"
            label={t('home.admin.deadLetters')}
            count={home.deadLetters}
            to="/admin/dead-letters"
            alarm
          />
        </SimpleGrid>
      </Section>
    </SimpleGrid>
  );
}
