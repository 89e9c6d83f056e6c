import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Language } from '../i18n/language';
import { RequestActions } from '../requests/request-actions';
import { claimedRequest, HUB_USER, json } from '../test/fixtures';
import { renderScreen } from '../test/render';
import { serverAnswers } from '../test/setup';

const TEXT: Record<Language, Record<string, string>> = {
  en: {
    button: 'Hand over',
    title: 'Hand the request over to a colleague',
    colleague: 'Colleague',
    note: 'Hand-over note',
    pickFirst: 'Pick the colleague who takes it over',
    confirm: 'Hand over to Hub Two',
    holder: 'Hub Two will hold the request',
  },
  es: {
    button: 'Entregar',
    title: 'Entregar la solicitud a un colega',
    colleague: 'Colega',
    note: 'Nota de entrega',
    pickFirst: 'Elija al colega que se hace cargo',
    confirm: 'Entregar a Hub Two',
    holder: 'Hub Two tendrá la solicitud',
  },
};

const HUB2 = { id: '00000000-0000-4000-8000-000000000022', displayName: 'Hub Two', email: 'hub2@demo.test' };

describe.each<Language>(['en', 'es'])('handing a request over (%s)', (language) => {
  const text = TEXT[language];

  it('is offered to the claimant only (the server says so in availableActions)', () => {
    serverAnswers.handle = () => json({ items: [HUB2] });
    renderScreen(<RequestActions request={claimedRequest({ availableActions: ['route'] })} />, language, {
      user: HUB_USER,
    });
    expect(screen.queryByRole('button', { name: text.button })).toBeNull();
  });

  it('asks for the colleague and a note, says what will happen, and sends both with the version on screen', async () => {
    let sent: unknown = null;
    serverAnswers.handle = async (req) => {
      const url = new URL(req.url);
      if (url.pathname === '/api/hub/colleagues') return json({ items: [HUB2] });
      if (req.method === 'POST' && url.pathname.endsWith('/actions/hand_over')) {
        sent = await req.json();
        return json(claimedRequest({ claimedBy: HUB2.id, version: 5, availableActions: [] }));
      }
      throw new Error(`unexpected ${req.method} ${url.pathname}`);
    };
    renderScreen(<RequestActions request={claimedRequest({ availableActions: ['route', 'hand_over'] })} />, language, {
      user: HUB_USER,
    });
    await userEvent.click(screen.getByRole('button', { name: text.button }));
    const dialog = await screen.findByRole('dialog', { name: text.title });
    // Nothing goes without a colleague and a note.
    await userEvent.click(within(dialog).getByRole('button', { name: text.button }));
    expect(await within(dialog).findByText(text.pickFirst)).toBeInTheDocument();
    expect(sent).toBeNull();

    await userEvent.click(within(dialog).getByLabelText(text.colleague, { exact: false, selector: 'input' }));
    await userEvent.click(await screen.findByRole('option', { name: /^Hub Two · / }));
    await userEvent.type(within(dialog).getByLabelText(text.note, { exact: false }), 'DEA owes the port name.');
    expect(within(dialog).getByText(text.holder, { exact: false })).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: text.confirm }));
    await waitFor(() => expect(sent).toEqual({ version: 4, reason: 'DEA owes the port name.', colleague: HUB2.id }));
  });
});
