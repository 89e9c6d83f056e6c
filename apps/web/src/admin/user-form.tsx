import { Alert, Button, Group, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { ROLES, type Role } from '@ventanilla/domain/roles.js';
import { accountAgencyProblem, type AccountAgency } from '@ventanilla/domain/user-accounts.js';
import { useMemo, useState } from 'react';
import type { Agency, UserView } from '../api/client';
import { fieldProblems, problemText } from '../api/problem';
import { fieldText } from '../common/field-text';
import { roleLabel } from '../common/labels';
import { useI18n } from '../i18n/i18n';
import type { Language } from '../i18n/language';

export const PASSWORD_MIN_LENGTH = 12;

export interface UserFormValues {
  email: string;
  displayName: string;
  role: Role;
  agency: string | null;
  language: Language;
  password: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The checks the server makes on an account, with its words: e-mail, name, the agency the role speaks for
 * (the same rule, from libs/domain), and the password policy. Field → message; empty when all is well.
 */
export function checkUser(
  v: UserFormValues,
  agencies: readonly Agency[],
  language: Language,
  mode: 'create' | 'edit',
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (mode === 'create') {
    if (!v.email.trim()) errors.email = fieldText('required', language);
    else if (!EMAIL.test(v.email.trim())) errors.email = fieldText('isEmail', language);
    if (v.password && v.password.length < PASSWORD_MIN_LENGTH)
      errors.password = fieldText('minLength', language, { min: PASSWORD_MIN_LENGTH });
  }
  if (!v.displayName.trim()) errors.displayName = fieldText('required', language);
  const byCode = new Map<string, AccountAgency>(agencies.map((a) => [a.code, a]));
  const problem = accountAgencyProblem(v.role, v.agency, byCode);
  if (problem) errors.agency = fieldText(problem, language, { value: v.agency });
  return errors;
}

export interface UserFormProps {
  mode: 'create' | 'edit';
  user?: UserView;
  agencies: readonly Agency[];
  busy: boolean;
  /** The server's refusal, if any: field messages go under their fields. */
  error: unknown;
  onCancel: () => void;
  onSubmit: (values: UserFormValues) => void;
}

export function UserForm({ mode, user, agencies, busy, error, onCancel, onSubmit }: UserFormProps) {
  const { t, language } = useI18n();
  const [values, setValues] = useState<UserFormValues>({
    email: user?.email ?? '',
    displayName: user?.displayName ?? '',
    role: user?.role ?? 'liaison',
    agency: user?.agency ?? null,
    language: user?.language ?? 'en',
    password: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const serverErrors = useMemo(() => fieldProblems(error), [error]);
  const shown = { ...serverErrors, ...errors };
  const byCode = useMemo(() => new Map<string, AccountAgency>(agencies.map((a) => [a.code, a])), [agencies]);
  // Only the agencies the chosen role may speak for.
  const agencyOptions = agencies
    .filter((a) => accountAgencyProblem(values.role, a.code, byCode) === null)
    .map((a) => ({ value: a.code, label: `${a.code} · ${language === 'es' ? a.nameEs : a.nameEn}` }));
  const noAgency = values.role === 'auditor' || values.role === 'admin';
  const set = <K extends keyof UserFormValues>(k: K, v: UserFormValues[K]) => {
    setValues((old) => ({ ...old, [k]: v }));
    setErrors({});
  };
  const unfielded = error && Object.keys(serverErrors).length === 0 ? problemText(error, t('common.error')) : null;

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const found = checkUser(values, agencies, language, mode);
        setErrors(found);
        if (Object.keys(found).length === 0) onSubmit(values);
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t('users.email')}
          type="email"
          withAsterisk={mode === 'create'}
          readOnly={mode === 'edit'}
          value={values.email}
          onChange={(e) => set('email', e.currentTarget.value)}
          error={shown.email}
          data-autofocus={mode === 'create' ? true : undefined}
        />
        <TextInput
          label={t('users.displayName')}
          withAsterisk
          maxLength={200}
          value={values.displayName}
          onChange={(e) => set('displayName', e.currentTarget.value)}
          error={shown.displayName}
        />
        <Select
          label={t('users.role')}
          withAsterisk
          allowDeselect={false}
          data={ROLES.map((r) => ({ value: r, label: roleLabel(r, language) }))}
          value={values.role}
          onChange={(v) => {
            const role = (v ?? 'liaison') as Role;
            setValues((old) => ({
              ...old,
              role,
              // Keep the agency only if it still fits the new role.
              agency: old.agency && accountAgencyProblem(role, old.agency, byCode) === null ? old.agency : null,
            }));
            setErrors({});
          }}
          error={shown.role}
        />
        <Select
          label={t('users.agency')}
          description={noAgency ? t('users.noAgency') : undefined}
          withAsterisk={!noAgency}
          disabled={noAgency}
          searchable
          clearable
          data={agencyOptions}
          value={values.agency}
          onChange={(v) => set('agency', v)}
          error={shown.agency}
          nothingFoundMessage={t('common.noMatch')}
        />
        <Select
          label={t('users.language')}
          allowDeselect={false}
          data={[
            { value: 'en', label: t('language.en') },
            { value: 'es', label: t('language.es') },
          ]}
          value={values.language}
          onChange={(v) => set('language', (v ?? 'en') as Language)}
        />
        {mode === 'create' && (
          <PasswordInput
            label={t('users.password')}
            description={t('users.passwordHint', { min: PASSWORD_MIN_LENGTH })}
            value={values.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={shown.password}
            autoComplete="new-password"
          />
        )}
        {unfielded && (
          <Alert color="red" role="alert">
            {unfielded}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {mode === 'create' ? t('users.create') : t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
