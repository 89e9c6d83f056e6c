import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Language } from '../i18n/language';
import { claimedRequest, HUB_USER } from '../test/fixtures';
import { renderScreen } from '../test/render';
import { serverAnswers } from '../test/setup';
import { SearchPage } from './search-page';

const TEXT: Record<Language, { box: RegExp; go: string; results: string; matched: string; agency: string }> = {
  en: {
    box: /^Search the record/,
    go: 'Search',
    results: 'Results',
    matched: "Matched in an agency's answer",
    agency: 'Requesting agency',
  },
  es: {
    box: /^Buscar en el expediente/,
    go: 'Buscar',
    results: 'Resultados',
    matched: 'Coincide en la respuesta de una dependencia',
    agency: 'Dependencia solicitante',
  },
};

describe.each<Language>(['en', 'es'])('the search page (%s)', (language) => {
  const text = TEXT[language];

  it('asks the server for the text and filters, and marks the words that matched, as text never as markup', async () => {
    const asked: URLSearchParams[] = [];
    serverAnswers.handle = (req) => {
      asked.push(new URL(req.url).searchParams);
      const item = {
        ...claimedRequest(),
        match: {
          rank: 0.6,
          snippets: [
            { kind: 'answer', text: 'Se localizó a Beltrán <b>hoy</b>.', highlights: [{ start: 14, end: 21 }] },
          ],
        },
      };
      return new Response(JSON.stringify({ items: [item], nextCursor: null }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    renderScreen(<SearchPage />, language, { user: HUB_USER });
    expect(screen.getByRole('combobox', { name: text.agency })).toBeInTheDocument();
    await userEvent.type(screen.getByRole('searchbox', { name: text.box }), 'beltran');
    await userEvent.click(screen.getByRole('button', { name: text.go }));

    const results = await screen.findByRole('list', { name: text.results });
    const [result] = within(results).getAllByRole('listitem');
    expect(within(result).getByRole('link', { name: 'SSAN-2026-000123' })).toHaveAttribute(
      'href',
      '/requests/11111111-1111-4111-8111-111111111111',
    );
    expect(result).toHaveTextContent(`${text.matched}: Se localizó a Beltrán <b>hoy</b>.`);
    const marks = result.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['Beltrán']);
    expect(result.querySelector('b')).toBeNull();
    expect(asked.at(-1)?.get('q')).toBe('beltran');
    expect(asked.at(-1)?.get('sort')).toBe('relevance');
  });
});
