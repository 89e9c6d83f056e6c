import { SegmentedControl } from '@mantine/core';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import type { Language } from '../i18n/language';

/** English / Español, each named in its own language so anyone can find theirs. */
export function LanguageSwitch({ short = false }: { short?: boolean }) {
  const { language, t } = useI18n();
  const { changeLanguage } = useSession();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={language}
      onChange={(v) => changeLanguage(v as Language)}
      data={[
        {
          value: 'en',
          label: (
            <span lang="en" title="English">
              {short ? 'EN' : 'English'}
            </span>
          ),
        },
        {
          value: 'es',
          label: (
            <span lang="es" title="Español">
              {short ? 'ES' : 'Español'}
            </span>
          ),
        },
      ]}
    />
  );
}
