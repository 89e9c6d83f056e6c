import {
  Alert,
  Anchor,
  Button,
  Card,
  Code,
  Grid,
  Group,
  List,
  Radio,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type VerifyView } from '../api/client';
import { ErrorAlert } from '../common/error-alert';
import { Page } from '../common/page';
import { useI18n } from '../i18n/i18n';

/**
 * Chain verification (each check is itself audited, so it runs when asked) and the exports an auditor keeps
 * outside the system: the trail as JSON Lines, the signed checkpoints and the public key.
 */
export function IntegrityPage() {
  const { t } = useI18n();
  const verify = useMutation({ mutationFn: (): Promise<VerifyView> => unwrap(api.GET('/api/audit/verify')) });
  return (
    <Page title={t('integrity.title')}>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder padding="md" component="section" aria-labelledby="verify-title">
            <Title order={2} size="h4" id="verify-title" mb="xs">
              {t('integrity.verifyTitle')}
            </Title>
            <Text size="sm" mb="sm">
              {t('integrity.verifyIntro')}
            </Text>
            <Group>
              <Button onClick={() => verify.mutate()} loading={verify.isPending}>
                {verify.data ? t('integrity.verifyAgain') : t('integrity.verify')}
              </Button>
            </Group>
            <div aria-live="polite">
              {verify.isError && (
                <Stack mt="sm">
                  <ErrorAlert error={verify.error} />
                </Stack>
              )}
              {verify.data && <Verdict verdict={verify.data} />}
            </div>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Exports />
        </Grid.Col>
      </Grid>
    </Page>
  );
}

function Verdict({ verdict: v }: { verdict: VerifyView }) {
  const { t, dateTime } = useI18n();
  const none = t('common.none');
  const rows: Array<[string, string]> = [
    [t('integrity.scope'), v.scope],
    [t('integrity.checkedEvents'), String(v.checkedEvents)],
    [t('integrity.head'), v.headSeq === null ? none : `#${v.headSeq} · ${v.headHash?.slice(0, 24)}…`],
    [
      t('integrity.checkpoints'),
      t('integrity.checkpointsValue', {
        checked: v.checkpoints.checked,
        latest: v.checkpoints.latestSeq ?? none,
        signatures: v.checkpoints.signaturesChecked ? t('common.yes') : t('common.no'),
      }),
    ],
    [t('integrity.unsealed'), String(v.unsealed)],
    [t('integrity.keyId'), v.keyId ?? none],
    [t('integrity.verifiedAt'), dateTime(v.verifiedAt)],
  ];
  return (
    <Stack mt="md" gap="sm" data-testid="verify-result">
      <Alert color={v.ok ? 'green' : 'red'} title={v.ok ? t('integrity.intact') : t('integrity.broken')} role="status">
        {v.message}
      </Alert>
      {v.break && (
        <Alert color="red" title={t('integrity.firstBreak', { seq: v.break.seq, kind: v.break.kind })}>
          <Text size="sm">{v.break.detail}</Text>
          {v.break.eventId && <Code>{v.break.eventId}</Code>}
        </Alert>
      )}
      <Table withRowBorders={false} verticalSpacing={2}>
        <Table.Tbody>
          {rows.map(([k, val]) => (
            <Table.Tr key={k}>
              <Table.Th scope="row" w="40%" fw={500}>
                {k}
              </Table.Th>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{val}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

export type ExportFormat = 'jsonl' | 'csv';

/** The download address of the audit export for these filters (empty ones left out). */
export function exportHref(f: { folio: string; requestId: string; from: string; to: string; format: ExportFormat }) {
  const query = new URLSearchParams();
  if (f.folio.trim()) query.set('folio', f.folio.trim());
  if (f.requestId.trim()) query.set('requestId', f.requestId.trim());
  if (f.from) query.set('from', new Date(f.from).toISOString());
  if (f.to) query.set('to', new Date(f.to).toISOString());
  if (f.format !== 'jsonl') query.set('format', f.format);
  return `/api/audit/export${query.size ? `?${query.toString()}` : ''}`;
}

export function Exports() {
  const { t } = useI18n();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [requestId, setRequestId] = useState('');
  const [folio, setFolio] = useState('');
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  // A folio is looked up when the field is left, so that a typo shows here rather than as a failed download.
  const [checkedFolio, setCheckedFolio] = useState('');
  const folioKnown = useQuery({
    queryKey: ['audit', 'folio-known', checkedFolio],
    enabled: checkedFolio !== '',
    staleTime: 60_000,
    queryFn: async () =>
      (await unwrap(api.GET('/api/audit/events', { params: { query: { folio: checkedFolio, limit: 1 } } }))).items
        .length > 0,
  });
  const unknownFolio = checkedFolio !== '' && checkedFolio === folio.trim() && folioKnown.data === false;
  const href = exportHref({ folio, requestId, from, to, format });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="exports-title">
      <Title order={2} size="h4" id="exports-title" mb="xs">
        {t('integrity.exportsTitle')}
      </Title>
      <Text size="sm" mb="sm">
        {t('integrity.exportsIntro')}
      </Text>
      <Stack gap="xs">
        <Group grow align="flex-start">
          <TextInput
            label={t('audit.folio')}
            value={folio}
            maxLength={40}
            onChange={(e) => setFolio(e.currentTarget.value)}
            onBlur={() => setCheckedFolio(folio.trim())}
            error={unknownFolio ? t('integrity.unknownFolio') : undefined}
          />
          <TextInput
            label={t('audit.requestId')}
            value={requestId}
            onChange={(e) => setRequestId(e.currentTarget.value)}
          />
        </Group>
        <Group grow>
          <TextInput
            type="datetime-local"
            label={t('audit.from')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextInput
            type="datetime-local"
            label={t('audit.to')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
        </Group>
        <Radio.Group
          label={t('integrity.format')}
          value={format}
          onChange={(v) => setFormat(v === 'csv' ? 'csv' : 'jsonl')}
        >
          <Stack gap={4} mt={4}>
            <Radio value="jsonl" label={t('integrity.formatJsonl')} />
            <Radio value="csv" label={t('integrity.formatCsv')} />
          </Stack>
        </Radio.Group>
        <div>
          <Button component="a" href={href} download variant="light" data-testid="export-link">
            {format === 'csv' ? t('integrity.exportCsv') : t('integrity.export')}
          </Button>
        </div>
      </Stack>
      <List mt="md" size="sm" spacing={4}>
        <List.Item>
          <Anchor href="/api/audit/checkpoints?limit=200" target="_blank" rel="noopener">
            {t('integrity.checkpointsLink')}
          </Anchor>
        </List.Item>
        <List.Item>
          <Anchor href="/api/audit/public-key" target="_blank" rel="noopener">
            {t('integrity.publicKeyLink')}
          </Anchor>
        </List.Item>
      </List>
      <Text size="xs" c="dimmed" mt="sm">
        {t('integrity.offline')}
      </Text>
      <Code block mt={4} style={{ whiteSpace: 'pre-wrap' }}>
        npm run audit:verify -- --export export.jsonl --checkpoints kept-checkpoints.jsonl --public-key
        audit-public-key.json
      </Code>
    </Card>
  );
}
