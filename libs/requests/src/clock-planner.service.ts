import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AssignmentEntity } from '@ventanilla/database/entities/assignment.entity.js';
import type { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { addDuration, type Duration } from '@ventanilla/domain/business-calendar.js';
import { escalationSchedule, escalationStepsFromSla, type EscalationStep } from '@ventanilla/domain/escalation.js';
import { ESCALATION_LEVELS, type EscalationLevel, type RequestStatus } from '@ventanilla/domain/request-status.js';
import { addSlaDuration } from '@ventanilla/domain/sla-clock.js';
import { JobName, type NoticeAckPayload } from '@ventanilla/queue/jobs.js';
import type { OutboxItem } from '@ventanilla/queue/outbox.writer.js';
import { ReferenceRepository } from './reference.repository.js';

/**
 * The clocks a request or an assignment runs (DESIGN §5), named as they are stored in `clock_deadlines`;
 * `notice_ack` waits for a required acknowledgement (NS-4), `post_action_report` for an exigent action's report.
 */
export const CLOCK_NAMES = [
  'route',
  'first_response',
  'close',
  'assignment_response',
  'auto_close',
  'notice_ack',
  'post_action_report',
] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

/** A released reply closes itself after this long unless the requester closes it first. */
export const AUTO_CLOSE_AFTER: Duration = { value: 10, unit: 'businessDays' };

const ROUTE_RUNS: readonly RequestStatus[] = ['registered', 'in_analysis', 'awaiting_authorization'];
const FIRST_RESPONSE_RUNS: readonly RequestStatus[] = [...ROUTE_RUNS, 'routed', 'in_progress', 'responses_received'];
const CLOSE_RUNS: readonly RequestStatus[] = [...FIRST_RESPONSE_RUNS, 'response_sent'];
/** A withdrawn, rejected or denied action never took place: no report is owed for it. */
const NO_REPORT_OWED: readonly RequestStatus[] = ['draft', 'withdrawn', 'rejected', 'authorization_denied'];

interface PlannedStep {
  clock: ClockName;
  trigger: string;
  level: string | null;
  fireAt: Date;
  dueAt: Date;
}

/**
 * Keeps `clock_deadlines` in step with a request's or an assignment's state. Each status change calls it in
 * its own transaction: it works out which clocks run now and when each escalation step falls due, and in one
 * statement cancels the live rows the plan no longer has and writes the ones it lacks; it answers the delayed
 * jobs of the new rows, for the caller to write to the outbox with the rest of its follow-ups.
 * A paused clock (clarification pending) has no live rows; resuming moves the due dates and plans again.
 */
@Injectable()
export class ClockPlanner {
  constructor(private readonly reference: ReferenceRepository) {}

  /** The request's clocks; also keeps its `next_due_at` / `next_risk_at` (the hub's queue keys) in step. */
  async planRequest(m: EntityManager, r: RequestEntity): Promise<OutboxItem[]> {
    const steps = await this.requestSteps(r);
    const stages = steps.filter((s) => s.clock !== 'auto_close');
    const nextDue = stages.reduce<Date | null>((min, s) => (!min || s.dueAt < min ? s.dueAt : min), null);
    const risk = stages.find((s) => s.dueAt.getTime() === nextDue?.getTime() && s.trigger.endsWith('%'));
    return this.replace(m, r.id, null, [...steps, ...(await this.postActionReportSteps(r))], {
      nextDueAt: nextDue,
      nextRiskAt: risk?.fireAt ?? null,
    });
  }

  async planAssignment(m: EntityManager, a: AssignmentEntity, priority: string, type: string): Promise<OutboxItem[]> {
    const running =
      (a.status === 'pending' || a.status === 'accepted') && a.clockPausedAt === null && a.responseDueAt !== null;
    const steps = running
      ? await this.stageSteps('assignment_response', a.createdAt, a.responseDueAt!, priority, type)
      : [];
    return this.replace(m, a.requestId, a.id, steps, null);
  }

  /** The clocks of assignments just created (none of them has a live step yet), in one insert. */
  async planNewAssignments(
    m: EntityManager,
    assignments: AssignmentEntity[],
    priority: string,
    type: string,
  ): Promise<OutboxItem[]> {
    const rows: Array<Record<string, unknown>> = [];
    for (const a of assignments) {
      if (a.status !== 'pending' || a.clockPausedAt !== null || a.responseDueAt === null) continue;
      for (const step of await this.stageSteps('assignment_response', a.createdAt, a.responseDueAt, priority, type)) {
        rows.push({
          id: randomUUID(),
          request_id: a.requestId,
          assignment_id: a.id,
          clock: step.clock,
          trigger: step.trigger,
          level: step.level,
          fire_at: step.fireAt.toISOString(),
          due_at: step.dueAt.toISOString(),
        });
      }
    }
    if (rows.length === 0) return [];
    await m.query(
      `INSERT INTO clock_deadlines (id, request_id, assignment_id, clock, trigger, level, fire_at, due_at)
       SELECT id, request_id, assignment_id, clock, trigger, level, fire_at, due_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, request_id uuid, assignment_id uuid, clock text,
           trigger text, level text, fire_at timestamptz, due_at timestamptz)`,
      [JSON.stringify(rows)],
    );
    return rows.map((row) => timer(row.id as string, new Date(row.fire_at as string)));
  }

  /**
   * NS-4 for required acknowledgements: L1 when each is due, L2 a window later, each with its delayed job.
   * The steps belong to the notification, so re-planning the request's clocks leaves them alone.
   */
  async planNoticeAcks(
    m: EntityManager,
    notices: Array<{ notificationId: string; requestId: string; assignmentId: string | null; ack: NoticeAckPayload }>,
  ): Promise<OutboxItem[]> {
    const rows = notices.flatMap((n) =>
      n.ack.steps
        .filter((s) => isEscalationLevel(s.level))
        .map((step) => ({
          id: randomUUID(),
          request_id: n.requestId,
          assignment_id: n.assignmentId,
          notification_id: n.notificationId,
          clock: 'notice_ack',
          trigger: step.trigger,
          level: step.level,
          fire_at: step.at,
          due_at: n.ack.dueAt,
        })),
    );
    if (rows.length === 0) return [];
    await m.query(
      `INSERT INTO clock_deadlines (id, request_id, assignment_id, notification_id, clock, trigger, level, fire_at, due_at)
       SELECT id, request_id, assignment_id, notification_id, clock, trigger, level, fire_at, due_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, request_id uuid, assignment_id uuid, notification_id uuid,
           clock text, trigger text, level text, fire_at timestamptz, due_at timestamptz)`,
      [JSON.stringify(rows)],
    );
    return rows.map((row) => timer(row.id, new Date(row.fire_at)));
  }

  /** The acknowledgement arrived: its escalation steps will not fire. */
  async cancelNoticeAck(m: EntityManager, notificationId: string): Promise<void> {
    await m.query(
      `UPDATE clock_deadlines SET cancelled_at = now()
        WHERE notification_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
      [notificationId],
    );
  }

  /** An exigent action's report: L1 when it is due, L2 a window later, until it is filed. */
  private async postActionReportSteps(r: RequestEntity): Promise<PlannedStep[]> {
    const due = r.postActionReportDueAt;
    if (!due || r.postActionReportedAt || NO_REPORT_OWED.includes(r.status)) return [];
    const { calendar, noticeLeadTimes } = await this.reference.get();
    const within = noticeLeadTimes.get('exigent')?.postActionReportWithin ?? { value: 12, unit: 'hours' };
    const overdue = addSlaDuration(due, within, '24x7', calendar);
    return [
      { clock: 'post_action_report', trigger: 'report_due', level: 'L1', fireAt: due, dueAt: due },
      { clock: 'post_action_report', trigger: 'report_overdue', level: 'L2', fireAt: overdue, dueAt: due },
    ];
  }

  /** Which request clocks run in this state, each with its escalation steps. */
  private async requestSteps(r: RequestEntity): Promise<PlannedStep[]> {
    if (r.clockPausedAt !== null || r.registeredAt === null) return [];
    const out: PlannedStep[] = [];
    const stage = async (clock: ClockName, runs: readonly RequestStatus[], due: Date | null) => {
      if (due && runs.includes(r.status))
        out.push(...(await this.stageSteps(clock, r.registeredAt!, due, r.priority, r.type)));
    };
    await stage('route', ROUTE_RUNS, r.routeDueAt);
    await stage('first_response', FIRST_RESPONSE_RUNS, r.firstResponseDueAt);
    await stage('close', CLOSE_RUNS, r.closeDueAt);
    // Steps timed from receipt (P1) fall at the same instant for every stage: one of each is enough.
    const seen = new Set<string>();
    const unique = out.filter((s) => {
      const k = `${s.level}|${s.fireAt.getTime()}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
    out.length = 0;
    out.push(...unique);
    if (r.status === 'response_sent' && r.responseReleasedAt) {
      const { calendar } = await this.reference.get();
      const at = addDuration(r.responseReleasedAt, AUTO_CLOSE_AFTER, calendar);
      out.push({ clock: 'auto_close', trigger: 'auto_close', level: null, fireAt: at, dueAt: at });
    }
    return out;
  }

  private async stageSteps(
    clock: ClockName,
    startedAt: Date,
    dueAt: Date,
    priority: string,
    type: string,
  ): Promise<PlannedStep[]> {
    const { calendar, sla } = await this.reference.get();
    const targets = await this.reference.slaTargets(priority, type);
    const policy = sla.get(priority);
    const steps: EscalationStep[] = policy ? escalationStepsFromSla({ escalation: policy.escalation }) : [];
    return escalationSchedule(steps, { startedAt, dueAt, calendar: targets.calendar }, calendar).map((s) => ({
      clock,
      trigger: s.trigger,
      level: s.level,
      fireAt: s.at,
      dueAt,
    }));
  }

  /**
   * One statement: cancels the live rows of this owner that the plan no longer has, writes the planned ones it
   * lacks (ids made here, so that their jobs can be written with the caller's other follow-ups) and, for a
   * request, sets its queue keys. Answers the delayed jobs of the new rows.
   */
  private async replace(
    m: EntityManager,
    requestId: string,
    assignmentId: string | null,
    planned: PlannedStep[],
    keys: { nextDueAt: Date | null; nextRiskAt: Date | null } | null,
  ): Promise<OutboxItem[]> {
    const rows = planned.map((p) => ({
      id: randomUUID(),
      clock: p.clock,
      trigger: p.trigger,
      level: p.level,
      fire_at: p.fireAt.toISOString(),
      due_at: p.dueAt.toISOString(),
    }));
    const fresh = (await m.query(
      `WITH planned AS (
         SELECT * FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, clock text, trigger text, level text,
           fire_at timestamptz, due_at timestamptz)
       ), live AS (
         SELECT id, clock, trigger, fire_at FROM clock_deadlines
          WHERE request_id = $1 AND assignment_id IS NOT DISTINCT FROM $2::uuid AND notification_id IS NULL
            AND fired_at IS NULL AND cancelled_at IS NULL
       ), stale AS (
         UPDATE clock_deadlines SET cancelled_at = now()
          WHERE id IN (SELECT l.id FROM live l WHERE NOT EXISTS (
                  SELECT 1 FROM planned p WHERE (p.clock, p.trigger, p.fire_at) = (l.clock, l.trigger, l.fire_at)))
       ), keys AS (
         UPDATE requests SET next_due_at = $5, next_risk_at = $6 WHERE $4 AND id = $1
       )
       INSERT INTO clock_deadlines (id, request_id, assignment_id, clock, trigger, level, fire_at, due_at)
       SELECT p.id, $1, $2::uuid, p.clock, p.trigger, p.level, p.fire_at, p.due_at FROM planned p
        WHERE NOT EXISTS (SELECT 1 FROM live l WHERE (l.clock, l.trigger, l.fire_at) = (p.clock, p.trigger, p.fire_at))
       RETURNING id, fire_at`,
      [requestId, assignmentId, JSON.stringify(rows), keys !== null, keys?.nextDueAt ?? null, keys?.nextRiskAt ?? null],
    )) as Array<{ id: string; fire_at: Date }>;
    return fresh.map((row) => timer(row.id, new Date(row.fire_at)));
  }
}

function timer(deadlineId: string, runAt: Date): OutboxItem<JobName.FireDeadline> {
  return { job: JobName.FireDeadline, payload: { deadlineId }, runAt };
}

function isEscalationLevel(value: string): value is EscalationLevel {
  return (ESCALATION_LEVELS as readonly string[]).includes(value);
}
