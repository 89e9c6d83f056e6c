import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/** "1 234 / 20 000" under a field with a size limit; it turns to the error colour past 90 %. */
export function CharCount({ value, max }: { value: string; max: number }) {
  const { t, locale } = useI18n();
  const n = new Intl.NumberFormat(locale);
  const near = value.length >= max * 0.9;
  return (
    <Text
      size="xs"
      ta="right"
      mt={2}
      c={near ? 'var(--mantine-color-error)' : 'dimmed'}
      aria-live={near ? 'polite' : undefined}
      data-testid="char-count"
    >
      {t('common.charCount', { count: n.format(value.length), max: n.format(max) })}
    </Text>
  );
}

/** Props for a Mantine text field: the counter under it (the limit itself stays the caller's to enforce). */
export function counted(value: string, max: number | undefined) {
  if (!max) return {};
  return {
    inputContainer: (children: ReactNode) => (
      <>
        {children}
        <CharCount value={value} max={max} />
      </>
    ),
  };
}
