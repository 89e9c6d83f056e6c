import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AuthorizationDecision } from '../api/client';
import type { Language } from '../i18n/language';
import { renderScreen } from '../test/render';
import { serverAnswers } from '../test/setup';
import { DecidedList } from './authorizations-page';

const TEXT: Record<Language, Record<string, string>> = {
  en: { authorized: 'Authorized', denied: 'Denied', reason: 'Reason', by: 'Decided by' },
  es: { authorized: 'Autorizada', denied: 'Denegada', reason: 'Motivo', by: 'Decidió' },
};

const decision = (over: Partial<AuthorizationDecision>): AuthorizationDecision => ({
  id: '00000000-0000-4000-8000-000000000001',
  decision: 'authorized',
  decidedAt: '2026-05-02T10:00:00.000000Z',
  decidedBy: { userId: null, displayName: 'Gabriela Sánchez', agency: 'GANS' },
  reason: 'Sesión 15/2026.',
  requestId: '00000000-0000-4000-8000-0000000000aa',
  folio: 'SSAN-2026-000010',
  title: 'Operación espejo',
  requestingAgency: 'DEA',
  status: 'in_analysis',
  priority: 'P2',
  ...over,
});

describe.each<Language>(['en', 'es'])("GANS's decided list (%s)", (language) => {
  const text = TEXT[language];

  it('shows each decision with its date, who and why, and asks the server for one kind', async () => {
    const seen: URLSearchParams[] = [];
    serverAnswers.handle = (req) => {
      const query = new URL(req.url).searchParams;
      seen.push(query);
      const items = [
        decision({ id: '00000000-0000-4000-8000-000000000002', decision: 'denied', reason: 'Sin acuerdo.' }),
        decision({}),
      ].filter((d) => !query.get('decision') || d.decision === query.get('decision'));
      return new Response(JSON.stringify({ items, nextCursor: null }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    renderScreen(<DecidedList />, language);
    const table = await screen.findByTestId('decided-list');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(table).getByRole('columnheader', { name: text.reason })).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent(text.denied);
    expect(rows[1]).toHaveTextContent('Sin acuerdo.');
    expect(rows[2]).toHaveTextContent(text.authorized);
    expect(rows[2]).toHaveTextContent('Gabriela Sánchez');
    expect(within(rows[2]).getByRole('link', { name: 'SSAN-2026-000010' })).toHaveAttribute(
      'href',
      '/requests/00000000-0000-4000-8000-0000000000aa',
    );

    await userEvent.click(screen.getByRole('radio', { name: text.denied }));
    await waitFor(() => expect(within(screen.getByTestId('decided-list')).getAllByRole('row')).toHaveLength(2));
    expect(seen.at(-1)?.get('decision')).toBe('denied');
  });
});
