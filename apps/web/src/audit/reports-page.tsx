import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ESCALATION_LEVELS, PRIORITIES, REQUEST_STATUSES } from '@ventanilla/domain/request-status.js';
import { useMemo, useState, type ReactNode } from 'react';
import { capabilities } from '../api/capabilities';
import { api, unwrap, type NoSurprisesReport, type OverviewReport } from '../api/client';
import { ErrorAlert } from '../common/error-alert';
import { statusLabel } from '../common/labels';
import { Page } from '../common/page';
import { QUEUES } from '../hub/queues';
import { useI18n } from '../i18n/i18n';
import { retryUnlessClientError } from '../requests/request-queries';
import { actionLabel } from './audit-search-page';

/** The figures and the compliance report cover whole days, in the browser's time zone; 30 days to today to begin with. */
export interface DayRange {
  from: string;
  to: string;
}

/** The range as the API takes it: from the start of `from` to the end of `to` (the API's `to` is excluded). */
export function rangeQuery(range: DayRange): { from?: string; to?: string } {
  return {
    ...(range.from ? { from: new Date(`${range.from}T00:00`).toISOString() } : {}),
    ...(range.to ? { to: new Date(new Date(`${range.to}T00:00`).getTime() + 86_400_000).toISOString() } : {}),
  };
}

/**
 * The auditors' figures over one date range the auditor picks: the requests submitted in it (by status; the
 * open ones against their deadlines, by escalation level and by hub queue), the audit events recorded in it,
 * and the no-surprises compliance report; each downloadable as CSV for the same range.
 */
export default function ReportsPage() {
  const { t } = useI18n();
  const [range, setRange] = useState<DayRange>(() => {
    const to = new Date();
    return { from: dayInput(new Date(to.getTime() - 30 * 86_400_000)), to: dayInput(to) };
  });
  const backwards = Boolean(range.from && range.to && range.from > range.to);
  const query = rangeQuery(range);
  return (
    <Page title={t('reports.title')}>
      <Group gap="sm" align="flex-end" mb="md" role="group" aria-label={t('reports.range')}>
        <TextInput
          type="date"
          size="sm"
          label={t('reports.from')}
          value={range.from}
          max={range.to || undefined}
          onChange={(e) => setRange({ ...range, from: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          size="sm"
          label={t('reports.to')}
          value={range.to}
          min={range.from || undefined}
          error={backwards ? t('reports.rangeBackwards') : undefined}
          onChange={(e) => setRange({ ...range, to: e.currentTarget.value })}
        />
        {!backwards && (
          <Anchor href={csvHref('/api/reports/overview', query)} size="sm" download mb={8}>
            {t('reports.figuresCsv')}
          </Anchor>
        )}
      </Group>
      {backwards ? null : (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {capabilities.compliance && <ComplianceFigures query={query} />}
          <QueueFigures query={query} />
          <DeadlineFigures query={query} />
          <StatusFigures query={query} />
          <AuditFigures query={query} />
        </SimpleGrid>
      )}
    </Page>
  );
}

type RangeQuery = ReturnType<typeof rangeQuery>;

const csvHref = (path: string, query: RangeQuery) =>
  `${path}?${new URLSearchParams({ ...query, format: 'csv' }).toString()}`;

/** Every figure but compliance, counted by the server over the range (one request for the page). */
function useOverview(query: RangeQuery) {
  return useQuery({
    queryKey: ['reports', 'overview', query],
    queryFn: () => unwrap(api.GET('/api/reports/overview', { params: { query } })) as Promise<OverviewReport>,
    staleTime: 60_000,
    retry: retryUnlessClientError,
  });
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
/** Counts by name as horizontal bars, with the same figures as a table for screen readers. */
function CountBars({
  data,
  caption,
  label,
  color,
  labelWidth = 170,
}: {
  data: Array<{ name: string; count: number }>;
  caption: string;
  label: string;
  color: string;
  labelWidth?: number;
}) {
  return (
    <>
      <BarChart
        h={Math.max(200, data.length * 30)}
        data={data}
        dataKey="name"
        orientation="vertical"
        series={[{ name: 'count', label, color }]}
        yAxisProps={{ width: labelWidth, fontSize: 12 }}
        xAxisProps={{ allowDecimals: false }}
        gridAxis="x"
      />
      <DataTable caption={caption} rows={data.map((d) => [d.name, d.count])} />
    </>
  );
}

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

/** "Requests submitted from … to …" (the open ones as they stand now): what the request figures count. */
function useRangeNote(report: OverviewReport | undefined): string | null {
  const { t, date } = useI18n();
  if (!report) return null;
  // `to` is excluded: the last day shown is the one before it.
  const last = new Date(new Date(report.to).getTime() - 1).toISOString();
  return t('reports.rangeNote', { from: date(report.from), to: date(last), count: report.requests.submitted });
}

function Failed({ title, error, retry }: { title: string; error: unknown; retry: () => void }) {
  return (
    <Figure title={title}>
      <ErrorAlert error={error} onRetry={retry} />
    </Figure>
  );
}

function QueueFigures({ query }: { query: RangeQuery }) {
  const { t } = useI18n();
  const overview = useOverview(query);
  const note = useRangeNote(overview.data);
  const counts = overview.data?.requests;
  const queues = QUEUES.filter((q) => q.key !== 'mine').map((q) => ({
    name: t(q.label),
    count: counts?.queues[q.key as keyof OverviewReport['requests']['queues']] ?? 0,
  }));
  // L0 is normal (no escalation): drawn calm; L1–L2 in orange, L3–L4 in red. The table names each level.
  const levels = ESCALATION_LEVELS.map((l) => {
    const count = counts?.escalation[l] ?? 0;
    const band = l === 'L0' ? 'normal' : l === 'L1' || l === 'L2' ? 'raised' : 'high';
    return {
      name: l,
      count,
      normal: band === 'normal' ? count : 0,
      raised: band === 'raised' ? count : 0,
      high: band === 'high' ? count : 0,
    };
  });
  if (overview.isError)
    return <Failed title={t('reports.queues')} error={overview.error} retry={() => void overview.refetch()} />;
  return (
    <>
      <Figure title={t('reports.queues')} note={note}>
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
      <Figure title={t('reports.escalation')} note={note}>
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

/** Open requests per priority: on time, past 80 % of the current deadline ("at risk"), or past it. */
function DeadlineFigures({ query }: { query: RangeQuery }) {
  const { t } = useI18n();
  const overview = useOverview(query);
  const note = useRangeNote(overview.data);
  const data = (
    overview.data?.requests.deadlines ?? PRIORITIES.map((p) => ({ priority: p, onTime: 0, atRisk: 0, overdue: 0 }))
  ).map((d) => ({ name: d.priority, onTime: d.onTime, atRisk: d.atRisk, overdue: d.overdue }));
  if (overview.isError)
    return <Failed title={t('reports.deadlines')} error={overview.error} retry={() => void overview.refetch()} />;
  return (
    <Figure
      title={t('reports.deadlines')}
      note={overview.data ? `${t('reports.openOf', { open: overview.data.requests.open })} ${note}` : null}
    >
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
    </Figure>
  );
}

function StatusFigures({ query }: { query: RangeQuery }) {
  const { t, language } = useI18n();
  const overview = useOverview(query);
  const note = useRangeNote(overview.data);
  const data = useMemo(
    () =>
      REQUEST_STATUSES.filter((s) => s !== 'draft')
        .map((s) => ({
          name: statusLabel(s, language),
          count: overview.data?.requests.byStatus[s] ?? 0,
        }))
        .filter((d) => d.count > 0),
    [overview.data, language],
  );
  if (overview.isError)
    return <Failed title={t('reports.statuses')} error={overview.error} retry={() => void overview.refetch()} />;
  return (
    <Figure title={t('reports.statuses')} note={note}>
      <CountBars data={data} caption={t('reports.statuses')} label={t('reports.requests')} color="indigo.7" />
    </Figure>
  );
}

function AuditFigures({ query }: { query: RangeQuery }) {
  const { t, date } = useI18n();
  const overview = useOverview(query);
  const audit = overview.data?.audit;
  const actions = (audit?.topActions ?? []).map((a) => ({
    name: actionLabel(a.action, t) ?? a.action,
    count: a.count,
  }));
  if (overview.isError)
    return <Failed title={t('reports.auditActions')} error={overview.error} retry={() => void overview.refetch()} />;
  const note = overview.data
    ? t('reports.auditNote', {
        from: date(overview.data.from),
        to: date(new Date(new Date(overview.data.to).getTime() - 1).toISOString()),
        count: overview.data.audit.events,
      })
    : null;
  return (
    <Figure title={t('reports.auditActions')} note={note}>
      <CountBars
        data={actions}
        caption={t('reports.auditActions')}
        label={t('reports.events')}
        color="grape.7"
        labelWidth={190}
      />
      {audit && (
        <Text size="sm" mt="xs">
          {t('reports.outcomes', audit.outcomes)}
        </Text>
      )}
    </Figure>
  );
}

/** NS-5: notices required, delivered, acknowledged and late, and actions before clearance (must be zero). */
function ComplianceFigures({ query }: { query: RangeQuery }) {
  const { t, date } = useI18n();
  const report = useQuery({
    queryKey: ['reports', 'no-surprises', query],
    // JSON: the answer is CSV only when asked for (`format=csv` or `Accept: text/csv`), which this page never does.
    queryFn: () => unwrap(api.GET('/api/reports/no-surprises', { params: { query } })) as Promise<NoSurprisesReport>,
    staleTime: 60_000,
    retry: retryUnlessClientError,
  });
  if (report.isError)
    return <Failed title={t('reports.compliance')} error={report.error} retry={() => void report.refetch()} />;
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
        report.data
          ? t('reports.complianceNote', {
              from: date(report.data.from),
              to: date(new Date(new Date(report.data.to).getTime() - 1).toISOString()),
            })
          : null
      }
    >
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
          <Anchor href={csvHref('/api/reports/no-surprises', query)} size="sm" download>
            {t('reports.csv')}
          </Anchor>
        </Stack>
      )}
    </Figure>
  );
}
