import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { ApiProblem, fieldProblems } from '../api/problem';
import { useDocumentTitle } from '../common/use-document-title';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from '../shell/language-switch';
import { SESSION_KEY, useSession } from './session';

/** The server's rule (PASSWORD_MIN_LENGTH): checked here too, so the user learns it before sending. */
const MIN_LENGTH = 12;

/**
 * Setting one's own password: from the menu at any time, or — `forced` — right after signing in with a
 * password someone else chose (an administrator's one-time password, the demo password on a shared start),
 * when nothing else opens until it is done. Other sessions of the user end.
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useI18n();
  const { user, signOut } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t(forced ? 'password.forcedTitle' : 'password.title'));
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : t('password.currentRequired')),
      newPassword: (v) => (v.length >= MIN_LENGTH ? null : t('password.tooShort', { min: MIN_LENGTH })),
      confirm: (v, values) => (v === values.newPassword ? null : t('password.mismatch')),
    },
  });

  const submit = form.onSubmit(async ({ currentPassword, newPassword }) => {
    setBusy(true);
    setProblem(null);
    try {
      const { user: updated } = await unwrap(
        api.POST('/api/auth/password', { body: { currentPassword, newPassword } }),
      );
      queryClient.setQueryData(SESSION_KEY, updated);
      form.reset();
      notifications.show({ color: 'green', message: t('password.changed') });
      if (forced) await navigate('/', { replace: true });
    } catch (err) {
      // The server's words, capitalised to stand alone under their field.
      const fields: Array<[string, string]> = Object.entries(fieldProblems(err)).map(([f, m]) => [
        f,
        m.charAt(0).toUpperCase() + m.slice(1),
      ]);
      if (fields.length > 0) form.setErrors(Object.fromEntries(fields));
      else setProblem(err instanceof ApiProblem ? err.title : t('common.error'));
    } finally {
      setBusy(false);
    }
  });

  const body = (
    <Stack maw={480}>
      <Title order={1} size="h2">
        {t(forced ? 'password.forcedTitle' : 'password.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t(forced ? 'password.forcedIntro' : 'password.intro', { min: MIN_LENGTH })}
      </Text>
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack>
          <PasswordInput
            label={t('password.current')}
            autoComplete="current-password"
            required
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label={t('password.new')}
            description={t('password.rule', { min: MIN_LENGTH })}
            autoComplete="new-password"
            required
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label={t('password.confirm')}
            autoComplete="new-password"
            required
            {...form.getInputProps('confirm')}
          />
          <Group>
            <Button type="submit" loading={busy}>
              {t('password.submit')}
            </Button>
            {forced && (
              <Button
                variant="default"
                onClick={() => void signOut().then(() => navigate('/sign-in', { replace: true }))}
              >
                {t('app.signOut')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
  if (!forced) return body;
  return (
    <Center mih="100vh" p="md" component="main" id="main">
      <Paper withBorder shadow="sm" p="xl" w={520} maw="100%" radius="md">
        <Stack>
          <Text fw={700} c="ventanilla.8" size="sm">
            {t('app.name')} · {user?.email}
          </Text>
          <LanguageSwitch />
          {body}
        </Stack>
      </Paper>
    </Center>
  );
}
