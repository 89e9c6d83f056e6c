import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter, type CallContext } from '@ventanilla/audit/audit.writer.js';
import { requiresAdvanceNotice } from '@ventanilla/domain/advance-notice.js';
import type { AckPurpose } from '@ventanilla/domain/notification-policy.js';
import {
  complianceOf,
  complianceSummary,
  type ActionFact,
  type ComplianceRow,
  type ComplianceSummary,
  type RequiredNoticeFact,
} from '@ventanilla/domain/no-surprises-compliance.js';
import type { NoSurprisesClass } from '@ventanilla/domain/request-status.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { reportRange } from './overview-report.service.js';

/** One request of the report. */
export interface NoSurprisesReportRow extends ComplianceRow {
  requestId: string;
  folio: string | null;
  type: string;
  noSurprises: NoSurprisesClass;
  actionKind: string | null;
  priority: string;
  status: string;
  requestingAgency: string;
  submittedAt: string | null;
  proposedActionAt: string | null;
}

export interface NoSurprisesReport {
  from: string;
  to: string;
  generatedAt: string;
  /** True when the range held more requests than one report lists (narrow the range). */
  truncated: boolean;
  summary: ComplianceSummary;
  items: NoSurprisesReportRow[];
}

const MAX_ROWS = 5000;

interface RequestRow {
  id: string;
  folio: string | null;
  type: string;
  action_kind: string | null;
  priority: string;
  status: string;
  requesting_agency: string;
  needs_authorization: boolean;
  surprise_risk: boolean;
  submitted_at: Date | null;
  registered_at: Date | null;
  proposed_action_at: Date | null;
}

/**
 * NS-5: per request submitted in the range, the notices the policy required, how many were delivered,
 * acknowledged and late, how much notice was given, and every action taken before clearance (routing before
 * the hub's acknowledgement or the authorization; starting before every acknowledgement), with the totals.
 * Requests are those of `notice` and `authorization` types, those that needed authorization, and those the
 * hub sent an acknowledgeable notice about. The arithmetic is libs/domain's; this reads the facts.
 */
@Injectable()
export class NoSurprisesReportService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly reference: ReferenceRepository,
    private readonly audit: AuditWriter,
  ) {}

  async build(
    user: SessionUser,
    range: { from?: string; to?: string },
    format: 'json' | 'csv',
    ctx: CallContext,
  ): Promise<NoSurprisesReport> {
    const { from, to } = reportRange(range);
    const { requestTypes, policy } = await this.reference.get();
    const noticeTypes = [...requestTypes.keys()].filter((t) => requiresAdvanceNotice(policy.noSurprisesOf(t)));
    const now = new Date();
    // One snapshot for every read, so the counts agree with one another.
    const report = await this.db.transaction('REPEATABLE READ', async (m) => {
      const rows = (await m.query(
        `SELECT r.id, r.folio, r.type, r.action_kind, r.priority, r.status, r.requesting_agency, r.needs_authorization,
                r.surprise_risk, r.submitted_at, r.registered_at, r.proposed_action_at
           FROM requests r
          WHERE r.status <> 'draft' AND r.submitted_at >= $1 AND r.submitted_at < $2
            AND (r.type = ANY($3) OR r.needs_authorization
                 OR EXISTS (SELECT 1 FROM request_notices rn WHERE rn.request_id = r.id AND rn.ack_required))
          ORDER BY r.submitted_at, r.id
          LIMIT $4`,
        [from, to, noticeTypes, MAX_ROWS + 1],
      )) as RequestRow[];
      const truncated = rows.length > MAX_ROWS;
      const page = rows.slice(0, MAX_ROWS);
      const ids = page.map((r) => r.id);
      // Sequential: the queries share the transaction's one connection.
      const leads = (await m.query(
        `SELECT request_id, count(*)::int AS n FROM assignments WHERE request_id = ANY($1) AND role = 'lead'
          GROUP BY request_id`,
        [ids],
      )) as Array<{ request_id: string; n: number }>;
      const hubNotices = (await m.query(
        `SELECT request_id, count(*)::int AS n FROM request_notices WHERE request_id = ANY($1) AND ack_required
          GROUP BY request_id`,
        [ids],
      )) as Array<{ request_id: string; n: number }>;
      const notices = (await m.query(
        `SELECT request_id, ack_purpose, recipient_agency, ack_due_at, acknowledged_at FROM notifications
          WHERE request_id = ANY($1) AND ack_required AND ack_purpose IS NOT NULL`,
        [ids],
      )) as Array<{
        request_id: string;
        ack_purpose: AckPurpose;
        recipient_agency: string;
        ack_due_at: Date | null;
        acknowledged_at: Date | null;
      }>;
      const authorized = (await m.query(
        `SELECT request_id, min(occurred_at) AS at FROM audit_events
          WHERE request_id = ANY($1) AND action = 'request.authorize' AND outcome = 'success' GROUP BY request_id`,
        [ids],
      )) as Array<{ request_id: string; at: Date }>;
      const actions = (await m.query(
        `SELECT request_id, action, occurred_at, details->>'leadAgency' AS lead_agency FROM audit_events
          WHERE request_id = ANY($1) AND outcome = 'success'
            AND action IN ('request.route', 'request.reroute', 'request.start_progress')`,
        [ids],
      )) as Array<{ request_id: string; action: string; occurred_at: Date; lead_agency: string | null }>;
      const count = (xs: Array<{ request_id: string; n: number }>) => new Map(xs.map((x) => [x.request_id, x.n]));
      const leadCount = count(leads);
      const hubNoticeCount = count(hubNotices);
      const authorizedAt = new Map(authorized.map((x) => [x.request_id, new Date(x.at)]));
      const noticesOf = group(notices, (n): RequiredNoticeFact => ({
        purpose: n.ack_purpose,
        agency: n.recipient_agency,
        ackDueAt: n.ack_due_at,
        acknowledgedAt: n.acknowledged_at,
      }));
      const actionsOf = group(actions, (a): ActionFact => ({
        kind: a.action === 'request.start_progress' ? 'start_progress' : 'route',
        at: a.occurred_at,
        leadAgency: a.lead_agency,
      }));
      const items = page.map((r): NoSurprisesReportRow => {
        const noSurprises = policy.noSurprisesOf(r.type);
        const row = complianceOf({
          noSurprises,
          needsAuthorization: r.needs_authorization,
          submittedAt: r.submitted_at,
          proposedActionAt: r.proposed_action_at,
          surpriseRisk: r.surprise_risk,
          registered: r.registered_at !== null,
          leadAssignments: leadCount.get(r.id) ?? 0,
          hubNoticesRequiringAck: hubNoticeCount.get(r.id) ?? 0,
          notices: noticesOf.get(r.id) ?? [],
          authorizedAt: authorizedAt.get(r.id) ?? null,
          actions: actionsOf.get(r.id) ?? [],
          now,
        });
        return {
          requestId: r.id,
          folio: r.folio,
          type: r.type,
          noSurprises,
          actionKind: r.action_kind,
          priority: r.priority,
          status: r.status,
          requestingAgency: r.requesting_agency,
          submittedAt: r.submitted_at?.toISOString() ?? null,
          proposedActionAt: r.proposed_action_at?.toISOString() ?? null,
          ...row,
        };
      });
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        generatedAt: now.toISOString(),
        truncated,
        summary: complianceSummary(items),
        items,
      };
    });
    await this.db.transaction((m) =>
      this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action: 'report.no_surprises',
          objectType: 'report',
          objectId: null,
          details: { from: report.from, to: report.to, format, requests: report.items.length },
        },
        ctx,
      ),
    );
    return report;
  }
}

function group<T extends { request_id: string }, U>(rows: T[], map: (row: T) => U): Map<string, U[]> {
  const out = new Map<string, U[]>();
  for (const row of rows) {
    const list = out.get(row.request_id) ?? [];
    list.push(map(row));
    out.set(row.request_id, list);
  }
  return out;
}
