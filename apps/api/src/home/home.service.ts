import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ESCALATION_LEVELS, type EscalationLevel } from '@ventanilla/domain/request-status.js';
import { assertNever } from '@ventanilla/domain/assert-never.util.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { requestScopeSql } from '@ventanilla/requests/request-scope.js';
import type { RequestView } from '@ventanilla/requests/request-view.js';
import { RequestQueriesService } from '../requests/request-queries.service.js';
import { CLOSED_SQL } from '../requests/request-queues.sql.js';
import type { RequestQueue } from '../requests/requests.dto.js';

/** How many items each list of the home page shows; the screens behind its links show the rest. */
export const HOME_LIST_LIMIT = 8;

/** A request as the home page lists it: enough to recognise it and open it. */
export interface HomeRequestItem {
  requestId: string;
  folio: string | null;
  title: string;
  status: string;
  priority: string;
  escalationLevel: string;
  /** The instant that puts the item on the list (see each list); null when it has none. */
  at: string | null;
}

/** Why a liaison must act on a request. Wire values: never rename. */
export const LIAISON_ACTIONS = ['clarification', 'question', 'post_action_report', 'draft'] as const;
export type LiaisonAction = (typeof LIAISON_ACTIONS)[number];
/** The dates a liaison set on a request that the home page counts down to. Wire values: never rename. */
export const LIAISON_DEADLINES = ['needed_by', 'proposed_action'] as const;
export type LiaisonDeadline = (typeof LIAISON_DEADLINES)[number];

export interface LiaisonHome {
  /** Their agency's submitted requests not yet finished. */
  open: number;
  needsAction: Record<LiaisonAction, number>;
  /** Nearest first: a clarification or question by when it was asked, a report by its due date, a draft by its last edit. */
  actionItems: Array<HomeRequestItem & { action: LiaisonAction }>;
  /** Open requests' own dates from a week ago onwards, nearest first. */
  deadlines: Array<HomeRequestItem & { kind: LiaisonDeadline }>;
}

export interface HubHome {
  queues: Record<RequestQueue, number>;
  /** The caller's claimed open requests, nearest deadline first (`at` is that deadline). */
  mine: HomeRequestItem[];
}

export interface AgencyHomeItem {
  assignmentId: string;
  requestId: string;
  folio: string | null;
  title: string;
  role: string;
  status: string;
  priority: string;
  responseDueAt: string | null;
  clockPaused: boolean;
}

export interface AgencyHome {
  /** Assignments to accept (pending), to answer (accepted), and waiting on the hub's answer to a question. */
  toAccept: number;
  toAnswer: number;
  awaitingHub: number;
  /** Of those to accept or answer with a running clock: past 80 % of it, and past its deadline. */
  atRisk: number;
  overdue: number;
  /** Open assignments, nearest deadline first. */
  items: AgencyHomeItem[];
}

export interface AuthorizerHome {
  pending: number;
  /** Pending decisions whose proposed action is within the next 7 days (or past). */
  actionWithinWeek: number;
  /** Pending, the nearest proposed action first (`at` is that instant). */
  items: HomeRequestItem[];
}

export interface AuditorHome {
  integrity: {
    /** The last sealed sequence number and when it was sealed; null before the first. */
    headSeq: number | null;
    headSealedAt: string | null;
    /** Events committed but not yet sealed. */
    unsealed: number;
    latestCheckpoint: { seq: number; signedAt: string } | null;
    /** The last full verification anyone ran (GET /api/audit/verify), as its audit event recorded it. */
    lastVerification: { at: string; ok: boolean; headSeq: number | null; brokenSeq: number | null } | null;
  };
  /** Open requests per escalation level, and past a deadline. */
  escalation: Record<EscalationLevel, number>;
  overdue: number;
}

export interface AdminHome {
  users: { active: number; disabled: number; mustChangePassword: number };
  /** Deliveries that exhausted their attempts and were not replayed. */
  deadLetters: number;
}

/** The caller's home page: the figures and the items of their role, within their need-to-know. */
export interface HomeView {
  role: SessionUser['role'];
  liaison?: LiaisonHome;
  hub?: HubHome;
  agency?: AgencyHome;
  authorizer?: AuthorizerHome;
  auditor?: AuditorHome;
  admin?: AdminHome;
}

type Row = Record<string, unknown>;
const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : typeof v === 'string' ? new Date(v).toISOString() : null;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const requestItem = (r: Row, at: unknown): HomeRequestItem => ({
  requestId: String(r.id),
  folio: (r.folio as string | null) ?? null,
  title: String(r.title),
  status: String(r.status),
  priority: String(r.priority),
  escalationLevel: String(r.escalation_level),
  at: iso(at),
});

const fromView = (r: RequestView, at: string | null): HomeRequestItem => ({
  requestId: r.id,
  folio: r.folio,
  title: r.title,
  status: r.status,
  priority: r.priority,
  escalationLevel: r.escalationLevel,
  at,
});

/** Open for a liaison: submitted and not finished. */
const OPEN = `r.status NOT IN ('draft', ${CLOSED_SQL})`;

/**
 * What each role finds on signing in, in one call: counts computed in the database over the caller's scope
 * (requestScopeSql, the assignments of their agency), and the first few items behind them. Reads only.
 */
@Injectable()
export class HomeService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly requests: RequestQueriesService,
  ) {}

  async home(user: SessionUser): Promise<HomeView> {
    switch (user.role) {
      case 'liaison':
        return { role: user.role, liaison: await this.liaison(user) };
      case 'hub_coordinator':
        return { role: user.role, hub: await this.hub(user) };
      case 'agency_coordinator':
        return { role: user.role, agency: await this.agency(user) };
      case 'authorizer':
        return { role: user.role, authorizer: await this.authorizer(user) };
      case 'auditor':
        return { role: user.role, auditor: await this.auditor(user) };
      case 'admin':
        return { role: user.role, admin: await this.admin() };
      default:
        return assertNever(user.role);
    }
  }

  private async liaison(user: SessionUser): Promise<LiaisonHome> {
    const params: unknown[] = [];
    const scope = requestScopeSql(user, (v) => {
      params.push(v);
      return `$${params.length}`;
    });
    // One reason per request, the most pressing first; `at` orders the list within each reason.
    const reasons = `SELECT r.id, r.folio, r.title, r.status, r.priority, r.escalation_level,
             CASE WHEN r.status = 'clarification_requested' THEN 'clarification'
                  WHEN q.asked_at IS NOT NULL THEN 'question'
                  WHEN r.status <> 'draft' AND r.post_action_report_due_at IS NOT NULL
                       AND r.post_action_reported_at IS NULL THEN 'post_action_report'
                  WHEN r.status = 'draft' THEN 'draft' END AS action,
             CASE WHEN r.status = 'clarification_requested' THEN COALESCE(c.asked_at, r.updated_at)
                  WHEN q.asked_at IS NOT NULL THEN q.asked_at
                  WHEN r.status = 'draft' THEN r.updated_at
                  ELSE r.post_action_report_due_at END AS at
        FROM requests r
        LEFT JOIN LATERAL (SELECT min(x.asked_at) AS asked_at FROM request_clarifications x
                            WHERE x.request_id = r.id AND x.answer IS NULL AND x.relayed_from IS NULL) c ON TRUE
        LEFT JOIN LATERAL (SELECT min(x.asked_at) AS asked_at FROM request_clarifications x
                            WHERE x.request_id = r.id AND x.answer IS NULL AND x.relayed_from IS NOT NULL
                              AND r.status NOT IN (${CLOSED_SQL})) q ON TRUE
       WHERE ${scope}
         AND (r.status IN ('draft', 'clarification_requested')
              OR (r.post_action_report_due_at IS NOT NULL AND r.post_action_reported_at IS NULL)
              OR r.id IN (SELECT x.request_id FROM request_clarifications x
                           WHERE x.answer IS NULL AND x.relayed_from IS NOT NULL))`;
    const [counts, items, deadlines, open] = (await Promise.all([
      this.db.query(
        `SELECT action, count(*)::int AS n FROM (${reasons}) t WHERE action IS NOT NULL GROUP BY action`,
        params,
      ),
      this.db.query(
        `SELECT * FROM (${reasons}) t WHERE action IS NOT NULL
          ORDER BY array_position($${params.length + 1}::text[], action), at, id LIMIT ${HOME_LIST_LIMIT}`,
        [...params, LIAISON_ACTIONS],
      ),
      this.db.query(
        `SELECT r.id, r.folio, r.title, r.status, r.priority, r.escalation_level, d.kind, d.at
           FROM requests r
          CROSS JOIN LATERAL (VALUES ('needed_by', r.needed_by), ('proposed_action', r.proposed_action_at)) d(kind, at)
          WHERE ${scope} AND ${OPEN} AND d.at >= now() - interval '7 days'
          ORDER BY d.at, r.id LIMIT ${HOME_LIST_LIMIT}`,
        params,
      ),
      this.db.query(`SELECT count(*)::int AS n FROM requests r WHERE ${scope} AND ${OPEN}`, params),
    ])) as [Array<{ action: LiaisonAction; n: number }>, Row[], Row[], Array<{ n: number }>];
    const needsAction = Object.fromEntries(LIAISON_ACTIONS.map((a) => [a, 0])) as Record<LiaisonAction, number>;
    for (const c of counts) needsAction[c.action] = c.n;
    return {
      open: open[0].n,
      needsAction,
      actionItems: items.map((r) => ({ ...requestItem(r, r.at), action: r.action as LiaisonAction })),
      deadlines: deadlines.map((r) => ({ ...requestItem(r, r.at), kind: r.kind as LiaisonDeadline })),
    };
  }

  private async hub(user: SessionUser): Promise<HubHome> {
    const [counts, mine] = await Promise.all([
      this.requests.queueCounts(user),
      this.requests.list(user, { queue: 'mine', limit: HOME_LIST_LIMIT }),
    ]);
    return { queues: counts.queues, mine: mine.items.map((r) => fromView(r, r.clock.nextDueAt)) };
  }

  private async agency(user: SessionUser): Promise<AgencyHome> {
    const agency = user.agency ?? '';
    const running = `a.status IN ('pending', 'accepted') AND a.clock_paused_at IS NULL AND a.response_due_at IS NOT NULL`;
    const [[counts], items] = (await Promise.all([
      this.db.query(
        `SELECT count(*) FILTER (WHERE a.status = 'pending')::int AS to_accept,
                count(*) FILTER (WHERE a.status = 'accepted')::int AS to_answer,
                count(*) FILTER (WHERE a.status = 'clarification_requested')::int AS awaiting_hub,
                count(*) FILTER (WHERE ${running} AND a.response_due_at > now() AND EXISTS (
                  SELECT 1 FROM clock_deadlines d WHERE d.assignment_id = a.id AND d.notification_id IS NULL
                     AND right(d.trigger, 1) = '%' AND d.cancelled_at IS NULL
                     AND d.fire_at <= now() AND d.due_at > now()))::int AS at_risk,
                count(*) FILTER (WHERE ${running} AND a.response_due_at <= now())::int AS overdue
           FROM assignments a
          WHERE a.agency = $1 AND a.status IN ('pending', 'accepted', 'clarification_requested')`,
        [agency],
      ),
      this.db.query(
        `SELECT a.id, a.request_id, r.folio, r.title, a.role, a.status, r.priority, a.response_due_at,
                a.clock_paused_at IS NOT NULL AS paused
           FROM assignments a JOIN requests r ON r.id = a.request_id
          WHERE a.agency = $1 AND a.status IN ('pending', 'accepted', 'clarification_requested')
          ORDER BY a.response_due_at ASC NULLS LAST, a.id LIMIT ${HOME_LIST_LIMIT}`,
        [agency],
      ),
    ])) as [Row[], Row[]];
    return {
      toAccept: Number(counts.to_accept),
      toAnswer: Number(counts.to_answer),
      awaitingHub: Number(counts.awaiting_hub),
      atRisk: Number(counts.at_risk),
      overdue: Number(counts.overdue),
      items: items.map((a) => ({
        assignmentId: String(a.id),
        requestId: String(a.request_id),
        folio: (a.folio as string | null) ?? null,
        title: String(a.title),
        role: String(a.role),
        status: String(a.status),
        priority: String(a.priority),
        responseDueAt: iso(a.response_due_at),
        clockPaused: a.paused === true,
      })),
    };
  }

  private async authorizer(user: SessionUser): Promise<AuthorizerHome> {
    const params: unknown[] = [];
    const scope = requestScopeSql(user, (v) => {
      params.push(v);
      return `$${params.length}`;
    });
    const pending = `${scope} AND r.status = 'awaiting_authorization'`;
    const [[counts], items] = (await Promise.all([
      this.db.query(
        `SELECT count(*)::int AS pending,
                count(*) FILTER (WHERE r.proposed_action_at <= now() + interval '7 days')::int AS within_week
           FROM requests r WHERE ${pending}`,
        params,
      ),
      this.db.query(
        `SELECT r.id, r.folio, r.title, r.status, r.priority, r.escalation_level, r.proposed_action_at
           FROM requests r WHERE ${pending}
          ORDER BY r.proposed_action_at ASC NULLS LAST, r.id LIMIT ${HOME_LIST_LIMIT}`,
        params,
      ),
    ])) as [Row[], Row[]];
    return {
      pending: Number(counts.pending),
      actionWithinWeek: Number(counts.within_week),
      items: items.map((r) => requestItem(r, r.proposed_action_at)),
    };
  }

  private async auditor(user: SessionUser): Promise<AuditorHome> {
    const [[chain], [checkpoint], [verification], counts] = (await Promise.all([
      this.db.query(
        `SELECT (SELECT seq FROM audit_chain ORDER BY seq DESC LIMIT 1) AS head_seq,
                (SELECT sealed_at FROM audit_chain ORDER BY seq DESC LIMIT 1) AS head_sealed_at,
                (SELECT count(*)::int FROM audit_unsealed) AS unsealed`,
      ),
      this.db.query(`SELECT seq, signed_at FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`),
      this.db.query(
        // Verifications concern no request: read through the request index's entries without one.
        `SELECT occurred_at, details FROM audit_events
          WHERE request_id IS NULL AND action = 'audit.verify' AND outcome = 'success'
          ORDER BY occurred_at DESC LIMIT 1`,
      ),
      this.requests.queueCounts(user),
    ])) as [Row[], Row[], Row[], Awaited<ReturnType<RequestQueriesService['queueCounts']>>];
    const details = (verification?.details ?? {}) as {
      ok?: boolean;
      headSeq?: number | null;
      break?: { seq: number } | null;
    };
    return {
      integrity: {
        headSeq: num(chain.head_seq),
        headSealedAt: iso(chain.head_sealed_at),
        unsealed: Number(chain.unsealed),
        latestCheckpoint: checkpoint ? { seq: Number(checkpoint.seq), signedAt: iso(checkpoint.signed_at)! } : null,
        lastVerification: verification
          ? {
              at: iso(verification.occurred_at)!,
              ok: details.ok === true,
              headSeq: num(details.headSeq),
              brokenSeq: num(details.break?.seq),
            }
          : null,
      },
      escalation: Object.fromEntries(ESCALATION_LEVELS.map((l) => [l, counts.escalation[l] ?? 0])) as Record<
        EscalationLevel,
        number
      >,
      overdue: counts.queues.overdue,
    };
  }

  private async admin(): Promise<AdminHome> {
    const [[users], [dead]] = (await Promise.all([
      this.db.query(
        `SELECT count(*) FILTER (WHERE disabled_at IS NULL)::int AS active,
                count(*) FILTER (WHERE disabled_at IS NOT NULL)::int AS disabled,
                count(*) FILTER (WHERE disabled_at IS NULL AND password_change_required)::int AS must_change
           FROM users`,
      ),
      this.db.query(`SELECT count(*)::int AS n FROM dead_letters WHERE replayed_at IS NULL`),
    ])) as [Row[], Row[]];
    return {
      users: {
        active: Number(users.active),
        disabled: Number(users.disabled),
        mustChangePassword: Number(users.must_change),
      },
      deadLetters: Number(dead.n),
    };
  }
}
