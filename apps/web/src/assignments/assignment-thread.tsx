import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import type { AssignmentView } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** The agency's questions to the hub with the hub's answers, and its answers (partial, then final), in order. */
export function AssignmentThread({ assignment: a }: { assignment: AssignmentView }) {
  const { t, dateTime } = useI18n();
  const entries = [
    ...(a.clarifications ?? []).map((c) => ({ at: c.askedAt, kind: 'question' as const, c })),
    ...(a.responses ?? []).map((r) => ({ at: r.createdAt, kind: 'response' as const, r })),
  ].sort((x, y) => x.at.localeCompare(y.at));
  if (entries.length === 0) return null;
  return (
    <Stack gap="xs">
      {entries.map((e) =>
        e.kind === 'question' ? (
          <Card key={e.c.id} withBorder padding="xs" bg="orange.0">
            <Text size="xs" c="dimmed">
              {t('assignment.question')} · <time dateTime={e.c.askedAt}>{dateTime(e.c.askedAt)}</time>
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {e.c.question}
            </Text>
            {e.c.answer ? (
              <>
                <Text size="xs" c="dimmed" mt={6}>
                  {t('assignment.hubAnswer')} · <time dateTime={e.c.answeredAt ?? ''}>{dateTime(e.c.answeredAt)}</time>
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {e.c.answer}
                </Text>
              </>
            ) : (
              <Text size="sm" c="var(--vt-caution)" mt={4}>
                {t('assignment.waitingForHub')}
              </Text>
            )}
          </Card>
        ) : (
          <Card key={e.r.id} withBorder padding="xs" bg={e.r.final ? 'green.0' : undefined}>
            <Group gap="xs">
              <Badge size="sm" variant="light" color={e.r.final ? 'green' : 'gray'} tt="none" c="dark.9">
                {e.r.final ? t('assignment.finalAnswer') : t('assignment.partialAnswer')}
              </Badge>
              <Text size="xs" c="dimmed">
                <time dateTime={e.r.createdAt}>{dateTime(e.r.createdAt)}</time>
              </Text>
            </Group>
            <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
              {e.r.text}
            </Text>
          </Card>
        ),
      )}
    </Stack>
  );
}
