import { assertNever } from './assert-never.util.js';
import {
  addBusinessMillis,
  addDuration,
  businessMillisBetween,
  type BusinessCalendar,
  type Duration,
} from './business-calendar.js';

/** How a priority's clocks run (reference/sla.json `calendar`): P1 around the clock, the rest in business time. */
export const SLA_CALENDAR_KINDS = ['24x7', 'business'] as const;
export type SlaCalendarKind = (typeof SLA_CALENDAR_KINDS)[number];

export interface SlaTargets {
  calendar: SlaCalendarKind;
  acknowledgeWithin: Duration;
  routeWithin: Duration;
  firstResponseWithin: Duration;
  /** Null when the priority has no single closing target (P4 closes per request type). */
  closeWithin: Duration | null;
}

export interface SlaDueDates {
  acknowledgeDueAt: Date;
  routeDueAt: Date;
  firstResponseDueAt: Date;
  closeDueAt: Date | null;
}

/** Every stage deadline, each measured from receipt (not from the previous stage). */
export function computeDueDates(receivedAt: Date, targets: SlaTargets, cal: BusinessCalendar): SlaDueDates {
  const due = (duration: Duration) => addSlaDuration(receivedAt, duration, targets.calendar, cal);
  return {
    acknowledgeDueAt: due(targets.acknowledgeWithin),
    routeDueAt: due(targets.routeWithin),
    firstResponseDueAt: due(targets.firstResponseWithin),
    closeDueAt: targets.closeWithin === null ? null : due(targets.closeWithin),
  };
}

/** `start` plus `duration` on a clock of the given kind: a 24x7 clock reads business units as calendar time. */
export function addSlaDuration(
  start: Date,
  duration: Duration,
  calendarKind: SlaCalendarKind,
  cal: BusinessCalendar,
): Date {
  switch (calendarKind) {
    case '24x7':
      return addDuration(start, asCalendarTime(duration), cal);
    case 'business':
      return addDuration(start, duration, cal);
    default:
      return assertNever(calendarKind);
  }
}

/** The same duration in calendar units: business hours become hours, business days become days. */
export function asCalendarTime(duration: Duration): Duration {
  switch (duration.unit) {
    case 'hours':
    case 'days':
    case 'months':
      return duration;
    case 'businessHours':
      return { value: duration.value, unit: 'hours' };
    case 'businessDays':
      return { value: duration.value, unit: 'days' };
    default:
      return assertNever(duration.unit);
  }
}

/**
 * `due` moved later by the time the clock was paused (a pending clarification): the working time between
 * `pausedFrom` and `resumedAt` on a business clock, the wall time on a 24x7 clock.
 */
export function shiftForPause(
  due: Date,
  pausedFrom: Date,
  resumedAt: Date,
  calendarKind: SlaCalendarKind,
  cal: BusinessCalendar,
): Date {
  switch (calendarKind) {
    case '24x7':
      return new Date(due.getTime() + Math.max(0, resumedAt.getTime() - pausedFrom.getTime()));
    case 'business':
      return addBusinessMillis(due, businessMillisBetween(pausedFrom, resumedAt, cal), cal);
    default:
      return assertNever(calendarKind);
  }
}
