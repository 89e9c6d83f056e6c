import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Grid,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ROLES } from '@ventanilla/domain/roles.js';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { UserView } from '../api/client';
import { problemText } from '../api/problem';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../common/error-alert';
import { SortableTh, useListSort, type SortDefaults } from '../common/list-sort';
import { SavedViewsMenu } from '../common/saved-views';
import { roleLabel } from '../common/labels';
import { Page } from '../common/page';
import { useAgencies } from '../common/reference';
import { useUrlParam, useUrlText } from '../common/url-params';
import { useI18n } from '../i18n/i18n';
import { useCreateUser, useResetPassword, useUpdateUser, useUsers } from './admin-queries';
import { UserForm, type UserFormValues } from './user-form';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: UserView }
  | { kind: 'disable'; user: UserView }
  | { kind: 'reset'; user: UserView }
  | { kind: 'password'; user: UserView; password: string };

/** The account columns that sort (the API's keys), with the direction each takes first. */
const USER_SORTS = {
  email: 'asc',
  name: 'asc',
  role: 'asc',
  agency: 'asc',
  lastSignIn: 'desc',
  created: 'desc',
} as const satisfies SortDefaults<string>;
/** What the list's address holds, and a saved view keeps. */
const USER_KEYS = ['q', 'role', 'disabled', 'sort', 'order'] as const;

/** Accounts: create, edit, disable or enable, reset a password (shown once). Filters and sort live in the address. */
export function UsersPage() {
  const { t, language, shortDateTime } = useI18n();
  const { user: me } = useSession();
  const agencies = useAgencies();
  const [params] = useSearchParams();
  const sort = useListSort(USER_SORTS, 'email');
  const [q, setQ] = useUrlText('q');
  const setParam = useUrlParam();
  const role = params.get('role');
  const disabledParam = params.get('disabled');
  const state = disabledParam === 'true' ? 'disabled' : disabledParam === 'false' ? 'active' : 'all';
  const filters = {
    q: params.get('q') || undefined,
    role: role ?? undefined,
    disabled: state === 'all' ? undefined : state === 'disabled',
    ...sort.query,
  };
  const list = useUsers(filters);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const create = useCreateUser();
  const update = useUpdateUser();
  const reset = useResetPassword();
  const close = () => {
    setDialog(null);
    create.reset();
    update.reset();
    reset.reset();
  };

  const submitCreate = (v: UserFormValues) =>
    create.mutate(
      {
        email: v.email.trim(),
        displayName: v.displayName.trim(),
        role: v.role,
        agency: v.agency,
        language: v.language,
        ...(v.password ? { password: v.password } : {}),
      },
      {
        onSuccess: (res) => {
          notifications.show({ color: 'green', message: t('users.created', { email: res.user.email }) });
          if (res.oneTimePassword) setDialog({ kind: 'password', user: res.user, password: res.oneTimePassword });
          else close();
        },
      },
    );
  const submitEdit = (user: UserView, v: UserFormValues) =>
    update.mutate(
      { user, patch: { displayName: v.displayName.trim(), role: v.role, agency: v.agency, language: v.language } },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('users.saved', { email: user.email }) });
          close();
        },
      },
    );
  const setDisabled = (user: UserView, disabled: boolean) =>
    update.mutate(
      { user, patch: { disabled } },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: t(disabled ? 'users.disabledDone' : 'users.enabledDone', { email: user.email }),
          });
          close();
        },
        onError: (err) =>
          notifications.show({ color: 'red', title: t('common.error'), message: problemText(err, t('common.error')) }),
      },
    );

  return (
    <Page
      title={t('users.title')}
      actions={
        <Group gap="xs">
          <SavedViewsMenu list="users" keys={USER_KEYS} />
          <Button onClick={() => setDialog({ kind: 'create' })}>{t('users.new')}</Button>
        </Group>
      }
    >
      <Grid align="flex-end" component="section" aria-label={t('list.filters')}>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <TextInput label={t('users.search')} type="search" value={q} onChange={(e) => setQ(e.currentTarget.value)} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
          <Select
            label={t('users.role')}
            clearable
            placeholder={t('common.all')}
            data={ROLES.map((r) => ({ value: r, label: roleLabel(r, language) }))}
            value={role}
            onChange={(v) => setParam('role', v)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
          <Select
            label={t('users.state')}
            allowDeselect={false}
            data={[
              { value: 'all', label: t('common.all') },
              { value: 'active', label: t('users.active') },
              { value: 'disabled', label: t('users.disabled') },
            ]}
            value={state}
            onChange={(v) => setParam('disabled', v === 'disabled' ? 'true' : v === 'active' ? 'false' : null)}
          />
        </Grid.Col>
      </Grid>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Text c="dimmed">{t('app.loading')}</Text>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('users.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={980}>
          <Table striped verticalSpacing="xs">
            <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
              {t('common.count', { count: items.length })}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <SortableTh sort={sort} column="email">
                  {t('users.person')}
                </SortableTh>
                <SortableTh sort={sort} column="role">
                  {t('users.role')}
                </SortableTh>
                <SortableTh sort={sort} column="agency">
                  {t('users.agency')}
                </SortableTh>
                <Table.Th scope="col">{t('users.state')}</Table.Th>
                <SortableTh sort={sort} column="lastSignIn">
                  {t('users.lastSignIn')}
                </SortableTh>
                <Table.Th scope="col">{t('list.col.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {u.displayName}
                    </Text>
                    <Text size="sm">{u.email}</Text>
                  </Table.Td>
                  <Table.Td>{roleLabel(u.role, language)}</Table.Td>
                  <Table.Td>{u.agency ?? t('common.none')}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={u.disabled ? 'red' : 'green'}
                      tt="none"
                      c="dark.9"
                      styles={{ label: { overflow: 'visible' } }}
                    >
                      {u.disabled ? t('users.disabled') : t('users.active')}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {u.lastSignInAt ? shortDateTime(u.lastSignInAt) : t('users.never')}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => setDialog({ kind: 'edit', user: u })}
                        aria-label={t('users.editNamed', { name: u.displayName })}
                      >
                        {t('users.edit')}
                      </Button>
                      {u.id !== me?.id &&
                        (u.disabled ? (
                          <Button
                            size="compact-sm"
                            variant="default"
                            loading={update.isPending && update.variables?.user.id === u.id}
                            onClick={() => setDisabled(u, false)}
                            aria-label={t('users.enableNamed', { name: u.displayName })}
                          >
                            {t('users.enable')}
                          </Button>
                        ) : (
                          <Button
                            size="compact-sm"
                            variant="light"
                            color="red"
                            onClick={() => setDialog({ kind: 'disable', user: u })}
                            aria-label={t('users.disableNamed', { name: u.displayName })}
                          >
                            {t('users.disable')}
                          </Button>
                        ))}
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setDialog({ kind: 'reset', user: u })}
                        aria-label={t('users.resetNamed', { name: u.displayName })}
                      >
                        {t('users.reset')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage && (
        <Group>
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Group>
      )}

      <Modal
        opened={dialog?.kind === 'create'}
        onClose={close}
        title={t('users.new')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <UserForm
          mode="create"
          agencies={agencies.data ?? []}
          busy={create.isPending}
          error={create.error}
          onCancel={close}
          onSubmit={submitCreate}
        />
      </Modal>
      <Modal
        opened={dialog?.kind === 'edit'}
        onClose={close}
        title={t('users.edit')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {dialog?.kind === 'edit' && (
          <UserForm
            mode="edit"
            user={dialog.user}
            agencies={agencies.data ?? []}
            busy={update.isPending}
            error={update.error}
            onCancel={close}
            onSubmit={(v) => submitEdit(dialog.user, v)}
          />
        )}
      </Modal>
      <Modal
        opened={dialog?.kind === 'disable'}
        onClose={close}
        title={t('users.disable')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {dialog?.kind === 'disable' && (
          <Stack>
            <Text>{t('users.disableConfirm', { name: dialog.user.displayName, email: dialog.user.email })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button color="red" loading={update.isPending} onClick={() => setDisabled(dialog.user, true)}>
                {t('users.disable')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal
        opened={dialog?.kind === 'reset'}
        onClose={close}
        title={t('users.reset')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {dialog?.kind === 'reset' && (
          <Stack>
            <Text>{t('users.resetConfirm', { name: dialog.user.displayName, email: dialog.user.email })}</Text>
            {reset.isError && (
              <Alert color="red" role="alert">
                {problemText(reset.error, t('common.error'))}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button
                loading={reset.isPending}
                onClick={() =>
                  reset.mutate(dialog.user, {
                    onSuccess: (res) =>
                      setDialog({ kind: 'password', user: res.user, password: res.oneTimePassword ?? '' }),
                  })
                }
              >
                {t('users.reset')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal
        opened={dialog?.kind === 'password'}
        onClose={close}
        title={t('users.oneTimeTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {dialog?.kind === 'password' && (
          <Stack>
            <Text>{t('users.oneTimeBody', { email: dialog.user.email })}</Text>
            <Code block fz="lg" data-testid="one-time-password">
              {dialog.password}
            </Code>
            <Group justify="flex-end">
              <CopyButton value={dialog.password}>
                {({ copied, copy }) => (
                  <Button variant="default" onClick={copy}>
                    {copied ? t('users.copied') : t('users.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={close}>{t('users.done')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Page>
  );
}
