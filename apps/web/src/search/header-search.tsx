import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n';

/** The search box in the header: Enter opens the results page. */
export function HeaderSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (q.trim()) void navigate(`/search?q=${encodeURIComponent(q.trim())}`);
      }}
    >
      <TextInput
        size="xs"
        w={{ base: 140, md: 240 }}
        type="search"
        aria-label={t('search.box')}
        placeholder={t('search.boxPlaceholder')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
    </form>
  );
}
