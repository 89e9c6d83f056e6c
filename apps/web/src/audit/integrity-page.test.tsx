import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Language } from '../i18n/language';
import { serverAnswers } from '../test/setup';
import { renderScreen } from '../test/render';
import { Exports } from './integrity-page';

const TEXT: Record<Language, Record<string, string>> = {
  en: { folio: 'Folio', csv: 'CSV: one row per event', download: 'Download the export (CSV)', unknown: 'No request' },
  es: {
    folio: 'Folio',
    csv: 'CSV: una fila por evento',
    download: 'Descargar la exportación (CSV)',
    unknown: 'Ninguna solicitud',
  },
};

const folioField = (label: string) => screen.getByLabelText(label, { exact: false, selector: 'input' });

describe.each<Language>(['en', 'es'])('the audit export (%s)', (language) => {
  const text = TEXT[language];

  it('exports one folio as CSV', async () => {
    serverAnswers.handle = () =>
      new Response(JSON.stringify({ items: [{ id: 'e1' }], nextCursor: null }), {
        headers: { 'content-type': 'application/json' },
      });
    renderScreen(<Exports />, language);
    await userEvent.type(folioField(text.folio), ' SSAN-2026-000123 ');
    await userEvent.click(screen.getByRole('radio', { name: new RegExp(text.csv) }));
    const link = screen.getByRole('link', { name: text.download });
    expect(link).toHaveAttribute('href', '/api/audit/export?folio=SSAN-2026-000123&format=csv');
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(new URL((vi.mocked(fetch).mock.calls[0][0] as Request).url).search).toBe('?folio=SSAN-2026-000123&limit=1');
    expect(folioField(text.folio)).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('says so when no request has the folio, before any download', async () => {
    serverAnswers.handle = () =>
      new Response(JSON.stringify({ items: [], nextCursor: null }), {
        headers: { 'content-type': 'application/json' },
      });
    renderScreen(<Exports />, language);
    await userEvent.type(folioField(text.folio), 'SSAN-1999-000001');
    await userEvent.tab();
    await waitFor(() =>
      expect(folioField(text.folio)).toHaveAccessibleDescription(expect.stringContaining(text.unknown)),
    );
  });
});
