import { Select, type SelectProps } from '@mantine/core';
import { REQUEST_STATUSES } from '@ventanilla/domain/request-status.js';
import { nameOf, statusLabel } from '../common/labels';
import { useRequestTypes } from '../common/reference';
import { useI18n } from '../i18n/i18n';

type FilterProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null | undefined;
  onChange: (value: string | null) => void;
};

/** "Any status" or one status, in the reader's language: the request list's and the search's filter. */
export function StatusFilter({ value, onChange, ...props }: FilterProps) {
  const { t, language } = useI18n();
  return (
    <Select
      label={t('list.status')}
      clearable
      placeholder={t('common.all')}
      {...props}
      value={value ?? null}
      onChange={onChange}
      data={REQUEST_STATUSES.map((s) => ({ value: s, label: statusLabel(s, language) }))}
    />
  );
}

/** "Any type" or one request type (GET /api/reference/request-types), searchable by its name. */
export function RequestTypeFilter({ value, onChange, ...props }: FilterProps) {
  const { t, language } = useI18n();
  const types = useRequestTypes();
  return (
    <Select
      label={t('list.type')}
      clearable
      searchable
      placeholder={t('common.all')}
      {...props}
      value={value ?? null}
      onChange={onChange}
      data={(types.data ?? []).map((x) => ({ value: x.code, label: nameOf(x, language, x.code) }))}
    />
  );
}
