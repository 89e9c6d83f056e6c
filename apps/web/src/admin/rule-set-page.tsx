import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  JsonInput,
  List,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { validateRuleSetDocument, type FieldProblem } from '@ventanilla/domain/routing-rules.js';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiProblem, isNotFound } from '../api/problem';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../common/error-alert';
import { fieldText } from '../common/field-text';
import { NotFoundPage } from '../common/not-found-page';
import { Page } from '../common/page';
import { useAgencies, useRequestTypes, useTopics } from '../common/reference';
import { nameOf, priorityLabel } from '../common/labels';
import { en, type MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { usePublishRules, useRuleVersion, useRuleVersions } from './admin-queries';

interface Rule {
  id: string;
  kind: string;
  requestType: string | null;
  topic: string | null;
  family: string | null;
  lead: string;
  support: string[];
  note?: string | null;
}
interface Modifier {
  id: string;
  flag: string;
  appliesToRequestTypes: string[] | null;
  addSupport: string[];
  priorityFloor: string | null;
  requiresAuthorizationBy: string | null;
  note?: string | null;
}

/** One version of the routing rules, readable; administrators edit it as JSON and publish a new version. */
export function RuleSetPage() {
  const { version = '' } = useParams();
  const { t } = useI18n();
  const n = Number(version);
  const rules = useRuleVersion(Number.isInteger(n) && n > 0 ? n : 0);
  const versions = useRuleVersions();
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  if (rules.isPending) return <Text p="lg">{t('app.loading')}</Text>;
  if (isNotFound(rules.error)) return <NotFoundPage message={t('rules.notFound')} />;
  if (rules.isError)
    return (
      <Stack p="lg">
        <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} />
      </Stack>
    );
  const doc = rules.data.document as unknown as { rules: Rule[]; modifiers: Modifier[] };
  const current = versions.data?.current === rules.data.version;
  return (
    <Page
      title={t('rules.versionTitle', { version: rules.data.version })}
      actions={
        user?.role === 'admin' && !editing && <Button onClick={() => setEditing(true)}>{t('rules.edit')}</Button>
      }
    >
      <Group gap="xs">
        {current && (
          <Badge variant="light" color="green" tt="none" c="dark.9">
            {t('rules.inForce')}
          </Badge>
        )}
        {rules.data.note && <Text size="sm">“{rules.data.note}”</Text>}
        <Anchor component={Link} to="/routing-rules" size="sm" ml="auto">
          {t('rules.allVersions')}
        </Anchor>
      </Group>
      {editing ? (
        <RuleSetEditor base={rules.data.version} document={rules.data.document} onCancel={() => setEditing(false)} />
      ) : (
        <RuleTables rules={doc.rules} modifiers={doc.modifiers} />
      )}
    </Page>
  );
}

/** A code of the rule set in the language on screen; a code this version has no words for stays a code. */
function useRuleWords() {
  const { t, language } = useI18n();
  const types = useRequestTypes();
  const topics = useTopics();
  const word = (key: string, code: string) => (key in en ? t(key as MessageKey) : code);
  const typeName = (code: string) =>
    nameOf(
      types.data?.find((x) => x.code === code),
      language,
      code,
    );
  return {
    kind: (kind: string) => word(`rules.kind.${kind}`, kind),
    flag: (flag: string) => word(`rules.flag.${flag}`, flag),
    typeName,
    match: (r: Rule) =>
      [
        r.requestType && t('rules.matchType', { name: typeName(r.requestType) }),
        r.topic &&
          t('rules.matchTopic', {
            name: nameOf(
              topics.data?.find((x) => x.code === r.topic),
              language,
              r.topic,
            ),
          }),
        r.family && t('rules.matchFamily', { name: word(`family.${r.family}`, r.family) }),
      ]
        .filter(Boolean)
        .join(' · ') || t('rules.matchAnything'),
    priority: (p: string) => priorityLabel(p, language),
  };
}

function RuleTables({ rules, modifiers }: { rules: Rule[]; modifiers: Modifier[] }) {
  const { t } = useI18n();
  const words = useRuleWords();
  const none = t('common.none');
  return (
    <Stack>
      <Table.ScrollContainer minWidth={900}>
        <Table striped verticalSpacing={4} fz="sm">
          <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
            <Text fw={600} span>
              {t('rules.rules', { count: rules.length })}
            </Text>
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('rules.id')}</Table.Th>
              <Table.Th scope="col">{t('rules.kind')}</Table.Th>
              <Table.Th scope="col">{t('rules.match')}</Table.Th>
              <Table.Th scope="col">{t('routing.lead')}</Table.Th>
              <Table.Th scope="col">{t('routing.supports')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.id}</Table.Td>
                <Table.Td>{words.kind(r.kind)}</Table.Td>
                <Table.Td>{words.match(r)}</Table.Td>
                <Table.Td>{r.lead}</Table.Td>
                <Table.Td>{r.support.join(', ') || none}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Table.ScrollContainer minWidth={900}>
        <Table striped verticalSpacing={4} fz="sm">
          <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
            <Text fw={600} span>
              {t('rules.modifiers', { count: modifiers.length })}
            </Text>
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('rules.id')}</Table.Th>
              <Table.Th scope="col">{t('rules.flag')}</Table.Th>
              <Table.Th scope="col">{t('rules.appliesTo')}</Table.Th>
              <Table.Th scope="col">{t('rules.addSupport')}</Table.Th>
              <Table.Th scope="col">{t('routing.priorityFloor')}</Table.Th>
              <Table.Th scope="col">{t('routing.authorization')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {modifiers.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.id}</Table.Td>
                <Table.Td>{words.flag(m.flag)}</Table.Td>
                <Table.Td>{m.appliesToRequestTypes?.map(words.typeName).join(', ') ?? t('rules.everyType')}</Table.Td>
                <Table.Td>{m.addSupport.join(', ') || none}</Table.Td>
                <Table.Td>{m.priorityFloor ? words.priority(m.priorityFloor) : none}</Table.Td>
                <Table.Td>{m.requiresAuthorizationBy ?? none}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** "rules[3].lead" → "Rule R-025 · lead" when the document says which rule sits at that index. */
function describePath(path: string, doc: unknown): string {
  const m = /^(rules|modifiers)\[(\d+)\](?:\.(.*))?$/.exec(path);
  if (!m) return path || '(document)';
  const list = (doc as Record<string, unknown> | null)?.[m[1]];
  const id = Array.isArray(list) ? (list[Number(m[2])] as { id?: unknown } | undefined)?.id : undefined;
  const where = typeof id === 'string' ? `${id} (${m[1]}[${m[2]}])` : `${m[1]}[${m[2]}]`;
  return m[3] ? `${where} · ${m[3]}` : where;
}

function RuleSetEditor({ base, document, onCancel }: { base: number; document: unknown; onCancel: () => void }) {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const agencies = useAgencies();
  const types = useRequestTypes();
  const topics = useTopics();
  const publish = usePublishRules();
  const [text, setText] = useState(() => JSON.stringify(document, null, 2));
  const [note, setNote] = useState('');
  const parsed = useMemo((): { doc: unknown; error: string | null } => {
    try {
      return { doc: JSON.parse(text) as unknown, error: null };
    } catch (err) {
      return { doc: null, error: (err as Error).message };
    }
  }, [text]);
  const ready = agencies.data && types.data && topics.data;
  // The server's own validator (libs/domain), run here on every edit so problems show before publishing.
  const problems: FieldProblem[] = useMemo(() => {
    if (parsed.error || !ready) return [];
    return validateRuleSetDocument(parsed.doc, {
      agencies: agencies.data.map((a) => ({ code: a.code, country: a.country, role: a.role })),
      requestTypes: types.data.map((x) => ({ code: x.code, family: x.family })),
      topics: topics.data.map((x) => x.code),
    });
  }, [parsed, ready, agencies.data, types.data, topics.data]);
  const serverProblems =
    publish.error instanceof ApiProblem
      ? publish.error.errors.map((e) => ({ field: e.field.replace(/^document\.?/, ''), message: e.message ?? e.code }))
      : [];
  const shown = problems.length
    ? problems.map((p) => ({ field: p.field, message: fieldText(p.code, language) }))
    : serverProblems;

  const submit = () =>
    publish.mutate(
      { document: parsed.doc as Record<string, unknown>, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: (v) => {
          notifications.show({ color: 'green', message: t('rules.published', { version: v.version }) });
          void navigate(`/routing-rules/${v.version}`);
          onCancel();
        },
      },
    );

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="rules-editor-title">
      <Title order={2} size="h4" id="rules-editor-title" mb="xs">
        {t('rules.editorTitle', { version: base })}
      </Title>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!parsed.error && problems.length === 0) submit();
        }}
      >
        <Stack gap="sm">
          {shown.length > 0 && (
            <Alert color="red" title={t('rules.problems', { count: shown.length })} role="alert">
              <List size="sm" spacing={2}>
                {shown.map((p, i) => (
                  <List.Item key={i}>
                    <Text span fw={600} ff="monospace" size="sm">
                      {describePath(p.field, parsed.doc)}
                    </Text>
                    : {p.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <JsonInput
            label={t('rules.document')}
            description={t('rules.documentHint')}
            autosize
            minRows={16}
            maxRows={18}
            value={text}
            onChange={setText}
            error={parsed.error ? t('rules.notJson', { detail: parsed.error }) : undefined}
            styles={{ input: { fontFamily: 'ui-monospace, monospace', fontSize: 13 } }}
            spellCheck={false}
          />
          {publish.isError && serverProblems.length === 0 && <ErrorAlert error={publish.error} />}
          <TextInput
            label={t('rules.noteLabel')}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group>
            <Button
              type="submit"
              loading={publish.isPending}
              disabled={!!parsed.error || problems.length > 0 || !ready}
            >
              {t('rules.publish')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
