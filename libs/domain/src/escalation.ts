import { assertNever } from './assert-never.util.js';
import {
  addBusinessMillis,
  businessMillisBetween,
  isDurationUnit,
  type BusinessCalendar,
  type Duration,
} from './business-calendar.js';
import { ESCALATION_LEVELS, maxEscalationLevel, type EscalationLevel } from './request-status.js';
import { addSlaDuration, type SlaCalendarKind } from './sla-clock.js';

/**
 * When a step fires (reference/sla.json `durationFormat`): 'NN%' of the running stage, 'breach' when the stage
 * deadline passes, or a duration elapsed since receipt.
 */
export type EscalationTrigger = `${number}%` | 'breach' | Duration;

export interface EscalationStep {
  level: EscalationLevel;
  at: EscalationTrigger;
}

export interface StageClock {
  startedAt: Date;
  /** The deadline, already moved later by any pause. */
  dueAt: Date;
  calendar: SlaCalendarKind;
  /** Receipt of the request, from which duration steps count; defaults to `startedAt`. */
  receivedAt?: Date;
  /**
   * Clock time spent paused so far (working milliseconds on a business clock, wall milliseconds on 24x7), which
   * `dueAt` already includes. Percentages are of the running length only, taken as if the pauses came first
   * (a clarification comes early in a stage); duration steps move later by the same amount.
   */
  pausedMillis?: number;
}

export interface ScheduledEscalation {
  level: EscalationLevel;
  at: Date;
  /** The step's trigger as written: '80%', 'breach', or '4 hours'. */
  trigger: string;
}

const PERCENT_PATTERN = /^(\d+(?:\.\d+)?)%$/;

/**
 * The instant each step fires for this stage, earliest first (percentages of the stage's length measured in
 * business time on a business clock, wall time on 24x7).
 */
export function escalationSchedule(
  steps: EscalationStep[],
  clock: StageClock,
  cal: BusinessCalendar,
): ScheduledEscalation[] {
  const scheduled = steps.map((step) => ({
    level: step.level,
    at: stepInstant(step.at, clock, cal),
    trigger: triggerText(step.at),
  }));
  return scheduled.sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() || ESCALATION_LEVELS.indexOf(a.level) - ESCALATION_LEVELS.indexOf(b.level),
  );
}

/** The highest level whose instant has passed at `now` (the instant itself counts), or null. */
export function escalationReached(
  steps: EscalationStep[],
  clock: StageClock,
  now: Date,
  cal: BusinessCalendar,
): EscalationLevel | null {
  let reached: EscalationLevel | null = null;
  for (const step of escalationSchedule(steps, clock, cal)) {
    if (step.at.getTime() <= now.getTime()) reached = reached === null ? step.level : maxLevel(reached, step.level);
  }
  return reached;
}

/** The next step still to fire after `now` that would raise the level above `current`: when to set the next timer. */
export function nextEscalation(
  steps: EscalationStep[],
  clock: StageClock,
  now: Date,
  cal: BusinessCalendar,
  current: EscalationLevel = 'L0',
): ScheduledEscalation | null {
  return (
    escalationSchedule(steps, clock, cal).find(
      (step) => step.at.getTime() > now.getTime() && maxLevel(step.level, current) !== current,
    ) ?? null
  );
}

/** Escalation only rises: the higher of two levels. */
export function maxLevel(a: EscalationLevel, b: EscalationLevel): EscalationLevel {
  return maxEscalationLevel(a, b);
}

/** The escalation steps of one entry of sla.json `priorities`; throws RangeError naming the bad step. */
export function escalationStepsFromSla(priorityJson: unknown): EscalationStep[] {
  const steps = isRecord(priorityJson) ? priorityJson.escalation : undefined;
  if (!Array.isArray(steps)) throw new RangeError('Expected a priority with an `escalation` array');
  return steps.map((raw: unknown, i) => {
    const step = isRecord(raw) ? raw : {};
    const level = step.level;
    if (typeof level !== 'string' || !(ESCALATION_LEVELS as readonly string[]).includes(level)) {
      throw new RangeError(`escalation[${i}].level must be one of ${ESCALATION_LEVELS.join(', ')}`);
    }
    const at = parseTrigger(step.at);
    if (at === null) throw new RangeError(`escalation[${i}].at must be 'NN%', 'breach' or a {value, unit} duration`);
    return { level: level as EscalationLevel, at };
  });
}

/** A trigger as sla.json writes it, or null when it is not one. */
export function parseTrigger(value: unknown): EscalationTrigger | null {
  if (value === 'breach') return 'breach';
  if (typeof value === 'string') return PERCENT_PATTERN.test(value) ? (value as `${number}%`) : null;
  if (!isRecord(value)) return null;
  const { value: amount, unit } = value;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return null;
  if (typeof unit !== 'string' || !isDurationUnit(unit)) return null;
  return { value: amount, unit };
}

function stepInstant(at: EscalationTrigger, clock: StageClock, cal: BusinessCalendar): Date {
  if (at === 'breach') return new Date(clock.dueAt.getTime());
  if (typeof at === 'string') return percentInstant(percentOf(at), clock, cal);
  const paused = pausedMillis(clock);
  const reached = addSlaDuration(clock.receivedAt ?? clock.startedAt, at, clock.calendar, cal);
  return shiftBy(reached, paused, clock.calendar, cal);
}

/**
 * `percent` of the running length, rounded up so that a step never fires early. Below 100 % it counts from the
 * start; from 100 % on it counts on from the deadline, so that '100%' is the breach and '150%' never comes before
 * it, even when the deadline falls outside working hours (a calendar-unit target on a business clock).
 */
function percentInstant(percent: number, clock: StageClock, cal: BusinessCalendar): Date {
  const paused = pausedMillis(clock);
  const total = clockMillisBetween(clock.startedAt, clock.dueAt, clock.calendar, cal);
  const running = Math.max(0, total - paused);
  if (percent >= 100) {
    return shiftBy(clock.dueAt, Math.ceil((running * (percent - 100)) / 100), clock.calendar, cal);
  }
  return shiftBy(clock.startedAt, Math.ceil((running * percent) / 100) + paused, clock.calendar, cal);
}

function clockMillisBetween(a: Date, b: Date, kind: SlaCalendarKind, cal: BusinessCalendar): number {
  switch (kind) {
    case '24x7':
      return Math.max(0, b.getTime() - a.getTime());
    case 'business':
      return businessMillisBetween(a, b, cal);
    default:
      return assertNever(kind);
  }
}

function shiftBy(start: Date, millis: number, kind: SlaCalendarKind, cal: BusinessCalendar): Date {
  switch (kind) {
    case '24x7':
      return new Date(start.getTime() + millis);
    case 'business':
      return addBusinessMillis(start, millis, cal);
    default:
      return assertNever(kind);
  }
}

function pausedMillis(clock: StageClock): number {
  const paused = clock.pausedMillis ?? 0;
  if (!Number.isFinite(paused) || paused < 0) throw new RangeError(`pausedMillis must be >= 0, got ${paused}`);
  return paused;
}

function percentOf(trigger: `${number}%`): number {
  const match = PERCENT_PATTERN.exec(trigger);
  if (!match) throw new RangeError(`Expected 'NN%', got '${trigger}'`);
  return Number(match[1]);
}

function triggerText(at: EscalationTrigger): string {
  return typeof at === 'string' ? at : `${at.value} ${at.unit}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
