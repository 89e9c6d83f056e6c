import type { NoSurprisesReport, NoSurprisesReportRow } from './no-surprises-report.service.js';

const COLUMNS: Array<[header: string, value: (r: NoSurprisesReportRow) => unknown]> = [
  ['folio', (r) => r.folio],
  ['request_id', (r) => r.requestId],
  ['type', (r) => r.type],
  ['class', (r) => r.noSurprises],
  ['action_kind', (r) => r.actionKind],
  ['priority', (r) => r.priority],
  ['status', (r) => r.status],
  ['requesting_agency', (r) => r.requestingAgency],
  ['submitted_at', (r) => r.submittedAt],
  ['proposed_action_at', (r) => r.proposedActionAt],
  ['notice_lead_hours', (r) => r.noticeLeadHours],
  ['surprise_risk', (r) => r.surpriseRisk],
  ['notices_required', (r) => r.noticesRequired],
  ['notices_delivered', (r) => r.noticesDelivered],
  ['notices_acknowledged', (r) => r.noticesAcknowledged],
  ['notices_late', (r) => r.noticesLate],
  ['actions_before_clearance', (r) => r.actionsBeforeClearance],
];

/**
 * RFC 4180 CSV: one line per request, then a `TOTAL` line (counts summed, the lead-time column holding the
 * median). A cell that a spreadsheet would read as a formula is prefixed with a quote.
 */
export function noSurprisesCsv(report: NoSurprisesReport): string {
  const s = report.summary;
  const total: Record<string, unknown> = {
    folio: 'TOTAL',
    request_id: `${s.requests} requests`,
    notice_lead_hours: s.medianNoticeLeadHours,
    surprise_risk: s.surpriseRisk,
    notices_required: s.noticesRequired,
    notices_delivered: s.noticesDelivered,
    notices_acknowledged: s.noticesAcknowledged,
    notices_late: s.noticesLate,
    actions_before_clearance: s.actionsBeforeClearance,
  };
  const lines = [
    COLUMNS.map(([h]) => h),
    ...report.items.map((r) => COLUMNS.map(([, value]) => value(r))),
    COLUMNS.map(([h]) => total[h] ?? null),
  ];
  return lines.map((cells) => cells.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
