import { Button, Group, Menu, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { ApiProblem, problemText } from '../api/problem';
import { useI18n } from '../i18n/i18n';

export type SavedView = Schemas['SavedViewSchema'];
export type SavedViewList = SavedView['list'];

const viewKeys = { list: (list: SavedViewList) => ['saved-views', list] as const };

/** The signed-in user's saved views of one list (nobody else's: the server scopes them). */
export function useSavedViews(list: SavedViewList) {
  return useQuery({
    queryKey: viewKeys.list(list),
    queryFn: async () => (await unwrap(api.GET('/api/saved-views', { params: { query: { list } } }))).items,
  });
}

/** The address's parameters a view keeps: the list's own (filters, sort, order), nothing else. */
export function viewParams(params: URLSearchParams, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = params.get(k);
    if (v !== null && v !== '') out[k] = v;
  }
  return out;
}

/**
 * The "Views" menu of a list: save what is on screen (its filters and sort) under a name, open a saved view, or
 * delete one. Opening a view puts its parameters in the address, so it reloads and shares like any other.
 */
export function SavedViewsMenu({ list, keys }: { list: SavedViewList; keys: readonly string[] }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const views = useSavedViews(list);
  const [saving, setSaving] = useState(false);
  const [managing, setManaging] = useState(false);
  const [name, setName] = useState('');
  const invalidate = () => queryClient.invalidateQueries({ queryKey: viewKeys.list(list) });
  const save = useMutation({
    mutationFn: (viewName: string) =>
      unwrap(api.POST('/api/saved-views', { body: { list, name: viewName, params: viewParams(params, keys) } })),
    onSuccess: async (view) => {
      await invalidate();
      setSaving(false);
      notifications.show({ color: 'green', message: t('views.saved', { name: view.name }) });
    },
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) => unwrap(api.DELETE('/api/saved-views/{id}', { params: { path: { id: view.id } } })),
    onSuccess: () => invalidate(),
  });
  const open = (view: SavedView) => setParams(new URLSearchParams(view.params));
  // A name already taken says so in full; other refusals in the server's words for the field.
  const nameError = !save.error
    ? null
    : save.error instanceof ApiProblem && save.error.status === 409
      ? save.error.title
      : problemText(save.error, t('common.error'));

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default">{t('views.menu')}</Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            onClick={() => {
              save.reset();
              setName('');
              setSaving(true);
            }}
          >
            {t('views.save')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Label>{t('views.yours')}</Menu.Label>
          {(views.data ?? []).length === 0 && <Menu.Item disabled>{t('views.none')}</Menu.Item>}
          {(views.data ?? []).map((v) => (
            <Menu.Item key={v.id} onClick={() => open(v)}>
              {v.name}
            </Menu.Item>
          ))}
          {(views.data ?? []).length > 0 && (
            <>
              <Menu.Divider />
              <Menu.Item onClick={() => setManaging(true)}>{t('views.manage')}</Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>

      <Modal
        opened={saving}
        onClose={() => setSaving(false)}
        title={t('views.saveTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save.mutate(name.trim());
          }}
        >
          <Stack>
            <Text size="sm">{t('views.saveHint')}</Text>
            <TextInput
              label={t('views.name')}
              required
              maxLength={80}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaving(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                {t('views.saveConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal
        opened={managing}
        onClose={() => setManaging(false)}
        title={t('views.manageTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {(views.data ?? []).length === 0 ? (
          <Text c="dimmed">{t('views.none')}</Text>
        ) : (
          <Table verticalSpacing="xs">
            <Table.Tbody>
              {(views.data ?? []).map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>{v.name}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Button
                      size="compact-sm"
                      variant="light"
                      color="red"
                      loading={remove.isPending && remove.variables?.id === v.id}
                      onClick={() => remove.mutate(v)}
                      aria-label={t('views.deleteNamed', { name: v.name })}
                    >
                      {t('views.delete')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Modal>
    </>
  );
}
