import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiProblem } from '../api/problem';
import { LanguageSwitch } from '../shell/language-switch';
import { useI18n } from '../i18n/i18n';
import { useDocumentTitle } from '../common/use-document-title';
import { useSession } from './session';

export function SignInPage() {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('signIn.title'));
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() ? null : t('signIn.emailRequired')),
      password: (v) => (v ? null : t('signIn.passwordRequired')),
    },
  });
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (session.user) return <Navigate to={from} replace />;

  const submit = form.onSubmit(async ({ email, password }) => {
    setBusy(true);
    setProblem(null);
    try {
      await session.signIn(email.trim(), password);
      await navigate(from, { replace: true });
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err.title : t('common.error'));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" p="md" component="main" id="main">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%" radius="md">
        <Stack>
          <Stack gap={4}>
            <Text fw={700} c="ventanilla.8" size="sm">
              {t('app.name')}
            </Text>
            <Title order={1} size="h2">
              {t('signIn.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('signIn.intro')}
            </Text>
          </Stack>
          <LanguageSwitch />
          {session.expired && (
            <Alert color="yellow" role="status">
              {t('session.expired')}
            </Alert>
          )}
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <form onSubmit={submit} noValidate>
            <Stack>
              <TextInput
                label={t('signIn.email')}
                type="email"
                autoComplete="username"
                required
                {...form.getInputProps('email')}
              />
              <PasswordInput
                label={t('signIn.password')}
                autoComplete="current-password"
                required
                {...form.getInputProps('password')}
              />
              <Button type="submit" loading={busy} fullWidth>
                {t('signIn.submit')}
              </Button>
            </Stack>
          </form>
          <Text size="xs" c="dimmed">
            {t('signIn.demoHint')}{' '}
            <Anchor href="/api/docs" size="xs" underline="always">
              API
            </Anchor>
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
