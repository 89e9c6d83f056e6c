import { departsFromProposal } from '@ventanilla/domain/routing-resolver.js';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { checkRoutePlan, type RoutingProposal as DomainProposal } from '@ventanilla/domain/routing-resolver.js';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { RequestView, RoutingProposal } from '../api/client';
import { fieldProblems, isNotFound, problemText } from '../api/problem';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../common/error-alert';
import { priorityLabel } from '../common/labels';
import { fieldText } from '../common/field-text';
import { PromptDialog } from '../common/prompt-dialog';
import { useAgencies, useAgencyName } from '../common/reference';
import { ConfirmDialog } from '../common/confirm-dialog';
import { useI18n } from '../i18n/i18n';
import { useRequestAction, useRoutingProposal } from '../requests/request-queries';
import { routableAgencies } from './routable-agencies';

/**
 * The hub's routing panel: the rules' proposal (rule ids, rule-set version), the decisions so far, and the plan
 * to route or re-route with an agency picker for the lead and the supports. Authorizers and auditors see the
 * proposal and the decisions only.
 */
export function RoutingPanel({ request, wide = false }: { request: RequestView; wide?: boolean }) {
  const { t } = useI18n();
  const proposal = useRoutingProposal(request.id);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="routing-title">
      <Title order={2} size="h4" mb="sm" id="routing-title">
        {t('routing.title')}
      </Title>
      {proposal.isPending ? (
        <Text c="dimmed">{t('app.loading')}</Text>
      ) : isNotFound(proposal.error) ? (
        <Text c="dimmed">{t('routing.noProposal')}</Text>
      ) : proposal.isError ? (
        <ErrorAlert error={proposal.error} onRetry={() => void proposal.refetch()} />
      ) : wide ? (
        // Routing is the task at hand: the proposal beside the plan.
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Stack gap="md">
              <ProposalFacts proposal={proposal.data} />
              <Decisions proposal={proposal.data} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Stack gap="md">
              <AuthorizationStep request={request} proposal={proposal.data} />
              <RoutePlanForm request={request} proposal={proposal.data} />
            </Stack>
          </Grid.Col>
        </Grid>
      ) : (
        <Stack gap="md">
          <ProposalFacts proposal={proposal.data} />
          <AuthorizationStep request={request} proposal={proposal.data} />
          <RoutePlanForm request={request} proposal={proposal.data} />
          <Decisions proposal={proposal.data} />
        </Stack>
      )}
    </Card>
  );
}

function ProposalFacts({ proposal: p }: { proposal: RoutingProposal }) {
  const { t, language, dateTime } = useI18n();
  const agencyName = useAgencyName();
  const { user } = useSession();
  const canReadRules = user?.role === 'hub_coordinator' || user?.role === 'auditor';
  return (
    <Table withRowBorders={false} verticalSpacing={4} aria-label={t('routing.proposal')}>
      <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
        <Text fw={600} span>
          {t('routing.proposal')}
        </Text>
      </Table.Caption>
      <Table.Tbody>
        <Table.Tr>
          <Table.Th scope="row" w="34%" fw={500}>
            {t('routing.lead')}
          </Table.Th>
          <Table.Td>{agencyName(p.lead)}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th scope="row" fw={500}>
            {t('routing.supports')}
          </Table.Th>
          <Table.Td>{p.support.length ? p.support.map(agencyName).join('; ') : t('common.none')}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th scope="row" fw={500}>
            {t('routing.ruleIds')}
          </Table.Th>
          <Table.Td>
            <Group gap={4}>
              {p.ruleIds.map((id) => (
                <Badge key={id} variant="outline" color="gray" radius="sm" tt="none" c="dark.9">
                  {id}
                </Badge>
              ))}
            </Group>
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th scope="row" fw={500}>
            {t('routing.ruleSet')}
          </Table.Th>
          <Table.Td>
            {canReadRules ? (
              <Anchor component={Link} to={`/routing-rules/${p.ruleSetVersion}`} underline="always">
                {t('routing.version', { version: p.ruleSetVersion })}
              </Anchor>
            ) : (
              t('routing.version', { version: p.ruleSetVersion })
            )}{' '}
            · <time dateTime={p.computedAt}>{dateTime(p.computedAt)}</time>
          </Table.Td>
        </Table.Tr>
        {p.needsAuthorization && (
          <Table.Tr>
            <Table.Th scope="row" fw={500}>
              {t('routing.authorization')}
            </Table.Th>
            <Table.Td>{t('routing.authorizationBy', { agency: p.authorizer ?? 'GANS' })}</Table.Td>
          </Table.Tr>
        )}
        {p.priorityFloor && (
          <Table.Tr>
            <Table.Th scope="row" fw={500}>
              {t('routing.priorityFloor')}
            </Table.Th>
            <Table.Td>{priorityLabel(p.priorityFloor, language)}</Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

/** Types that need GANS's decision first: send them, and say where they stand. */
function AuthorizationStep({ request, proposal }: { request: RequestView; proposal: RoutingProposal }) {
  const { t } = useI18n();
  const act = useRequestAction();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!request.needsAuthorization) return null;
  if (request.authorizationGranted) return <Alert color="green">{t('routing.authorized')}</Alert>;
  const canAsk = request.availableActions.includes('request_authorization');
  return (
    <Alert color="grape" title={t('routing.needsAuthorization', { agency: proposal.authorizer ?? 'GANS' })}>
      {request.status === 'awaiting_authorization' ? (
        <Text size="sm">{t('routing.awaitingAuthorization')}</Text>
      ) : (
        canAsk && (
          <Button
            mt="xs"
            size="sm"
            onClick={() => {
              setError(null);
              setAsking(true);
            }}
          >
            {t('action.request_authorization')}
          </Button>
        )
      )}
      <PromptDialog
        opened={asking}
        title={t('action.request_authorization')}
        label={t('routing.justification')}
        confirmLabel={t('action.request_authorization')}
        required={false}
        busy={act.isPending}
        error={error}
        onCancel={() => setAsking(false)}
        onConfirm={(reason) =>
          act.mutate(
            { request, action: 'request_authorization', reason },
            {
              onSuccess: () => {
                setAsking(false);
                notifications.show({
                  color: 'green',
                  message: t('action.done', { action: t('action.request_authorization') }),
                });
              },
              onError: (err) => setError(problemText(err, t('common.error'))),
            },
          )
        }
      />
    </Alert>
  );
}

function RoutePlanForm({ request, proposal }: { request: RequestView; proposal: RoutingProposal }) {
  const { t, language } = useI18n();
  const agencies = useAgencies();
  const agencyName = useAgencyName();
  const act = useRequestAction();
  const action = request.availableActions.includes('route')
    ? 'route'
    : request.availableActions.includes('reroute')
      ? 'reroute'
      : null;
  const last = proposal.decisions[proposal.decisions.length - 1];
  const start = action === 'reroute' && last ? last : proposal;
  const [lead, setLead] = useState<string | null>(start.lead);
  const [supports, setSupports] = useState<string[]>(start.support);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  // A new round (or another request) starts from its own plan; once the decision just sent arrives with the
  // proposal, the re-route form starts from it (the plan that is in force), never from the rules' proposal.
  const startKey = `${start.lead}|${start.support.join(',')}`;
  useEffect(() => {
    setLead(start.lead);
    setSupports(start.support);
    setReason('');
    setErrors({});
  }, [request.id, request.routingRound, action, startKey]);

  const options = useMemo(
    () => routableAgencies(agencies.data ?? [], language, { allowHub: proposal.lead }),
    [agencies.data, language, proposal.lead],
  );
  if (!action) return null;

  const check = (): Record<string, string> => {
    const domainProposal: DomainProposal = {
      lead: proposal.lead,
      supports: proposal.support,
      needsAuthorization: proposal.needsAuthorization,
      authorizer: proposal.authorizer,
      priority: request.priority as DomainProposal['priority'],
      priorityFloor: proposal.priorityFloor as DomainProposal['priorityFloor'],
      ruleIds: proposal.ruleIds,
      ruleSetVersion: proposal.ruleSetVersion,
    };
    const list = (agencies.data ?? []).map((a) => ({ code: a.code, country: a.country, role: a.role }));
    const found: Record<string, string> = {};
    for (const p of checkRoutePlan({ lead: lead ?? '', supports }, domainProposal, list)) {
      found[p.field] = fieldText(p.code, language);
    }
    if (needsReason && !reason.trim())
      found.reason = t(action === 'reroute' ? 'action.reasonRequired' : 'routing.departReasonRequired');
    return found;
  };

  const submit = () => {
    const problems = check();
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setConfirming(true);
  };
  const send = () => {
    if (!action) return;
    act.mutate(
      { request, action, reason, extra: { lead: lead ?? '', support: supports } },
      {
        onSuccess: () => {
          setConfirming(false);
          notifications.show({ color: 'green', message: t('action.done', { action: t(`action.${action}`) }) });
        },
        onError: (err) => {
          setConfirming(false);
          const byField = fieldProblems(err);
          setErrors(Object.keys(byField).length ? byField : { form: problemText(err, t('common.error')) });
        },
      },
    );
  };
  const supportError = Object.entries(errors)
    .filter(([f]) => f.startsWith('support'))
    .map(([f, m]) => {
      const i = /\[(\d+)\]/.exec(f)?.[1];
      return i !== undefined && supports[Number(i)] ? `${supports[Number(i)]}: ${m}` : m;
    })
    .join(' · ');
  const departs = departsFromProposal(
    { lead: lead ?? '', supports },
    { lead: proposal.lead, supports: proposal.support },
  );
  const needsReason = action === 'reroute' || departs;
  const summary = [
    t('confirm.route.lead', { agency: agencyName(lead ?? '') }),
    ...(supports.length ? [t('confirm.route.supports', { agencies: supports.map(agencyName).join(', ') })] : []),
    ...(action === 'reroute' ? [t('confirm.route.dropped')] : []),
    t('confirm.route.told'),
  ];

  return (
    <form
      noValidate
      aria-labelledby="route-plan-title"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <Text fw={600} id="route-plan-title">
          {action === 'route' ? t('routing.planTitle') : t('routing.replanTitle')}
        </Text>
        <Select
          label={t('routing.lead')}
          withAsterisk
          searchable
          data={options}
          value={lead}
          onChange={(v) => {
            setLead(v);
            setErrors({});
          }}
          error={errors.lead}
          nothingFoundMessage={t('common.noMatch')}
          maxDropdownHeight={320}
        />
        <MultiSelect
          label={t('routing.supports')}
          searchable
          clearable
          data={options}
          value={supports}
          onChange={(v) => {
            setSupports(v);
            setErrors({});
          }}
          error={supportError || undefined}
          nothingFoundMessage={t('common.noMatch')}
          maxDropdownHeight={320}
        />
        {departs && action === 'route' && (
          <Text size="sm" c="var(--vt-caution)">
            {t('routing.departs')}
          </Text>
        )}
        <Textarea
          label={
            action === 'reroute' ? t('routing.rerouteReason') : departs ? t('routing.departReason') : t('routing.note')
          }
          withAsterisk={needsReason}
          autosize
          minRows={2}
          maxLength={5000}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setErrors({});
          }}
          error={errors.reason}
        />
        {errors.form && (
          <Alert color="red" role="alert">
            {errors.form}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={act.isPending}>
            {t(`action.${action}`)}
          </Button>
          {action === 'route' && departs && (
            <Button
              variant="subtle"
              onClick={() => {
                setLead(proposal.lead);
                setSupports(proposal.support);
                setErrors({});
              }}
            >
              {t('routing.useProposal')}
            </Button>
          )}
        </Group>
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t(`confirm.${action}.title`)}
        summary={summary}
        confirmLabel={t(`action.${action}`)}
        busy={act.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={send}
      />
    </form>
  );
}

function Decisions({ proposal }: { proposal: RoutingProposal }) {
  const { t, dateTime } = useI18n();
  if (proposal.decisions.length === 0) return null;
  return (
    <Table verticalSpacing={4} striped>
      <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
        <Text fw={600} span>
          {t('routing.decisions')}
        </Text>
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('routing.round')}</Table.Th>
          <Table.Th scope="col">{t('routing.lead')}</Table.Th>
          <Table.Th scope="col">{t('routing.supports')}</Table.Th>
          <Table.Th scope="col">{t('routing.decidedAt')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...proposal.decisions].reverse().map((d) => (
          <Table.Tr key={d.round}>
            <Table.Td>{d.round}</Table.Td>
            <Table.Td>{d.lead}</Table.Td>
            <Table.Td>{d.support.join(', ') || t('common.none')}</Table.Td>
            <Table.Td>
              <time dateTime={d.decidedAt}>{dateTime(d.decidedAt)}</time>
              {!d.followsProposal && (
                <Text size="xs" c="var(--vt-caution)">
                  {t('routing.departedFromProposal')}
                </Text>
              )}
              {d.reason && (
                <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                  “{d.reason}”
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
