import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AssignmentEntity } from '@ventanilla/database/entities/assignment.entity.js';
import type { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { addDuration, type Duration } from '@ventanilla/domain/business-calendar.js';
import { escalationSchedule, escalationStepsFromSla, type EscalationStep } from '@ventanilla/domain/escalation.js';
import { ESCALATION_LEVELS, type EscalationLevel, type RequestStatus } from '@ventanilla/domain/request-status.js';
import { addSlaDuration } from '@ventanilla/domain/sla-clock.js';
import { JobName, type NoticeAckPayload } from '@ventanilla/queue/jobs.js';
import { OutboxWriter } from '@ventanilla/queue/outbox.writer.js';
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

interface LiveDeadline {
  id: string;
  clock: string;
  trigger: string;
  fire_at: Date;
}

/**
 * Keeps `clock_deadlines` in step with a request's or an assignment's state. Each status change calls it in
 * its own transaction: it works out which clocks run now and when each escalation step falls due, cancels the
 * live rows the plan no longer has and writes the ones it lacks, each with a delayed job in the outbox.
 * A paused clock (clarification pending) has no live rows; resuming moves the due dates and plans again.
 */
@Injectable()
export class ClockPlanner {
  constructor(
    private readonly reference: ReferenceRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async planRequest(m: EntityManager, r: RequestEntity): Promise<void> {
    const steps = await this.requestSteps(r);
    await this.replace(m, r.id, null, [...steps, ...(await this.postActionReportSteps(r))]);
    const stages = steps.filter((s) => s.clock !== 'auto_close');
    const nextDue = stages.reduce<Date | null>((min, s) => (!min || s.dueAt < min ? s.dueAt : min), null);
    const risk = stages.find((s) => s.dueAt.getTime() === nextDue?.getTime() && s.trigger.endsWith('%'));
    await m.query(`UPDATE requests SET next_due_at = $2, next_risk_at = $3 WHERE id = $1`, [
      r.id,
      nextDue,
      risk?.fireAt ?? null,
    ]);
  }

  async planAssignment(m: EntityManager, a: AssignmentEntity, priority: string, type: string): Promise<void> {
    const running =
      (a.status === 'pending' || a.status === 'accepted') && a.clockPausedAt === null && a.responseDueAt !== null;
    const steps = running
      ? await this.stageSteps('assignment_response', a.createdAt, a.responseDueAt!, priority, type)
      : [];
    await this.replace(m, a.requestId, a.id, steps);
  }

  /**
   * NS-4 for one required acknowledgement: L1 when it is due, L2 a window later, each with its delayed job.
   * The steps belong to the notification, so re-planning the request's clocks leaves them alone.
   */
  async planNoticeAck(
    m: EntityManager,
    notice: { notificationId: string; requestId: string; assignmentId: string | null; ack: NoticeAckPayload },
  ): Promise<void> {
    const steps = notice.ack.steps.filter((s) => isEscalationLevel(s.level));
    if (steps.length === 0) return;
    const values: unknown[] = [];
    const tuples = steps.map((step, i) => {
      values.push(
        notice.requestId,
        notice.assignmentId,
        notice.notificationId,
        step.trigger,
        step.level,
        step.at,
        notice.ack.dueAt,
      );
      const b = i * 7;
      return `($${b + 1}::uuid, $${b + 2}::uuid, $${b + 3}::uuid, 'notice_ack', $${b + 4}, $${b + 5}, $${b + 6}::timestamptz, $${b + 7}::timestamptz)`;
    });
    const rows = (await m.query(
      `INSERT INTO clock_deadlines (request_id, assignment_id, notification_id, clock, trigger, level, fire_at, due_at)
       VALUES ${tuples.join(', ')} RETURNING id, fire_at`,
      values,
    )) as Array<{ id: string; fire_at: Date }>;
    await this.outbox.write(
      m,
      rows.map((row) => ({ job: JobName.FireDeadline, payload: { deadlineId: row.id }, runAt: new Date(row.fire_at) })),
    );
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

  /** Cancels the live rows of this owner that the plan no longer has, and writes the planned ones it lacks. */
  private async replace(
    m: EntityManager,
    requestId: string,
    assignmentId: string | null,
    planned: PlannedStep[],
  ): Promise<void> {
    const live = (await m.query(
      `SELECT id, clock, trigger, fire_at FROM clock_deadlines
        WHERE request_id = $1 AND assignment_id IS NOT DISTINCT FROM $2 AND notification_id IS NULL
          AND fired_at IS NULL AND cancelled_at IS NULL`,
      [requestId, assignmentId],
    )) as LiveDeadline[];
    const key = (clock: string, trigger: string, at: Date) => `${clock}|${trigger}|${at.getTime()}`;
    const liveKeys = new Set(live.map((d) => key(d.clock, d.trigger, new Date(d.fire_at))));
    const plannedKeys = new Set(planned.map((p) => key(p.clock, p.trigger, p.fireAt)));
    const stale = live.filter((d) => !plannedKeys.has(key(d.clock, d.trigger, new Date(d.fire_at))));
    const fresh = planned.filter((p) => !liveKeys.has(key(p.clock, p.trigger, p.fireAt)));
    if (stale.length > 0) {
      await m.query(`UPDATE clock_deadlines SET cancelled_at = now() WHERE id = ANY($1)`, [stale.map((d) => d.id)]);
    }
    if (fresh.length === 0) return;
    const values: unknown[] = [];
    const tuples = fresh.map((p, i) => {
      values.push(requestId, assignmentId, p.clock, p.trigger, p.level, p.fireAt, p.dueAt);
      const b = i * 7;
      return `($${b + 1}::uuid, $${b + 2}::uuid, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::timestamptz, $${b + 7}::timestamptz)`;
    });
    const rows = (await m.query(
      `INSERT INTO clock_deadlines (request_id, assignment_id, clock, trigger, level, fire_at, due_at)
       VALUES ${tuples.join(', ')} RETURNING id, fire_at`,
      values,
    )) as Array<{ id: string; fire_at: Date }>;
    await this.outbox.write(
      m,
      rows.map((row) => ({ job: JobName.FireDeadline, payload: { deadlineId: row.id }, runAt: new Date(row.fire_at) })),
    );
  }
}

function isEscalationLevel(value: string): value is EscalationLevel {
  return (ESCALATION_LEVELS as readonly string[]).includes(value);
}
