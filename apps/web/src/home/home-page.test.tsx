import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../api/client';
import { localeFor, type Language } from '../i18n/language';
import { json } from '../test/fixtures';
import { renderScreen } from '../test/render';
import { serverAnswers } from '../test/setup';
import { HomePage } from './home-page';
import type { HomeView } from './home-queries';

const user = (role: SessionUser['role'], agency: string | null): SessionUser => ({
  id: '00000000-0000-4000-8000-0000000000u1',
  email: `${role}@demo.test`,
  displayName: 'Dana Ruiz',
  role,
  agency,
  language: 'en',
  mustChangePassword: false,
});

const REQUEST = '00000000-0000-4000-8000-0000000000a1';
const ASSIGNMENT = '00000000-0000-4000-8000-0000000000b1';

/** Answers GET /api/home with `home`, and the notices' and the compliance report's calls with fixed figures. */
function serve(home: HomeView) {
  serverAnswers.handle = (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/api/home') return json(home);
    if (path === '/api/notifications/summary') return json({ unreadCount: 2, unacknowledgedCount: 3 });
    if (path === '/api/reports/no-surprises') {
      return json({
        from: '2026-11-04T00:00:00.000Z',
        to: '2026-12-04T00:00:00.000Z',
        generatedAt: '2026-12-04T00:00:00.000Z',
        truncated: false,
        summary: {
          requests: 14,
          noticesRequired: 20000,
          noticesDelivered: 19999,
          noticesAcknowledged: 19000,
          noticesLate: 7,
          surpriseRisk: 1,
          actionsBeforeClearance: 0,
          medianNoticeLeadHours: 90,
        },
        items: [],
      });
    }
    throw new Error(`unexpected ${path}`);
  };
}

const TEXT: Record<Language, Record<string, string>> = {
  en: {
    clarification: 'Clarifications to answer',
    askedWhy: 'The hub asks for a clarification',
    needsAction: 'Needs your action',
    notices: 'Notices to acknowledge',
    atRisk: 'At risk',
    mine: 'Your claimed requests',
    toAnswer: 'To answer',
    never: 'Not verified yet',
    required: 'Required',
    deadLetters: 'Failed deliveries to replay or close',
  },
  es: {
    clarification: 'Aclaraciones por responder',
    askedWhy: 'La ventanilla pide una aclaración',
    needsAction: 'Requieren su atención',
    notices: 'Avisos por acusar',
    atRisk: 'En riesgo',
    mine: 'Solicitudes que usted atiende',
    toAnswer: 'Por responder',
    never: 'Aún sin verificar',
    required: 'Requeridos',
    deadLetters: 'Entregas fallidas por reenviar o cerrar',
  },
};

const item = {
  requestId: REQUEST,
  folio: 'SSAN-2026-000042',
  title: 'Records of a seized shipment',
  status: 'clarification_requested',
  priority: 'P2',
  escalationLevel: 'L0',
  at: '2026-12-01T15:00:00.000Z',
};

describe.each<Language>(['en', 'es'])('the home page (%s)', (language) => {
  const text = TEXT[language];
  const n = (v: number) => new Intl.NumberFormat(localeFor(language)).format(v);
  const figure = (id: string) => screen.findByTestId(`figure-${id}`);

  it("shows a liaison what needs them, each item a link to its request, and the agency's notices", async () => {
    serve({
      role: 'liaison',
      liaison: {
        open: 12345,
        needsAction: { clarification: 1, question: 0, post_action_report: 0, draft: 2 },
        actionItems: [{ ...item, action: 'clarification' }],
        deadlines: [],
      },
    });
    renderScreen(<HomePage />, language, { user: user('liaison', 'DEA') });
    expect(await figure('clarification')).toHaveTextContent(`1${text.clarification}`);
    expect(await figure('clarification')).toHaveAttribute('href', '/requests?status=clarification_requested');
    expect(await figure('open')).toHaveTextContent(n(12345));
    expect(await figure('notices')).toHaveTextContent(`3${text.notices}`);
    const section = screen.getByRole('region', { name: text.needsAction });
    const row = within(section).getAllByRole('row')[1];
    expect(within(row).getByRole('link', { name: item.title })).toHaveAttribute('href', `/requests/${REQUEST}`);
    expect(row).toHaveTextContent(item.folio);
    expect(row).toHaveTextContent(text.askedWhy);
  });

  it('shows the hub every queue with its count, each opening that queue, and its claimed work', async () => {
    serve({
      role: 'hub_coordinator',
      hub: {
        queues: {
          unclaimed: 4,
          mine: 1,
          clarification: 0,
          authorization: 1,
          routed: 2,
          needs_rerouting: 0,
          ready_to_release: 1,
          at_risk: 3,
          overdue: 20000,
        },
        mine: [{ ...item, status: 'in_analysis' }],
      },
    });
    renderScreen(<HomePage />, language, { user: user('hub_coordinator', 'SRE-SSAN') });
    expect(await figure('at_risk')).toHaveTextContent(`3${text.atRisk}`);
    expect(await figure('at_risk')).toHaveAttribute('href', '/hub?queue=at_risk');
    expect(await figure('overdue')).toHaveTextContent(n(20000));
    const mine = screen.getByRole('region', { name: text.mine });
    expect(within(mine).getByRole('link', { name: item.title })).toHaveAttribute('href', `/requests/${REQUEST}`);
  });

  it('shows an agency its answers to give, each opening the assignment', async () => {
    serve({
      role: 'agency_coordinator',
      agency: {
        toAccept: 0,
        toAnswer: 1,
        awaitingHub: 0,
        atRisk: 0,
        overdue: 1,
        items: [
          {
            assignmentId: ASSIGNMENT,
            requestId: REQUEST,
            folio: item.folio,
            title: item.title,
            role: 'lead',
            status: 'accepted',
            priority: 'P2',
            responseDueAt: '2026-01-01T00:00:00.000Z',
            clockPaused: false,
          },
        ],
      },
    });
    renderScreen(<HomePage />, language, { user: user('agency_coordinator', 'FGR-INT') });
    expect(await figure('to_answer')).toHaveTextContent(`1${text.toAnswer}`);
    expect(await figure('to_answer')).toHaveAttribute('href', '/inbox?status=accepted');
    expect(screen.getByRole('link', { name: item.title })).toHaveAttribute('href', `/assignments/${ASSIGNMENT}`);
  });

  it("shows the auditor the chain's state and the compliance figures", async () => {
    serve({
      role: 'auditor',
      auditor: {
        integrity: {
          headSeq: null,
          headSealedAt: null,
          unsealed: 20000,
          latestCheckpoint: null,
          lastVerification: null,
        },
        escalation: { L0: 5, L1: 1, L2: 0, L3: 0, L4: 0 },
        overdue: 2,
      },
    });
    renderScreen(<HomePage />, language, { user: user('auditor', null) });
    expect(await screen.findByTestId('last-verification')).toHaveTextContent(text.never);
    expect(screen.getByRole('row', { name: new RegExp(n(20000)) })).toBeInTheDocument();
    expect(await figure('compliance-required')).toHaveTextContent(`${n(20000)}${text.required}`);
    expect(await screen.findByTestId('before-clearance')).toHaveTextContent('0');
  });

  it('shows the administrator the failed deliveries to look at', async () => {
    serve({
      role: 'admin',
      admin: { users: { active: 25, disabled: 1, mustChangePassword: 0 }, deadLetters: 2 },
    });
    renderScreen(<HomePage />, language, { user: user('admin', null) });
    expect(await figure('dead_letters')).toHaveTextContent(`2${text.deadLetters}`);
    expect(await figure('dead_letters')).toHaveAttribute('href', '/admin/dead-letters');
    expect(screen.queryByTestId('figure-notices')).toBeNull();
  });
});
