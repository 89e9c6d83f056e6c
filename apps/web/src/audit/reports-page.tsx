import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ESCALATION_LEVELS, PRIORITIES, REQUEST_STATUSES } from '@ventanilla/domain/request-status.js';
import { useMemo, useState, type ReactNode } from 'react';
import { capabilities } from '../api/capabilities';
import { api, unwrap, type AuditEvent, type NoSurprisesReport, type RequestView } from '../api/client';
import { ErrorAlert } from '../common/error-alert';
import { statusLabel } from '../common/labels';
import { Page } from '../common/page';
import { useQueueCountsQuery } from '../hub/queue-counts-slot';
import { QUEUES } from '../hub/queues';
import { useI18n } from '../i18n/i18n';
import { fetchAuditPage, fetchRequestPage, useSample } from './audit-queries';
import { actionLabel } from './audit-search-page';

const CLOSED = new Set(['closed', 'rejected', 'withdrawn', 'authorization_denied', 'draft']);
const SAMPLE_PAGES = 5;

/**
 * The auditors' figures: the hub's queues and escalation levels (live counts from the server), how requests
 * stand against their deadlines, where they are in the lifecycle, and what the trail records most. Figures
 * built from a sample say so. The no-surprises compliance report joins them when its API exists.
 */
export default function ReportsPage() {
  const { t } = useI18n();
  return (
    <Page title={t('reports.title')}>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {capabilities.compliance && <ComplianceFigures />}
        <QueueFigures />
        <DeadlineFigures />
        <StatusFigures />
        <AuditFigures />
      </SimpleGrid>
    </Page>
  );
}

function Figure({ title, note, children }: { title: string; note?: string | null; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="figure" m={0}>
      <Title order={2} size="h4" component="figcaption" mb={note ? 2 : 'sm'}>
        {title}
      </Title>
      {note && (
        <Text size="xs" c="dimmed" mb="sm">
          {note}
        </Text>
      )}
      {children}
    </Card>
  );
}

/** The same numbers as the chart, for screen readers (the chart itself is a picture). */
function DataTable({ caption, rows }: { caption: string; rows: Array<[string, number | string]> }) {
  return (
    <VisuallyHidden>
      <Table>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Tbody>
          {rows.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th scope="row">{k}</Table.Th>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </VisuallyHidden>
  );
}

function QueueFigures() {
  const { t } = useI18n();
  const counts = useQueueCountsQuery();
  const queues = QUEUES.filter((q) => q.key !== 'mine').map((q) => ({
    name: t(q.label),
    count: counts.data?.queues[q.key] ?? 0,
  }));
  // L0 is normal (no escalation): drawn calm; L1–L2 in orange, L3–L4 in red. The table names each level.
  const levels = ESCALATION_LEVELS.map((l) => {
    const count = counts.data?.escalation[l] ?? 0;
    const band = l === 'L0' ? 'normal' : l === 'L1' || l === 'L2' ? 'raised' : 'high';
    return {
      name: l,
      count,
      normal: band === 'normal' ? count : 0,
      raised: band === 'raised' ? count : 0,
      high: band === 'high' ? count : 0,
    };
  });
  if (counts.isError)
    return (
      <Figure title={t('reports.queues')}>
        <ErrorAlert error={counts.error} onRetry={() => void counts.refetch()} />
      </Figure>
    );
  return (
    <>
      <Figure title={t('reports.queues')} note={t('reports.live')}>
        <BarChart
          h={260}
          data={queues}
          dataKey="name"
          series={[{ name: 'count', label: t('reports.requests'), color: 'ventanilla.7' }]}
          tickLine="y"
          xAxisProps={{ interval: 0, angle: -30, textAnchor: 'end', height: 70, fontSize: 11 }}
          yAxisProps={{ allowDecimals: false }}
        />
        <DataTable caption={t('reports.queues')} rows={queues.map((q) => [q.name, q.count])} />
      </Figure>
      <Figure title={t('reports.escalation')} note={t('reports.live')}>
        <BarChart
          h={260}
          data={levels}
          dataKey="name"
          type="stacked"
          series={[
            { name: 'normal', label: t('reports.escalation.normal'), color: 'teal.8' },
            { name: 'raised', label: t('reports.escalation.raised'), color: 'orange.7' },
            { name: 'high', label: t('reports.escalation.high'), color: 'red.8' },
          ]}
          tickLine="y"
          yAxisProps={{ allowDecimals: false }}
        />
        <DataTable caption={t('reports.escalation')} rows={levels.map((l) => [l.name, l.count])} />
      </Figure>
    </>
  );
}

/** A date as an <input type="date"> holds it, in the browser's time zone. */
function dayInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function useRequestSample() {
  return useSample<RequestView>(['requests'], fetchRequestPage, SAMPLE_PAGES);
}

function sampleNote(t: ReturnType<typeof useI18n>['t'], data: { items: unknown[]; complete: boolean } | undefined) {
  if (!data) return null;
  return data.complete
    ? t('reports.all', { count: data.items.length })
    : t('reports.latest', { count: data.items.length });
}

/** Open requests per priority: on time, past 80 % of the current deadline ("at risk"), or past it. */
function DeadlineFigures() {
  const { t } = useI18n();
  const sample = useRequestSample();
  const data = useMemo(() => {
    const now = Date.now();
    return PRIORITIES.map((p) => {
      const open = (sample.data?.items ?? []).filter((r) => r.priority === p && !CLOSED.has(r.status));
      const due = (r: RequestView) => (r.clock.nextDueAt ? new Date(r.clock.nextDueAt).getTime() : null);
      const risk = (r: RequestView) => (r.clock.atRiskFrom ? new Date(r.clock.atRiskFrom).getTime() : null);
      const overdue = open.filter((r) => (due(r) ?? Infinity) <= now).length;
      const atRisk = open.filter((r) => (due(r) ?? Infinity) > now && (risk(r) ?? Infinity) <= now).length;
      return { name: p, onTime: open.length - overdue - atRisk, atRisk, overdue };
    });
  }, [sample.data]);
  return (
    <Figure
      title={t('reports.deadlines')}
      note={
        sample.data
          ? `${t('reports.openOf', { open: data.reduce((n, d) => n + d.onTime + d.atRisk + d.overdue, 0) })} ${sampleNote(t, sample.data)}`
          : null
      }
    >
      {sample.isError ? (
        <ErrorAlert error={sample.error} onRetry={() => void sample.refetch()} />
      ) : (
        <>
          <BarChart
            h={260}
            data={data}
            dataKey="name"
            type="stacked"
            withLegend
            series={[
              { name: 'onTime', label: t('reports.onTime'), color: 'teal.8' },
              { name: 'atRisk', label: t('reports.atRisk'), color: 'orange.7' },
              { name: 'overdue', label: t('reports.overdue'), color: 'red.8' },
            ]}
            tickLine="y"
            yAxisProps={{ allowDecimals: false }}
          />
          <DataTable
            caption={t('reports.deadlines')}
            rows={data.map((d) => [
              d.name,
              `${t('reports.onTime')} ${d.onTime}, ${t('reports.atRisk')} ${d.atRisk}, ${t('reports.overdue')} ${d.overdue}`,
            ])}
          />
        </>
      )}
    </Figure>
  );
}

function StatusFigures() {
  const { t, language } = useI18n();
  const sample = useRequestSample();
  const data = useMemo(
    () =>
      REQUEST_STATUSES.map((s) => ({
        name: statusLabel(s, language),
        count: (sample.data?.items ?? []).filter((r) => r.status === s).length,
      })).filter((d) => d.count > 0),
    [sample.data, language],
  );
  return (
    <Figure title={t('reports.statuses')} note={sampleNote(t, sample.data)}>
      {sample.isError ? (
        <ErrorAlert error={sample.error} onRetry={() => void sample.refetch()} />
      ) : (
        <>
          <BarChart
            h={Math.max(200, data.length * 30)}
            data={data}
            dataKey="name"
            orientation="vertical"
            series={[{ name: 'count', label: t('reports.requests'), color: 'indigo.7' }]}
            yAxisProps={{ width: 170, fontSize: 12 }}
            xAxisProps={{ allowDecimals: false }}
            gridAxis="x"
          />
          <DataTable caption={t('reports.statuses')} rows={data.map((d) => [d.name, d.count])} />
        </>
      )}
    </Figure>
  );
}

function AuditFigures() {
  const { t } = useI18n();
  const sample = useSample<AuditEvent>(['audit-events'], fetchAuditPage, SAMPLE_PAGES);
  const { actions, outcomes } = useMemo(() => {
    const byAction = new Map<string, number>();
    const byOutcome = new Map<string, number>();
    for (const e of sample.data?.items ?? []) {
      byAction.set(e.action, (byAction.get(e.action) ?? 0) + 1);
      byOutcome.set(e.outcome, (byOutcome.get(e.outcome) ?? 0) + 1);
    }
    return {
      actions: [...byAction.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([action, count]) => ({ name: actionLabel(action, t) ?? action, count })),
      outcomes: byOutcome,
    };
  }, [sample.data, t]);
  return (
    <Figure title={t('reports.auditActions')} note={sampleNote(t, sample.data)}>
      {sample.isError ? (
        <ErrorAlert error={sample.error} onRetry={() => void sample.refetch()} />
      ) : (
        <>
          <BarChart
            h={Math.max(200, actions.length * 28)}
            data={actions}
            dataKey="name"
            orientation="vertical"
            series={[{ name: 'count', label: t('reports.events'), color: 'grape.7' }]}
            yAxisProps={{ width: 190, fontSize: 11 }}
            xAxisProps={{ allowDecimals: false }}
            gridAxis="x"
          />
          <DataTable caption={t('reports.auditActions')} rows={actions.map((a) => [a.name, a.count])} />
          <Text size="sm" mt="xs">
            {t('reports.outcomes', {
              success: outcomes.get('success') ?? 0,
              denied: outcomes.get('denied') ?? 0,
              failure: outcomes.get('failure') ?? 0,
            })}
          </Text>
        </>
      )}
    </Figure>
  );
}

/** NS-5: notices required, delivered, acknowledged and late, and actions before clearance (must be zero). */
function ComplianceFigures() {
  const { t, date } = useI18n();
  // The window the auditor chooses (whole days, in the browser's time zone); 30 days to today to begin with.
  const [range, setRange] = useState(() => {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    return { from: dayInput(from), to: dayInput(to) };
  });
  const query = {
    ...(range.from ? { from: new Date(`${range.from}T00:00`).toISOString() } : {}),
    ...(range.to ? { to: new Date(new Date(`${range.to}T00:00`).getTime() + 86_400_000).toISOString() } : {}),
  };
  const report = useQuery({
    queryKey: ['reports', 'no-surprises', query],
    // JSON: the answer is CSV only when asked for (`format=csv` or `Accept: text/csv`), which this page never does.
    queryFn: () => unwrap(api.GET('/api/reports/no-surprises', { params: { query } })) as Promise<NoSurprisesReport>,
    staleTime: 60_000,
  });
  const csv = `/api/reports/no-surprises?${new URLSearchParams({ ...query, format: 'csv' }).toString()}`;
  const picker = (
    <Group gap="sm" mb="sm">
      <TextInput
        type="date"
        size="xs"
        label={t('reports.from')}
        value={range.from}
        max={range.to || undefined}
        onChange={(e) => setRange({ ...range, from: e.currentTarget.value })}
      />
      <TextInput
        type="date"
        size="xs"
        label={t('reports.to')}
        value={range.to}
        min={range.from || undefined}
        onChange={(e) => setRange({ ...range, to: e.currentTarget.value })}
      />
    </Group>
  );
  if (report.isError)
    return (
      <Figure title={t('reports.compliance')}>
        {picker}
        <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />
      </Figure>
    );
  const s = report.data?.summary;
  const bars = [
    { name: t('reports.required'), count: s?.noticesRequired ?? 0 },
    { name: t('reports.delivered'), count: s?.noticesDelivered ?? 0 },
    { name: t('reports.acknowledged'), count: s?.noticesAcknowledged ?? 0 },
    { name: t('reports.late'), count: s?.noticesLate ?? 0 },
  ];
  return (
    <Figure
      title={t('reports.compliance')}
      note={
        report.data ? t('reports.complianceNote', { from: date(report.data.from), to: date(report.data.to) }) : null
      }
    >
      {picker}
      <BarChart
        h={220}
        data={bars}
        dataKey="name"
        series={[{ name: 'count', label: t('reports.notices'), color: 'grape.7' }]}
        tickLine="y"
        yAxisProps={{ allowDecimals: false }}
      />
      <DataTable caption={t('reports.compliance')} rows={bars.map((b) => [b.name, b.count])} />
      {s && (
        <Stack gap={2} mt="xs">
          <Text
            size="sm"
            fw={s.actionsBeforeClearance > 0 ? 700 : undefined}
            c={s.actionsBeforeClearance > 0 ? 'red.9' : undefined}
          >
            {t('reports.beforeClearance', { count: s.actionsBeforeClearance })}
          </Text>
          <Text size="sm">{t('reports.surpriseRisk', { count: s.surpriseRisk })}</Text>
          {s.medianNoticeLeadHours !== null && (
            <Text size="sm">{t('reports.medianLead', { hours: Math.round(s.medianNoticeLeadHours) })}</Text>
          )}
          <Anchor href={csv} size="sm" download>
            {t('reports.csv')}
          </Anchor>
        </Stack>
      )}
    </Figure>
  );
}
