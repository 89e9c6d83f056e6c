import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import {
  ESCALATION_LEVELS,
  PRIORITIES,
  REQUEST_STATUSES,
  type EscalationLevel,
  type RequestStatus,
} from '@ventanilla/domain/request-status.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { OPEN_SQL, QUEUE_SQL } from '../requests/request-queues.sql.js';
import { REQUEST_QUEUES, type RequestQueue } from '../requests/requests.dto.js';

/** The hub's queues as figures: every queue but the caller's own (`mine` means nothing to an auditor). */
export const OVERVIEW_QUEUES = REQUEST_QUEUES.filter((q): q is Exclude<RequestQueue, 'mine'> => q !== 'mine');
type OverviewQueue = (typeof OVERVIEW_QUEUES)[number];

export interface DeadlineFigure {
  priority: string;
  onTime: number;
  atRisk: number;
  overdue: number;
}

/** The auditors' figures over one date range (GET /api/reports/overview). */
export interface OverviewReport {
  from: string;
  to: string;
  generatedAt: string;
  requests: {
    /** Requests submitted in the range (drafts never count). */
    submitted: number;
    byStatus: Record<Exclude<RequestStatus, 'draft'>, number>;
    /** Of those, the ones still open now: where they stand against their deadline, their escalation, their queue. */
    open: number;
    deadlines: DeadlineFigure[];
    escalation: Record<EscalationLevel, number>;
    queues: Record<OverviewQueue, number>;
  };
  audit: {
    /** Audit events recorded in the range. */
    events: number;
    outcomes: { success: number; denied: number; failure: number };
    /** The most frequent actions, most frequent first (ties by name). */
    topActions: Array<{ action: string; count: number }>;
  };
}

const DEFAULT_RANGE_MS = 30 * 86_400_000;
const TOP_ACTIONS = 12;

/** A range as the reports take it: ISO instants (the DTO checks the form), `from` before `to` (`to` excluded). */
export function reportRange(range: { from?: string; to?: string }, now = new Date()): { from: Date; to: Date } {
  const to = range.to ? new Date(range.to) : now;
  const from = range.from ? new Date(range.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (from.getTime() >= to.getTime()) {
    throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'to', code: 'after_from' }]);
  }
  return { from, to };
}

/**
 * Every figure of the reports page over one range, counted by the database in one snapshot (no sample): the
 * requests submitted in the range by status; of those still open, where they stand against their nearest
 * deadline per priority, their escalation level and the hub queue they sit in (the queues' own definitions);
 * and the audit events recorded in the range by outcome and most frequent action.
 */
@Injectable()
export class OverviewReportService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  /** The figures, and their reading on the record (`report.overview`), like every report an auditor draws. */
  async build(
    user: SessionUser,
    query: { from?: string; to?: string },
    format: 'json' | 'csv',
    ctx: CallContext,
  ): Promise<OverviewReport> {
    const { from, to } = reportRange(query);
    const inRange = `r.status <> 'draft' AND r.submitted_at >= $1 AND r.submitted_at < $2`;
    const counts = [
      `count(*)::int AS submitted`,
      ...REQUEST_STATUSES.map((s) => `count(*) FILTER (WHERE r.status = '${s}')::int AS "status:${s}"`),
      `count(*) FILTER (WHERE ${OPEN_SQL})::int AS open`,
      ...PRIORITIES.flatMap((p) => [
        `count(*) FILTER (WHERE ${OPEN_SQL} AND r.priority = '${p}' AND r.next_due_at <= now())::int AS "overdue:${p}"`,
        `count(*) FILTER (WHERE ${OPEN_SQL} AND r.priority = '${p}' AND r.next_due_at > now()
                            AND r.next_risk_at <= now())::int AS "atRisk:${p}"`,
        `count(*) FILTER (WHERE ${OPEN_SQL} AND r.priority = '${p}')::int AS "open:${p}"`,
      ]),
      ...ESCALATION_LEVELS.map(
        (l) => `count(*) FILTER (WHERE ${OPEN_SQL} AND r.escalation_level = '${l}')::int AS "${l}"`,
      ),
      ...OVERVIEW_QUEUES.map((q) => `count(*) FILTER (WHERE ${QUEUE_SQL[q]})::int AS "queue:${q}"`),
    ];
    const report = await this.db.transaction('REPEATABLE READ', async (m): Promise<OverviewReport> => {
      const [r] = (await m.query(`SELECT ${counts.join(',\n')} FROM requests r WHERE ${inRange}`, [from, to])) as Array<
        Record<string, number>
      >;
      const actions = (await m.query(
        `SELECT action, count(*)::int AS count FROM audit_events
          WHERE occurred_at >= $1 AND occurred_at < $2 GROUP BY action ORDER BY count DESC, action LIMIT $3`,
        [from, to, TOP_ACTIONS],
      )) as Array<{ action: string; count: number }>;
      const [a] = (await m.query(
        `SELECT count(*)::int AS events,
                count(*) FILTER (WHERE outcome = 'success')::int AS success,
                count(*) FILTER (WHERE outcome = 'denied')::int AS denied,
                count(*) FILTER (WHERE outcome = 'failure')::int AS failure
           FROM audit_events WHERE occurred_at >= $1 AND occurred_at < $2`,
        [from, to],
      )) as Array<{ events: number; success: number; denied: number; failure: number }>;
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        generatedAt: new Date().toISOString(),
        requests: {
          submitted: r.submitted,
          byStatus: Object.fromEntries(
            REQUEST_STATUSES.filter((s) => s !== 'draft').map((s) => [s, r[`status:${s}`]]),
          ) as OverviewReport['requests']['byStatus'],
          open: r.open,
          deadlines: PRIORITIES.map((p) => ({
            priority: p,
            onTime: r[`open:${p}`] - r[`overdue:${p}`] - r[`atRisk:${p}`],
            atRisk: r[`atRisk:${p}`],
            overdue: r[`overdue:${p}`],
          })),
          escalation: Object.fromEntries(ESCALATION_LEVELS.map((l) => [l, r[l]])) as Record<EscalationLevel, number>,
          queues: Object.fromEntries(OVERVIEW_QUEUES.map((q) => [q, r[`queue:${q}`]])) as Record<OverviewQueue, number>,
        },
        audit: {
          events: a.events,
          outcomes: { success: a.success, denied: a.denied, failure: a.failure },
          topActions: actions,
        },
      };
    });
    await this.db.transaction((m) =>
      this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action: 'report.overview',
          objectType: 'report',
          objectId: null,
          details: { from: report.from, to: report.to, format },
        },
        ctx,
      ),
    );
    return report;
  }
}

/** RFC 4180 CSV of the figures: one line per figure, key and count, under a header naming the range. */
export function overviewCsv(o: OverviewReport): string {
  const rows: Array<[string, string, number | string]> = [
    ['range', 'from', o.from],
    ['range', 'to', o.to],
    ['requests', 'submitted', o.requests.submitted],
    ...Object.entries(o.requests.byStatus).map(([k, v]): [string, string, number] => ['status', k, v]),
    ['requests', 'open', o.requests.open],
    ...o.requests.deadlines.flatMap((d): Array<[string, string, number]> => [
      ['deadline', `${d.priority} on_time`, d.onTime],
      ['deadline', `${d.priority} at_risk`, d.atRisk],
      ['deadline', `${d.priority} overdue`, d.overdue],
    ]),
    ...Object.entries(o.requests.escalation).map(([k, v]): [string, string, number] => ['escalation', k, v]),
    ...Object.entries(o.requests.queues).map(([k, v]): [string, string, number] => ['queue', k, v]),
    ['audit', 'events', o.audit.events],
    ...Object.entries(o.audit.outcomes).map(([k, v]): [string, string, number] => ['outcome', k, v]),
    ...o.audit.topActions.map((x): [string, string, number] => ['action', x.action, x.count]),
  ];
  const cell = (v: string | number) => {
    const text = String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [['figure', 'key', 'value'], ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
