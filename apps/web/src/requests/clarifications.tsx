import { Button, Card, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { RequestView } from '../api/client';
import { ApiProblem } from '../api/problem';
import { useI18n } from '../i18n/i18n';
import { Translated } from '../translations/translations';
import { useRequestAction } from './request-queries';

/** The hub's questions (prevenciones) and the requester's answers; the open one can be answered here. */
export function Clarifications({ request }: { request: RequestView }) {
  const { t, dateTime } = useI18n();
  const act = useRequestAction();
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const items = request.clarifications ?? [];
  const canAnswer = request.availableActions.includes('answer_clarification');
  if (items.length === 0) return null;

  const send = () => {
    if (!answer.trim()) {
      setError(t('action.reasonRequired'));
      return;
    }
    act.mutate(
      { request, action: 'answer_clarification', reason: answer },
      {
        onSuccess: () => {
          setAnswer('');
          notifications.show({
            color: 'green',
            message: t('action.done', { action: t('action.answer_clarification') }),
          });
        },
        onError: (err) =>
          setError(err instanceof ApiProblem ? (err.errors[0]?.message ?? err.title) : t('common.error')),
      },
    );
  };

  return (
    <Stack gap="sm">
      {items.map((c) => (
        <Card key={c.id} withBorder padding="sm">
          <Text size="xs" c="dimmed">
            {t('detail.clarification.question')} · <time dateTime={c.askedAt}>{dateTime(c.askedAt)}</time>
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{c.question}</Text>
          {c.answer ? (
            <>
              <Text size="xs" c="dimmed" mt="xs">
                {t('detail.clarification.answer')} · <time dateTime={c.answeredAt ?? ''}>{dateTime(c.answeredAt)}</time>
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{c.answer}</Text>
            </>
          ) : (
            <Text size="sm" c="var(--vt-caution)" mt="xs">
              {t('detail.clarification.unanswered')}
            </Text>
          )}
          <Translated requestId={request.id} kind="clarification" id={c.id} into={request.language} />
        </Card>
      ))}
      {canAnswer && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <Stack gap="xs">
            <Textarea
              label={t('detail.clarification.yourAnswer')}
              withAsterisk
              autosize
              minRows={3}
              value={answer}
              error={error ?? undefined}
              onChange={(e) => {
                setAnswer(e.currentTarget.value);
                setError(null);
              }}
            />
            <div>
              <Button type="submit" loading={act.isPending}>
                {t('detail.clarification.send')}
              </Button>
            </div>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
