import { Alert, Button, Group, List, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type RequestView } from '../api/client';
import { ApiProblem } from '../api/problem';
import { counted } from '../common/char-count';
import { useI18n } from '../i18n/i18n';
import { retryUnlessClientError, useRequestAction } from '../requests/request-queries';

/** The other active hub coordinators (the server leaves the caller out). */
export function useHubColleagues(enabled: boolean) {
  return useQuery({
    queryKey: ['hub', 'colleagues'],
    queryFn: async () => (await unwrap(api.GET('/api/hub/colleagues'))).items,
    enabled,
    retry: retryUnlessClientError,
    staleTime: 60_000,
  });
}

export interface HandOverDialogProps {
  request: RequestView;
  opened: boolean;
  onClose: () => void;
  onDone: (colleagueName: string) => void;
}

/**
 * The claimant picks a colleague and writes where things stand; the dialog says what will happen (who holds
 * the request, who is told) and the button names the colleague, so the confirmation is the last click.
 */
export function HandOverDialog({ request, opened, onClose, onDone }: HandOverDialogProps) {
  const { t } = useI18n();
  const colleagues = useHubColleagues(opened);
  const act = useRequestAction();
  const [colleague, setColleague] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<{ colleague?: boolean; note?: boolean }>({});
  const [error, setError] = useState<string | null>(null);
  const chosen = colleagues.data?.find((c) => c.id === colleague) ?? null;

  const close = () => {
    setColleague(null);
    setNote('');
    setMissing({});
    setError(null);
    onClose();
  };
  const submit = () => {
    const gaps = { colleague: !chosen, note: !note.trim() };
    if (gaps.colleague || gaps.note) {
      setMissing(gaps);
      return;
    }
    setError(null);
    act.mutate(
      { request, action: 'hand_over', reason: note, extra: { colleague: chosen!.id } },
      {
        onSuccess: () => {
          const name = chosen!.displayName;
          close();
          onDone(name);
        },
        onError: (err) =>
          setError(err instanceof ApiProblem ? (err.errors[0]?.message ?? err.title) : t('common.error')),
      },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('handOver.title')}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack>
          <Text size="sm">{t('handOver.intro')}</Text>
          <Select
            label={t('handOver.colleague')}
            placeholder={colleagues.isPending ? t('app.loading') : t('handOver.pick')}
            withAsterisk
            data-autofocus
            data={(colleagues.data ?? []).map((c) => ({ value: c.id, label: `${c.displayName} · ${c.email}` }))}
            value={colleague}
            onChange={(v) => {
              setColleague(v);
              setMissing((m) => ({ ...m, colleague: false }));
            }}
            nothingFoundMessage={t('handOver.none')}
            searchable
            error={missing.colleague ? t('handOver.colleagueRequired') : undefined}
          />
          {colleagues.isSuccess && colleagues.data.length === 0 && <Alert color="yellow">{t('handOver.none')}</Alert>}
          <Textarea
            label={t('handOver.note')}
            description={t('handOver.noteHelp')}
            withAsterisk
            autosize
            minRows={3}
            maxLength={5000}
            {...counted(note, 5000)}
            value={note}
            onChange={(e) => {
              setNote(e.currentTarget.value);
              setMissing((m) => ({ ...m, note: false }));
            }}
            error={missing.note ? t('action.reasonRequired') : undefined}
          />
          {chosen && (
            <List size="sm" spacing={4} aria-label={t('confirm.intro')}>
              <List.Item>{t('handOver.effect.holder', { name: chosen.displayName })}</List.Item>
              <List.Item>{t('handOver.effect.told')}</List.Item>
              <List.Item>{t('handOver.effect.unchanged')}</List.Item>
            </List>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={act.isPending}>
              {chosen ? t('handOver.confirmTo', { name: chosen.displayName }) : t('handOver.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
