import {
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Code,
  Grid,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { Fragment, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AuditEvent } from '../api/client';
import { ErrorAlert } from '../common/error-alert';
import { SortableTh, useListSort, type ListSort, type SortDefaults } from '../common/list-sort';
import { SavedViewsMenu } from '../common/saved-views';
import { assignmentStatusLabel, roleLabel, statusLabel } from '../common/labels';
import { Page } from '../common/page';
import { en, type MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { FindRequest } from '../search/find-request';
import { useAuditEvents, type AuditFilters } from './audit-queries';

const TEXT_FILTERS = ['folio', 'requestId', 'actor', 'agency', 'action'] as const;
const OUTCOMES = ['success', 'denied', 'failure'] as const;
/** The trail's columns that sort (the API's keys), with the direction each takes first. */
const AUDIT_SORTS = {
  occurred: 'desc',
  role: 'asc',
  agency: 'asc',
  action: 'asc',
  outcome: 'asc',
} as const satisfies SortDefaults<string>;
type AuditSortKey = keyof typeof AUDIT_SORTS;
/** What the search's address holds, and a saved view keeps. */
const AUDIT_KEYS = [...TEXT_FILTERS, 'outcome', 'from', 'to', 'sort', 'order'] as const;
const ACTION_SUGGESTIONS = [
  'request.*',
  'assignment.*',
  'notification.*',
  'access.denied',
  'session.*',
  'user.*',
  'reference.*',
  'audit.*',
  'dead_letter.*',
  'request.route',
  'request.release_response',
  'assignment.respond',
];

/** `2026-05-04T10:30` typed in the user's zone ⇄ an ISO instant in the URL and the query. */
const toIso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The auditors' search over the whole trail (denied attempts included), newest first with "load more"; with a
 * request id or folio it is that request's full history. Filters live in the address, so a search can be shared.
 */
export function AuditSearchPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const sort = useListSort(AUDIT_SORTS, 'occurred');
  const filters: AuditFilters = useMemo(() => {
    const f: Record<string, string> = {};
    for (const k of [...TEXT_FILTERS, 'outcome', 'from', 'to'] as const) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return { ...(f as AuditFilters), ...sort.query };
  }, [params, sort.query.sort, sort.query.order]);
  const [draft, setDraft] = useState<Record<string, string>>({});
  useEffect(
    () =>
      setDraft({
        ...Object.fromEntries(TEXT_FILTERS.map((k) => [k, params.get(k) ?? ''])),
        outcome: params.get('outcome') ?? '',
        from: toLocalInput(params.get('from')),
        to: toLocalInput(params.get('to')),
      }),
    [params],
  );
  const list = useAuditEvents(filters);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const subject = filters.folio ?? (filters.requestId ? (items[0]?.folio ?? filters.requestId) : null);

  const search = () => {
    const next = new URLSearchParams();
    for (const k of TEXT_FILTERS) if (draft[k]?.trim()) next.set(k, draft[k].trim());
    if (draft.outcome) next.set('outcome', draft.outcome);
    const from = toIso(draft.from);
    const to = toIso(draft.to);
    if (from) next.set('from', from);
    if (to) next.set('to', to);
    // A new search keeps the order the auditor chose.
    for (const k of ['sort', 'order']) if (params.get(k)) next.set(k, params.get(k)!);
    setParams(next);
  };
  const set = (k: string) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));

  return (
    <Page
      title={subject ? t('audit.historyTitle', { subject }) : t('audit.title')}
      actions={<SavedViewsMenu list="audit" keys={AUDIT_KEYS} />}
    >
      <form
        noValidate
        aria-label={t('audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <Grid align="flex-end">
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <TextInput
              label={t('audit.folio')}
              placeholder="SSAN-2026-000123"
              value={draft.folio ?? ''}
              onChange={(e) => set('folio')(e.currentTarget.value)}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <TextInput
              label={t('audit.requestId')}
              value={draft.requestId ?? ''}
              onChange={(e) => set('requestId')(e.currentTarget.value)}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <TextInput
              label={t('audit.actor')}
              description={t('audit.actorHint')}
              value={draft.actor ?? ''}
              onChange={(e) => set('actor')(e.currentTarget.value)}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <TextInput
              label={t('audit.agency')}
              value={draft.agency ?? ''}
              onChange={(e) => set('agency')(e.currentTarget.value)}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <Autocomplete
              label={t('audit.action')}
              description={t('audit.actionHint')}
              data={ACTION_SUGGESTIONS}
              value={draft.action ?? ''}
              onChange={set('action')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <Select
              label={t('audit.outcome')}
              clearable
              placeholder={t('common.all')}
              data={OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))}
              value={draft.outcome || null}
              onChange={(v) => set('outcome')(v ?? '')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <TextInput
              type="datetime-local"
              label={t('audit.from')}
              value={draft.from ?? ''}
              onChange={(e) => set('from')(e.currentTarget.value)}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <TextInput
              type="datetime-local"
              label={t('audit.to')}
              value={draft.to ?? ''}
              onChange={(e) => set('to')(e.currentTarget.value)}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <Group gap="xs">
              <Button type="submit">{t('common.search')}</Button>
              {[...params.keys()].length > 0 && (
                <Button variant="subtle" onClick={() => setParams(new URLSearchParams())}>
                  {t('common.clearFilters')}
                </Button>
              )}
              {filters.requestId && (
                <Anchor component={Link} to={`/requests/${filters.requestId}`} size="sm">
                  {t('audit.openRequest')}
                </Anchor>
              )}
            </Group>
          </Grid.Col>
        </Grid>
      </form>
      <FindRequest onPick={(requestId) => setParams(new URLSearchParams({ requestId }))} />
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? <Text c="dimmed">{t('app.loading')}</Text> : <AuditTable items={items} sort={sort} />}
      {list.hasNextPage && (
        <Group>
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </Page>
  );
}

/** An action's words where the interface has them (the request timeline's), else the code itself. */
export function actionLabel(action: string, t: (k: MessageKey) => string): string | null {
  const key = `timeline.${action}`;
  return key in en ? t(key as MessageKey) : null;
}

/** What kind of thing an event is about (a user account, a file…), in words; an unknown kind as its code. */
export function objectLabel(type: string, t: (k: MessageKey) => string): string {
  const key = `auditObject.${type}`;
  return key in en ? t(key as MessageKey) : type;
}

function AuditTable({ items, sort }: { items: AuditEvent[]; sort: ListSort<AuditSortKey> }) {
  const { t, language, shortDateTime, dateTime } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  if (items.length === 0) return <Text c="dimmed">{t('audit.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped verticalSpacing="xs" data-testid="audit-results">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
          {t('common.count', { count: items.length })}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <SortableTh sort={sort} column="occurred">
              {t('audit.col.when')}
            </SortableTh>
            <SortableTh sort={sort} column="role">
              {t('audit.col.who')}
            </SortableTh>
            <SortableTh sort={sort} column="action">
              {t('audit.col.action')}
            </SortableTh>
            <Table.Th scope="col">{t('audit.col.object')}</Table.Th>
            <Table.Th scope="col">{t('audit.col.change')}</Table.Th>
            <SortableTh sort={sort} column="outcome">
              {t('audit.col.outcome')}
            </SortableTh>
            <Table.Th scope="col">{t('audit.col.more')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => {
            const label = actionLabel(e.action, t);
            const expanded = open === e.id;
            return (
              <Fragment key={e.id}>
                <Table.Tr>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={e.occurredAt} title={dateTime(e.occurredAt)}>
                      {shortDateTime(e.occurredAt)}
                    </time>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {e.actor.role === 'system'
                        ? t('timeline.system')
                        : (e.actor.displayName ?? e.actor.email ?? e.actor.userId)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {[e.actor.role === 'system' ? null : roleLabel(e.actor.role, language), e.actor.agency]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {label && <Text size="sm">{label}</Text>}
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {e.requestId ? (
                      <Anchor component={Link} to={`/requests/${e.requestId}`} size="sm">
                        {e.folio ?? t('list.noFolio')}
                      </Anchor>
                    ) : (
                      <Text size="sm">{objectLabel(e.object.type, t)}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus && (
                      <Text size="sm">
                        {statusOf(e, e.fromStatus, language)} → {statusOf(e, e.toStatus, language)}
                      </Text>
                    )}
                    {e.reason && (
                      <Text size="xs" lineClamp={2} style={{ whiteSpace: 'pre-wrap' }}>
                        “{e.reason}”
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      tt="none"
                      c="dark.9"
                      color={e.outcome === 'success' ? 'green' : e.outcome === 'denied' ? 'orange' : 'red'}
                    >
                      {t(`audit.outcome.${e.outcome as (typeof OUTCOMES)[number]}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-expanded={expanded}
                      aria-controls={`audit-more-${e.id}`}
                      onClick={() => setOpen(expanded ? null : e.id)}
                    >
                      {expanded ? t('audit.less') : t('audit.more')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr id={`audit-more-${e.id}`}>
                    <Table.Td colSpan={7}>
                      <EventDetails event={e} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** An assignment's statuses are not a request's: each in its own words. */
const statusOf = (e: AuditEvent, status: string, language: 'en' | 'es') =>
  e.object.type === 'assignment' ? assignmentStatusLabel(status, language) : statusLabel(status, language);

function EventDetails({ event: e }: { event: AuditEvent }) {
  const { t, dateTime } = useI18n();
  const rows: Array<[string, string]> = [
    [t('audit.detail.id'), e.id],
    [t('audit.detail.occurredAt'), `${e.occurredAt} (${dateTime(e.occurredAt)})`],
    [t('audit.detail.actorEmail'), e.actor.email ?? t('common.none')],
    [t('audit.detail.object'), `${objectLabel(e.object.type, t)} ${e.object.id ?? ''}`.trim()],
    [
      t('audit.detail.changedFields'),
      Array.isArray(e.changedFields) ? (e.changedFields as string[]).join(', ') || t('common.none') : t('common.none'),
    ],
    [t('audit.detail.ip'), e.ip ?? t('common.none')],
    [t('audit.detail.userAgent'), e.userAgent ?? t('common.none')],
    [t('audit.detail.correlationId'), e.correlationId ?? t('common.none')],
    [
      t('audit.detail.seal'),
      e.seal
        ? t('audit.detail.sealed', { seq: e.seal.seq, hash: e.seal.hash.slice(0, 16) })
        : t('audit.detail.unsealed'),
    ],
  ];
  return (
    <Stack gap={4}>
      <Table withRowBorders={false} verticalSpacing={2}>
        <Table.Tbody>
          {rows.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th scope="row" w="22%" fw={500}>
                {k}
              </Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {e.details !== null && typeof e.details === 'object' && Object.keys(e.details).length > 0 && (
        <>
          <Text size="sm" fw={500}>
            {t('audit.detail.details')}
          </Text>
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {JSON.stringify(e.details, null, 2)}
          </Code>
        </>
      )}
    </Stack>
  );
}
