import { Alert, Button, Card, Group, Modal, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap, type TranslatedKind, type TranslationView } from '../api/client';
import { fieldProblems, problemText } from '../api/problem';
import { useSession } from '../auth/session';
import { counted } from '../common/char-count';
import { useI18n } from '../i18n/i18n';
import { requestKeys, retryUnlessClientError } from '../requests/request-queries';

type Language = TranslationView['language'];

const translationKeys = { of: (requestId: string) => ['translations', requestId] as const };

/** The translations the caller may read (those of originals it may read), oldest first. */
export function useTranslations(requestId: string, enabled = true) {
  return useQuery({
    queryKey: translationKeys.of(requestId),
    queryFn: async () =>
      (await unwrap(api.GET('/api/requests/{id}/translations', { params: { path: { id: requestId } } }))).items,
    enabled,
    retry: retryUnlessClientError,
  });
}

function useAddTranslation(requestId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { of: { kind: TranslatedKind; id: string }; language: Language; text: string }) =>
      unwrap(api.POST('/api/requests/{id}/translations', { params: { path: { id: requestId } }, body })),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: translationKeys.of(requestId) }),
        client.invalidateQueries({ queryKey: requestKeys.timeline(requestId) }),
      ]),
  });
}

export interface TranslatedProps {
  requestId: string;
  kind: TranslatedKind;
  /** The answer or clarification id; the request id for `request` and `reply`. */
  id: string;
  /** The language the hub most likely translates into (the requester's). */
  into?: string | null;
}

/**
 * Beside an original: its translations by SRE-SSAN, each marked as such with its date (never in place of the
 * original), and for the hub a button to add one.
 */
export function Translated({ requestId, kind, id, into }: TranslatedProps) {
  const { t, dateTime } = useI18n();
  const { user } = useSession();
  const translations = useTranslations(requestId);
  const [editing, setEditing] = useState(false);
  const mine = (translations.data ?? []).filter((x) => x.of.kind === kind && x.of.id === id);
  const isHub = user?.role === 'hub_coordinator';
  if (mine.length === 0 && !isHub) return null;
  return (
    <Stack gap={4} mt={6}>
      {mine.map((x) => (
        <Card key={x.id} withBorder padding="xs" bg="gray.0" component="figure" m={0} data-testid="translation">
          <Text component="figcaption" size="xs" fw={600}>
            {t('translations.by', {
              language: t(x.language === 'en' ? 'translations.toEnglish' : 'translations.toSpanish'),
              date: dateTime(x.createdAt),
            })}
          </Text>
          <Text component="blockquote" lang={x.language} m={0} mt={2} size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {x.text}
          </Text>
        </Card>
      ))}
      {isHub && (
        <div>
          <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)}>
            {mine.length ? t('translations.addAnother') : t('translations.add')}
          </Button>
          <TranslationEditor
            opened={editing}
            requestId={requestId}
            kind={kind}
            id={id}
            into={into}
            onClose={() => setEditing(false)}
          />
        </div>
      )}
    </Stack>
  );
}

function TranslationEditor({
  opened,
  requestId,
  kind,
  id,
  into,
  onClose,
}: TranslatedProps & { opened: boolean; onClose: () => void }) {
  const { t, language } = useI18n();
  const add = useAddTranslation(requestId);
  const suggested: Language = into === 'en' || into === 'es' ? into : language === 'es' ? 'en' : 'es';
  const [target, setTarget] = useState<Language>(suggested);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (opened) {
      setText('');
      setErrors({});
      setTarget(suggested);
    }
  }, [opened, suggested]);
  const save = () => {
    if (!text.trim()) {
      setErrors({ text: t('action.reasonRequired') });
      return;
    }
    add.mutate(
      { of: { kind, id }, language: target, text: text.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('translations.saved') });
          onClose();
        },
        onError: (err) => {
          const byField = fieldProblems(err);
          setErrors(Object.keys(byField).length ? byField : { form: problemText(err, t('common.error')) });
        },
      },
    );
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('translations.editorTitle')}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          // A dialog is portalled out of the page, but React still bubbles its submit to any form around it.
          e.stopPropagation();
          save();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('translations.editorHint')}</Text>
          <div>
            <Text size="sm" fw={500} id="translation-language">
              {t('translations.language')}
            </Text>
            <SegmentedControl
              aria-labelledby="translation-language"
              value={target}
              onChange={(v) => setTarget(v as Language)}
              data={[
                { value: 'en', label: t('language.en') },
                { value: 'es', label: t('language.es') },
              ]}
            />
          </div>
          <Textarea
            label={t('translations.text')}
            withAsterisk
            autosize
            minRows={5}
            maxLength={20000}
            {...counted(text, 20000)}
            lang={target}
            value={text}
            error={errors.text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setErrors({});
            }}
          />
          {(errors.form || errors.language || errors['of.id'] || errors['of.kind']) && (
            <Alert color="red" role="alert">
              {errors.form ?? errors.language ?? errors['of.id'] ?? errors['of.kind']}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending}>
              {t('translations.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
