import { MEXICO_CITY_TIME_ZONE, defaultCalendar, fromLocalDateTime, toLocalDateTime } from './business-calendar.js';
import { addSlaDuration, asCalendarTime, computeDueDates, shiftForPause, type SlaTargets } from './sla-clock.js';

const cal = defaultCalendar(['2026-01-01', '2026-02-02', '2026-04-02', '2026-04-03']);
const mx = (local: string): Date => fromLocalDateTime(local, MEXICO_CITY_TIME_ZONE);
const local = (instant: Date | null): string | null =>
  instant === null ? null : toLocalDateTime(instant, MEXICO_CITY_TIME_ZONE);

// Targets as reference/sla.json sets them.
const P1: SlaTargets = {
  calendar: '24x7',
  acknowledgeWithin: { value: 1, unit: 'hours' },
  routeWithin: { value: 2, unit: 'hours' },
  firstResponseWithin: { value: 8, unit: 'hours' },
  closeWithin: { value: 24, unit: 'hours' },
};
const P2: SlaTargets = {
  calendar: 'business',
  acknowledgeWithin: { value: 4, unit: 'businessHours' },
  routeWithin: { value: 1, unit: 'businessDays' },
  firstResponseWithin: { value: 3, unit: 'businessDays' },
  closeWithin: { value: 7, unit: 'businessDays' },
};
const P3: SlaTargets = {
  calendar: 'business',
  acknowledgeWithin: { value: 1, unit: 'businessDays' },
  routeWithin: { value: 3, unit: 'businessDays' },
  firstResponseWithin: { value: 7, unit: 'businessDays' },
  closeWithin: { value: 20, unit: 'businessDays' },
};
const P4: SlaTargets = {
  calendar: 'business',
  acknowledgeWithin: { value: 2, unit: 'businessDays' },
  routeWithin: { value: 5, unit: 'businessDays' },
  firstResponseWithin: { value: 20, unit: 'businessDays' },
  closeWithin: null,
};

const asLocal = (dues: ReturnType<typeof computeDueDates>) => ({
  acknowledgeDueAt: local(dues.acknowledgeDueAt),
  routeDueAt: local(dues.routeDueAt),
  firstResponseDueAt: local(dues.firstResponseDueAt),
  closeDueAt: local(dues.closeDueAt),
});

describe('computeDueDates', () => {
  it('P2 received Friday 17:00: acknowledge Monday 12:00, each stage measured from receipt', () => {
    const dues = computeDueDates(mx('2026-01-02T17:00'), P2, cal);
    expect(dues.acknowledgeDueAt.toISOString()).toBe('2026-01-05T18:00:00.000Z');
    expect(asLocal(dues)).toEqual({
      acknowledgeDueAt: '2026-01-05T12:00:00',
      routeDueAt: '2026-01-05T17:00:00',
      firstResponseDueAt: '2026-01-07T17:00:00',
      closeDueAt: '2026-01-13T17:00:00',
    });
  });

  it('P1 runs 24x7: a Saturday-night request is due in elapsed hours', () => {
    const dues = computeDueDates(mx('2026-01-03T03:00'), P1, cal);
    expect(dues.acknowledgeDueAt.toISOString()).toBe('2026-01-03T10:00:00.000Z');
    expect(asLocal(dues)).toEqual({
      acknowledgeDueAt: '2026-01-03T04:00:00',
      routeDueAt: '2026-01-03T05:00:00',
      firstResponseDueAt: '2026-01-03T11:00:00',
      closeDueAt: '2026-01-04T03:00:00',
    });
  });

  it('a 24x7 clock reads business units as calendar time', () => {
    const targets: SlaTargets = { ...P2, calendar: '24x7' };
    expect(asLocal(computeDueDates(mx('2026-01-02T17:00'), targets, cal))).toEqual({
      acknowledgeDueAt: '2026-01-02T21:00:00',
      routeDueAt: '2026-01-03T17:00:00',
      firstResponseDueAt: '2026-01-05T17:00:00',
      closeDueAt: '2026-01-09T17:00:00',
    });
  });

  it('P3 received on a Saturday starts counting at Monday’s opening', () => {
    expect(asLocal(computeDueDates(mx('2026-01-10T12:00'), P3, cal))).toEqual({
      acknowledgeDueAt: '2026-01-13T09:00:00',
      routeDueAt: '2026-01-15T09:00:00',
      firstResponseDueAt: '2026-01-21T09:00:00',
      closeDueAt: '2026-02-10T09:00:00',
    });
  });

  it('P4 has no single closing deadline', () => {
    const dues = computeDueDates(mx('2026-01-05T10:00'), P4, cal);
    expect(dues.closeDueAt).toBeNull();
    expect(local(dues.acknowledgeDueAt)).toBe('2026-01-07T10:00:00');
    expect(local(dues.firstResponseDueAt)).toBe('2026-02-03T10:00:00');
  });
});

describe('asCalendarTime and addSlaDuration', () => {
  it('maps business units to calendar units and leaves calendar units alone', () => {
    expect(asCalendarTime({ value: 4, unit: 'businessHours' })).toEqual({ value: 4, unit: 'hours' });
    expect(asCalendarTime({ value: 2, unit: 'businessDays' })).toEqual({ value: 2, unit: 'days' });
    expect(asCalendarTime({ value: 1, unit: 'months' })).toEqual({ value: 1, unit: 'months' });
  });

  it('adds on the clock of the given kind', () => {
    const friday = mx('2026-01-02T17:00');
    expect(local(addSlaDuration(friday, { value: 4, unit: 'businessHours' }, 'business', cal))).toBe(
      '2026-01-05T12:00:00',
    );
    expect(local(addSlaDuration(friday, { value: 4, unit: 'businessHours' }, '24x7', cal))).toBe('2026-01-02T21:00:00');
  });
});

describe('shiftForPause', () => {
  it('business clock: moves the deadline by the working time spent paused', () => {
    // Paused Friday 17:30 → Monday 10:00: 30 min on Friday + 1 h on Monday.
    const due = shiftForPause(mx('2026-01-05T12:00'), mx('2026-01-02T17:30'), mx('2026-01-05T10:00'), 'business', cal);
    expect(due.toISOString()).toBe('2026-01-05T19:30:00.000Z');
    expect(local(due)).toBe('2026-01-05T13:30:00');
  });

  it('business clock: a pause over a weekend or a night costs nothing', () => {
    const due = mx('2026-01-05T12:00');
    expect(shiftForPause(due, mx('2026-01-02T18:30'), mx('2026-01-05T08:00'), 'business', cal)).toEqual(due);
    expect(shiftForPause(due, mx('2026-01-06T19:00'), mx('2026-01-07T09:00'), 'business', cal)).toEqual(due);
  });

  it('business clock: the shifted deadline itself skips nights, weekends and holidays', () => {
    const tuesday = shiftForPause(
      mx('2026-01-06T17:00'),
      mx('2026-01-06T10:00'),
      mx('2026-01-06T12:00'),
      'business',
      cal,
    );
    expect(local(tuesday)).toBe('2026-01-07T10:00:00');
    const friday = shiftForPause(
      mx('2026-01-30T17:00'),
      mx('2026-01-29T10:00'),
      mx('2026-01-29T12:00'),
      'business',
      cal,
    );
    expect(local(friday)).toBe('2026-02-03T10:00:00');
  });

  it('24x7 clock: moves the deadline by the wall time spent paused, weekends included', () => {
    const due = shiftForPause(mx('2026-01-03T11:00'), mx('2026-01-03T05:00'), mx('2026-01-03T09:30'), '24x7', cal);
    expect(local(due)).toBe('2026-01-03T15:30:00');
  });

  it('leaves the deadline alone when resumption is not after the pause', () => {
    const due = mx('2026-01-05T12:00');
    expect(shiftForPause(due, mx('2026-01-05T10:00'), mx('2026-01-05T09:00'), '24x7', cal)).toEqual(due);
    expect(shiftForPause(due, mx('2026-01-05T10:00'), mx('2026-01-05T09:00'), 'business', cal)).toEqual(due);
  });
});
