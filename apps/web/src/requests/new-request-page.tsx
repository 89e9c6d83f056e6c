import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { RequestView } from '../api/client';
import { isNotFound } from '../api/problem';
import { ErrorAlert } from '../common/error-alert';
import { NotFoundPage } from '../common/not-found-page';
import { Page } from '../common/page';
import { useI18n } from '../i18n/i18n';
import { RequestForm } from './request-form';
import { useRequest } from './request-queries';

/** After this long without a folio the screen stops waiting and says where the folio will appear. */
const REGISTRATION_PATIENCE_MS = 60_000;

export function NewRequestPage() {
  const { t } = useI18n();
  const [submitted, setSubmitted] = useState<RequestView | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <Page title={t('form.newTitle')}>
      {submitted ? (
        <Registration
          id={submitted.id}
          onAnother={() => {
            setSubmitted(null);
            setFormKey((k) => k + 1);
          }}
        />
      ) : (
        <RequestForm key={formKey} onSubmitted={setSubmitted} />
      )}
    </Page>
  );
}

export function EditDraftPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const draft = useRequest(id);
  const [submitted, setSubmitted] = useState<RequestView | null>(null);
  if (submitted)
    return (
      <Page title={t('form.editTitle')}>
        <Registration id={submitted.id} />
      </Page>
    );
  if (draft.isPending) return <Text p="lg">{t('app.loading')}</Text>;
  if (isNotFound(draft.error)) return <NotFoundPage message={t('notFound.request')} />;
  if (draft.isError)
    return (
      <Stack p="lg">
        <ErrorAlert error={draft.error} />
      </Stack>
    );
  if (draft.data.status !== 'draft') return <NotFoundPage message={t('notFound.request')} />;
  return (
    <Page title={t('form.editTitle')}>
      <RequestForm draft={draft.data} onSubmitted={setSubmitted} />
    </Page>
  );
}

/** Submitted: follow the request until the worker registers it and the folio exists, then show the folio. */
function Registration({ id, onAnother }: { id: string; onAnother?: () => void }) {
  const { t } = useI18n();
  const [patient, setPatient] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => setPatient(false), REGISTRATION_PATIENCE_MS);
    return () => clearTimeout(timer);
  }, []);
  const request = useRequest(id, { poll: (r) => (r?.folio || !patient ? false : 1000) });
  const folio = request.data?.folio;
  return (
    <Stack maw={720}>
      <div role="status" aria-live="polite">
        {folio ? (
          <Alert color="green" title={t('submitted.registered', { folio })}>
            <Text size="xl" fw={700} data-testid="folio">
              {folio}
            </Text>
          </Alert>
        ) : patient ? (
          <Group>
            <Loader size="sm" aria-hidden />
            <Text>{t('submitted.registering')}</Text>
          </Group>
        ) : (
          <Alert color="yellow">{t('submitted.slow')}</Alert>
        )}
      </div>
      <Group>
        <Button component={Link} to={`/requests/${id}`}>
          {t('submitted.view')}
        </Button>
        {onAnother && (
          <Button variant="default" onClick={onAnother}>
            {t('submitted.another')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
