import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { NoSurprisesReport, OverviewReport } from '../api/client';
import type { Language } from '../i18n/language';
import { json } from '../test/fixtures';
import { renderScreen } from '../test/render';
import { serverAnswers } from '../test/setup';
import ReportsPage, { rangeQuery } from './reports-page';

const TEXT: Record<Language, Record<string, string>> = {
  en: {
    from: 'From',
    to: 'To (inclusive)',
    csv: 'Download these figures (CSV)',
    backwards: 'Must be on or after “From”',
    note: '3 requests submitted',
  },
  es: {
    from: 'Desde',
    to: 'Hasta (inclusive)',
    csv: 'Descargar estas cifras (CSV)',
    backwards: 'Debe ser igual o posterior a «Desde»',
    note: '3 solicitudes recibidas',
  },
};

function overview(from: string, to: string): OverviewReport {
  const zero = { onTime: 0, atRisk: 0, overdue: 0 };
  return {
    from,
    to,
    generatedAt: to,
    requests: {
      submitted: 3,
      byStatus: {
        submitted: 0,
        registered: 1,
        in_analysis: 1,
        clarification_requested: 0,
        awaiting_authorization: 0,
        authorization_denied: 0,
        routed: 0,
        in_progress: 0,
        responses_received: 0,
        response_sent: 0,
        closed: 0,
        rejected: 0,
        withdrawn: 1,
      },
      open: 2,
      deadlines: [
        { priority: 'P1', ...zero },
        { priority: 'P2', onTime: 2, atRisk: 0, overdue: 0 },
        { priority: 'P3', ...zero },
        { priority: 'P4', ...zero },
      ],
      escalation: { L0: 2, L1: 0, L2: 0, L3: 0, L4: 0 },
      queues: {
        unclaimed: 1,
        clarification: 0,
        authorization: 0,
        routed: 0,
        needs_rerouting: 0,
        ready_to_release: 0,
        at_risk: 0,
        overdue: 0,
      },
    },
    audit: { events: 9, outcomes: { success: 9, denied: 0, failure: 0 }, topActions: [] },
  };
}

const compliance = (from: string, to: string): NoSurprisesReport => ({
  from,
  to,
  generatedAt: to,
  truncated: false,
  items: [],
  summary: {
    requests: 0,
    noticesRequired: 0,
    noticesDelivered: 0,
    noticesAcknowledged: 0,
    noticesLate: 0,
    surpriseRisk: 0,
    actionsBeforeClearance: 0,
    medianNoticeLeadHours: null,
  },
});

/** Answers both reports for whatever range is asked, and says which ranges were asked of each. */
function answerReports() {
  const asked: Array<{ path: string; from: string | null; to: string | null }> = [];
  serverAnswers.handle = (req) => {
    const url = new URL(req.url);
    const from = url.searchParams.get('from');
    const to = url.searchParams.get('to');
    asked.push({ path: url.pathname, from, to });
    if (url.pathname === '/api/reports/overview') return json(overview(from!, to!));
    if (url.pathname === '/api/reports/no-surprises') return json(compliance(from!, to!));
    throw new Error(`unexpected ${req.method} ${url.pathname}`);
  };
  return asked;
}

const dateInput = (label: string) => screen.getByLabelText(label, { selector: 'input' });

describe.each<Language>(['en', 'es'])('the reports page (%s)', (language) => {
  const text = TEXT[language];

  it('asks every report for the range picked, and offers the figures as CSV for that range', async () => {
    const asked = answerReports();
    renderScreen(<ReportsPage />, language);
    await screen.findAllByText(text.note, { exact: false });
    // Both reports, one range (30 days to today to begin with).
    const first = rangeQuery({
      from: (dateInput(text.from) as HTMLInputElement).value,
      to: (dateInput(text.to) as HTMLInputElement).value,
    });
    expect(new Set(asked.map((a) => a.path))).toEqual(new Set(['/api/reports/overview', '/api/reports/no-surprises']));
    expect(asked.every((a) => a.from === first.from && a.to === first.to)).toBe(true);

    fireEvent.change(dateInput(text.from), { target: { value: '2026-11-01' } });
    fireEvent.change(dateInput(text.to), { target: { value: '2026-11-30' } });
    const chosen = rangeQuery({ from: '2026-11-01', to: '2026-11-30' });
    await waitFor(() =>
      expect(
        asked
          .filter((a) => a.from === chosen.from && a.to === chosen.to)
          .map((a) => a.path)
          .sort(),
      ).toEqual(['/api/reports/no-surprises', '/api/reports/overview']),
    );
    // The last day is included: the API's `to` is the start of the day after.
    expect(Date.parse(chosen.to!) - Date.parse(chosen.from!)).toBe(30 * 86_400_000);
    const csv = screen.getByRole('link', { name: text.csv });
    expect(csv).toHaveAttribute(
      'href',
      `/api/reports/overview?${new URLSearchParams({ ...chosen, format: 'csv' }).toString()}`,
    );
  });

  it('says so when the range runs backwards, and asks for nothing', async () => {
    answerReports();
    renderScreen(<ReportsPage />, language);
    await screen.findAllByText(text.note, { exact: false });
    vi.mocked(fetch).mockClear();
    // Before the default start (30 days ago): the range runs backwards at once.
    fireEvent.change(dateInput(text.to), { target: { value: '2020-01-01' } });
    expect(await screen.findByText(text.backwards)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: text.csv })).toBeNull();
    expect(vi.mocked(fetch)).not.toHaveBeenCalled();
  });
});
