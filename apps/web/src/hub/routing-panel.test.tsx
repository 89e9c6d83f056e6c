import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Language } from '../i18n/language';
import { claimedRequest, HUB_USER, json, PROPOSAL } from '../test/fixtures';
import { renderScreen } from '../test/render';
import { serverAnswers } from '../test/setup';
import { RoutingPanel } from './routing-panel';

const TEXT: Record<Language, Record<string, string>> = {
  en: {
    lead: 'Lead agency',
    supports: 'Supporting agencies',
    route: 'Route',
    alreadyLead: 'Is already the lead',
    departs: 'This plan departs from the rules’ proposal',
    version: 'version 3',
    why: 'Why depart from the proposal?',
    whyMissing: 'Say why the plan departs from the proposal',
    confirmTitle: 'Route the request?',
  },
  es: {
    lead: 'Dependencia responsable',
    supports: 'Dependencias coadyuvantes',
    route: 'Turnar',
    alreadyLead: 'Ya es la responsable',
    departs: 'Este turno se aparta de la propuesta de las reglas',
    version: 'versión 3',
    why: '¿Por qué apartarse de la propuesta?',
    whyMissing: 'Diga por qué el plan se aparta de la propuesta',
    confirmTitle: '¿Turnar la solicitud?',
  },
};

const input = (label: string) => screen.getByLabelText(label, { exact: false, selector: 'input' });

describe.each<Language>(['en', 'es'])('the routing panel (%s)', (language) => {
  const text = TEXT[language];

  function answerProposal(onRoute?: (body: unknown) => Response) {
    serverAnswers.handle = async (req) => {
      const url = new URL(req.url);
      if (url.pathname.endsWith('/routing-proposal')) return json(PROPOSAL);
      if (req.method === 'POST' && onRoute) return onRoute(await req.json());
      throw new Error(`unexpected ${req.method} ${url.pathname}`);
    };
  }

  it('shows the proposal with its rule ids and rule-set version, and offers only agencies that take work', async () => {
    answerProposal();
    renderScreen(<RoutingPanel request={claimedRequest()} />, language, { user: HUB_USER });
    await screen.findByText('R-025');
    expect(screen.getByRole('link', { name: text.version })).toHaveAttribute('href', '/routing-rules/3');
    expect((input(text.lead) as HTMLInputElement).value).toMatch(/^FGR · /);

    await userEvent.click(input(text.lead));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent ?? '');
    expect(options.map((o) => o.split(' · ')[0]).sort()).toEqual(['FGR', 'FGR-INT', 'GANS', 'SSPC']);
  });

  it('sends the coordinator’s plan, with the version on screen', async () => {
    let sent: unknown = null;
    answerProposal((body) => {
      sent = body;
      return json(claimedRequest({ status: 'routed', version: 5, routingRound: 1, availableActions: ['reroute'] }));
    });
    renderScreen(<RoutingPanel request={claimedRequest()} />, language, { user: HUB_USER });
    await screen.findByText('R-025');
    await userEvent.click(input(text.lead));
    await userEvent.click(await screen.findByRole('option', { name: /^FGR-INT · / }));
    // Remove the proposed support with the keyboard.
    await userEvent.click(input(text.supports));
    await userEvent.keyboard('{Backspace}{Escape}');
    expect(screen.getByText(text.departs, { exact: false })).toBeInTheDocument();
    // Departing from the proposal takes a reason: nothing is sent without one.
    await userEvent.click(screen.getByRole('button', { name: text.route }));
    expect(await screen.findByText(text.whyMissing)).toBeInTheDocument();
    expect(sent).toBeNull();
    await userEvent.type(screen.getByLabelText(text.why, { exact: false }), 'FGR-INT holds the records.');
    // Then a summary to confirm, and only then the plan goes.
    await userEvent.click(screen.getByRole('button', { name: text.route }));
    const dialog = await screen.findByRole('dialog', { name: text.confirmTitle });
    expect(sent).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: text.route }));
    await waitFor(() =>
      expect(sent).toEqual({ version: 4, lead: 'FGR-INT', support: [], reason: 'FGR-INT holds the records.' }),
    );
  });

  it('refuses a lead that is also a support, in the server’s words, before sending anything', async () => {
    answerProposal(() => {
      throw new Error('nothing should be sent');
    });
    renderScreen(<RoutingPanel request={claimedRequest()} />, language, { user: HUB_USER });
    await screen.findByText('R-025');
    await userEvent.click(input(text.lead));
    await userEvent.click(await screen.findByRole('option', { name: /^SSPC · / }));
    await userEvent.click(screen.getByRole('button', { name: text.route }));
    const supports = input(text.supports);
    expect(supports).toHaveAccessibleDescription(expect.stringContaining(text.alreadyLead));
    const group = supports.closest('.mantine-InputWrapper-root') as HTMLElement;
    expect(within(group).getByText(`SSPC: ${text.alreadyLead}`)).toBeInTheDocument();
  });
});
