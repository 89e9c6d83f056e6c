import { Box, Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n';

/**
 * The search box in the header: Enter opens the results page. On a phone the header has no room for a box, so a
 * magnifier opens the results page, whose own box takes the words.
 */
export function HeaderSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  return (
    <>
      <Box
        component="form"
        role="search"
        visibleFrom="sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (q.trim()) void navigate(`/search?q=${encodeURIComponent(q.trim())}`);
        }}
      >
        <TextInput
          size="xs"
          w={{ base: 160, md: 240 }}
          type="search"
          aria-label={t('search.box')}
          placeholder={t('search.boxPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
      </Box>
      <Button
        component={Link}
        to="/search"
        hiddenFrom="sm"
        variant="subtle"
        size="xs"
        px={6}
        aria-label={t('search.box')}
        title={t('search.box')}
      >
        <svg
          width="18"
          height="18"
          viewBox="0 0 24 24"
          aria-hidden="true"
          style={{ flexShrink: 0 }}
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <circle cx="11" cy="11" r="7" />
          <path d="m20 20-4.2-4.2" />
        </svg>
      </Button>
    </>
  );
}
