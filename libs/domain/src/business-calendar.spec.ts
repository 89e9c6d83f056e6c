import {
  MEXICO_CITY_TIME_ZONE,
  addBusinessMillis,
  addDuration,
  businessMillisBetween,
  defaultCalendar,
  fromLocalDateTime,
  isBusinessDay,
  isWithinBusinessHours,
  localDateOf,
  toLocalDateTime,
  type Duration,
} from './business-calendar.js';

// Mexican federal holidays of 2026 plus Holy Thursday and Friday, as an administration would configure them.
const cal = defaultCalendar([
  '2026-01-01',
  '2026-02-02',
  '2026-03-16',
  '2026-04-02',
  '2026-04-03',
  '2026-05-01',
  '2026-09-16',
  '2026-11-16',
  '2026-12-25',
]);

const HOUR = 3_600_000;
/** A Mexico City wall time, e.g. mx('2026-01-02T17:00'). */
const mx = (local: string): Date => fromLocalDateTime(local, MEXICO_CITY_TIME_ZONE);
/** The Mexico City wall time of an instant, to the second. */
const local = (instant: Date): string => toLocalDateTime(instant, MEXICO_CITY_TIME_ZONE);
const add = (start: string, value: number, unit: Duration['unit']): string =>
  local(addDuration(mx(start), { value, unit }, cal));

describe('Mexico City wall time', () => {
  it('converts 2026 local times at UTC-6 (no daylight saving since 2022)', () => {
    expect(mx('2026-01-02T17:00').toISOString()).toBe('2026-01-02T23:00:00.000Z');
    expect(mx('2026-07-15T09:00').toISOString()).toBe('2026-07-15T15:00:00.000Z');
    expect(local(new Date('2026-01-03T05:59:59Z'))).toBe('2026-01-02T23:59:59');
  });

  it('takes the offset from the time-zone database, not a constant: 2022 summer was UTC-5', () => {
    expect(mx('2022-06-01T09:00').toISOString()).toBe('2022-06-01T14:00:00.000Z');
    expect(mx('2022-12-01T09:00').toISOString()).toBe('2022-12-01T15:00:00.000Z');
  });

  it('resolves the hour repeated at the 2022 fall-back to its first occurrence', () => {
    expect(mx('2022-10-30T01:30').toISOString()).toBe('2022-10-30T06:30:00.000Z');
  });

  it('moves a time skipped at the 2022 spring-forward past the jump', () => {
    expect(mx('2022-04-03T02:30').toISOString()).toBe('2022-04-03T08:30:00.000Z');
    expect(local(mx('2022-04-03T02:30'))).toBe('2022-04-03T03:30:00');
  });

  it('gives the local date, which may differ from the UTC date', () => {
    expect(localDateOf(new Date('2026-01-03T03:00:00Z'), MEXICO_CITY_TIME_ZONE)).toBe('2026-01-02');
  });

  it('refuses malformed local times', () => {
    expect(() => mx('2026-01-02 17:00')).toThrow(RangeError);
    expect(() => mx('2026-02-30T10:00')).toThrow(RangeError);
    expect(() => mx('2026-01-02T24:00')).toThrow(RangeError);
  });
});

describe('defaultCalendar', () => {
  it('works 09:00–18:00 in Mexico City', () => {
    expect(cal).toMatchObject({ timeZone: 'America/Mexico_City', workdayStart: '09:00', workdayEnd: '18:00' });
  });

  it('refuses a holiday that is not a real YYYY-MM-DD date', () => {
    expect(() => defaultCalendar(['2026-2-2'])).toThrow(RangeError);
    expect(() => defaultCalendar(['2026-02-30'])).toThrow(RangeError);
  });

  it('knows weekends and holidays are not business days', () => {
    expect(isBusinessDay('2026-01-02', cal)).toBe(true);
    expect(isBusinessDay('2026-01-03', cal)).toBe(false);
    expect(isBusinessDay('2026-01-04', cal)).toBe(false);
    expect(isBusinessDay('2026-02-02', cal)).toBe(false);
    expect(isBusinessDay('2026-02-02', defaultCalendar([]))).toBe(true);
  });

  it('opens at 09:00 and closes at 18:00 sharp', () => {
    expect(isWithinBusinessHours(mx('2026-01-05T08:59:59'), cal)).toBe(false);
    expect(isWithinBusinessHours(mx('2026-01-05T09:00'), cal)).toBe(true);
    expect(isWithinBusinessHours(mx('2026-01-05T17:59:59'), cal)).toBe(true);
    expect(isWithinBusinessHours(mx('2026-01-05T18:00'), cal)).toBe(false);
    expect(isWithinBusinessHours(mx('2026-01-03T12:00'), cal)).toBe(false);
  });
});

describe('addDuration: businessHours', () => {
  it('Friday 17:00 + 4 business hours is Monday 12:00', () => {
    const due = addDuration(mx('2026-01-02T17:00'), { value: 4, unit: 'businessHours' }, cal);
    expect(due.toISOString()).toBe('2026-01-05T18:00:00.000Z');
    expect(local(due)).toBe('2026-01-05T12:00:00');
  });

  it('crosses the night', () => {
    expect(add('2026-01-06T16:00', 4, 'businessHours')).toBe('2026-01-07T11:00:00');
  });

  it('stays at 18:00 when the time runs out exactly at closing', () => {
    expect(add('2026-01-06T14:00', 4, 'businessHours')).toBe('2026-01-06T18:00:00');
  });

  it('starts counting at the next opening from a weekend, a night or an early morning', () => {
    expect(add('2026-01-03T10:00', 2, 'businessHours')).toBe('2026-01-05T11:00:00');
    expect(add('2026-01-06T21:00', 2, 'businessHours')).toBe('2026-01-07T11:00:00');
    expect(add('2026-01-06T07:00', 1, 'businessHours')).toBe('2026-01-06T10:00:00');
  });

  it('skips holidays', () => {
    expect(add('2026-01-30T16:00', 4, 'businessHours')).toBe('2026-02-03T11:00:00');
    expect(add('2026-04-01T17:00', 2, 'businessHours')).toBe('2026-04-06T10:00:00');
    expect(add('2025-12-31T17:00', 2, 'businessHours')).toBe('2026-01-02T10:00:00');
  });

  it('spans several days, nine working hours each', () => {
    expect(add('2026-01-05T09:00', 18, 'businessHours')).toBe('2026-01-06T18:00:00');
    expect(add('2026-01-05T09:00', 19, 'businessHours')).toBe('2026-01-07T10:00:00');
    expect(add('2026-01-08T09:00', 27, 'businessHours')).toBe('2026-01-12T18:00:00');
  });

  it('handles fractions of an hour', () => {
    expect(add('2026-01-06T17:30', 0.75, 'businessHours')).toBe('2026-01-07T09:15:00');
  });

  it('is not fooled by the 2022 fall-back: Friday 17:00 CDT + 4 is Monday 12:00 CST', () => {
    const due = addDuration(mx('2022-10-28T17:00'), { value: 4, unit: 'businessHours' }, cal);
    expect(due.toISOString()).toBe('2022-10-31T18:00:00.000Z');
  });
});

describe('addDuration: businessDays', () => {
  it('inside working hours: the same wall time N working days later', () => {
    expect(add('2026-01-06T10:30', 1, 'businessDays')).toBe('2026-01-07T10:30:00');
    expect(add('2026-01-09T10:30', 1, 'businessDays')).toBe('2026-01-12T10:30:00');
    expect(add('2026-01-05T09:00', 5, 'businessDays')).toBe('2026-01-12T09:00:00');
    expect(add('2026-01-06T17:59', 3, 'businessDays')).toBe('2026-01-09T17:59:00');
  });

  it('skips holidays', () => {
    expect(add('2026-01-30T10:00', 1, 'businessDays')).toBe('2026-02-03T10:00:00');
    expect(add('2026-04-01T12:00', 1, 'businessDays')).toBe('2026-04-06T12:00:00');
  });

  it('outside working hours: counts from the next working-day opening, ending at 09:00', () => {
    // Friday evening: Monday 09:00 is the anchor, so one full working day (Monday) ends Tuesday 09:00.
    expect(add('2026-01-09T19:00', 1, 'businessDays')).toBe('2026-01-13T09:00:00');
    expect(add('2026-01-10T12:00', 1, 'businessDays')).toBe('2026-01-13T09:00:00');
    expect(add('2026-01-06T08:00', 1, 'businessDays')).toBe('2026-01-07T09:00:00');
    // Closing time is already outside (the working window excludes 18:00).
    expect(add('2026-01-06T18:00', 1, 'businessDays')).toBe('2026-01-08T09:00:00');
    expect(add('2026-01-01T10:00', 1, 'businessDays')).toBe('2026-01-05T09:00:00');
  });

  it('agrees with business hours: N business days from an opening is N × 9 working hours', () => {
    const start = mx('2026-01-09T19:00');
    const due = addDuration(start, { value: 3, unit: 'businessDays' }, cal);
    expect(businessMillisBetween(start, due, cal)).toBe(27 * HOUR);
  });

  it('keeps the wall time across the 2022 fall-back (73 elapsed hours, not 72)', () => {
    const start = mx('2022-10-28T10:00');
    const due = addDuration(start, { value: 1, unit: 'businessDays' }, cal);
    expect(due.toISOString()).toBe('2022-10-31T16:00:00.000Z');
    expect(due.getTime() - start.getTime()).toBe(73 * HOUR);
  });
});

describe('addDuration: calendar units', () => {
  it('hours and days are elapsed time, weekends and holidays included', () => {
    expect(add('2026-01-02T17:00', 24, 'hours')).toBe('2026-01-03T17:00:00');
    expect(add('2026-01-02T17:00', 3, 'days')).toBe('2026-01-05T17:00:00');
    expect(add('2025-12-31T23:30', 1, 'hours')).toBe('2026-01-01T00:30:00');
  });

  it('hours ignore the wall clock across the 2022 fall-back', () => {
    const due = addDuration(mx('2022-10-29T12:00'), { value: 24, unit: 'hours' }, cal);
    expect(due.toISOString()).toBe('2022-10-30T17:00:00.000Z');
    expect(local(due)).toBe('2022-10-30T11:00:00');
  });

  it('months follow the local calendar date and keep the wall time', () => {
    expect(add('2026-03-15T10:00', 1, 'months')).toBe('2026-04-15T10:00:00');
    expect(add('2026-03-15T10:00', 12, 'months')).toBe('2027-03-15T10:00:00');
    expect(add('2026-11-30T10:00', 3, 'months')).toBe('2027-02-28T10:00:00');
  });

  it('months clamp to the last day of a shorter month', () => {
    expect(add('2026-01-31T10:00', 1, 'months')).toBe('2026-02-28T10:00:00');
    expect(add('2028-01-31T10:00', 1, 'months')).toBe('2028-02-29T10:00:00');
  });

  it('months use the Mexico City date even when the UTC date is already the next day', () => {
    // 22:00 on Jan 31 in Mexico City is Feb 1 in UTC; one month later is Feb 28, not Mar 1.
    const due = addDuration(mx('2026-01-31T22:00'), { value: 1, unit: 'months' }, cal);
    expect(due.toISOString()).toBe('2026-03-01T04:00:00.000Z');
    expect(local(due)).toBe('2026-02-28T22:00:00');
  });
});

describe('addDuration: edge values', () => {
  it('returns the start for a zero duration in every unit', () => {
    const saturday = mx('2026-01-03T12:00');
    for (const unit of ['hours', 'days', 'months', 'businessHours', 'businessDays'] as const) {
      expect(addDuration(saturday, { value: 0, unit }, cal)).toEqual(saturday);
    }
  });

  it('refuses negative, infinite and fractional whole-unit durations', () => {
    const start = mx('2026-01-05T10:00');
    expect(() => addDuration(start, { value: -1, unit: 'hours' }, cal)).toThrow(RangeError);
    expect(() => addDuration(start, { value: Number.POSITIVE_INFINITY, unit: 'businessHours' }, cal)).toThrow(
      RangeError,
    );
    expect(() => addDuration(start, { value: 1.5, unit: 'businessDays' }, cal)).toThrow(RangeError);
    expect(() => addDuration(start, { value: 0.5, unit: 'months' }, cal)).toThrow(RangeError);
  });

  it('gives up on a calendar with no working day in a year instead of looping forever', () => {
    const everyDay = Array.from({ length: 800 }, (_, i) =>
      new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
    );
    const closed = defaultCalendar(everyDay);
    expect(() => addDuration(mx('2026-01-05T10:00'), { value: 1, unit: 'businessHours' }, closed)).toThrow(RangeError);
    expect(() => addDuration(mx('2026-01-05T10:00'), { value: 1, unit: 'businessDays' }, closed)).toThrow(RangeError);
  });
});

describe('businessMillisBetween', () => {
  it('counts only working time', () => {
    expect(businessMillisBetween(mx('2026-01-02T17:00'), mx('2026-01-05T12:00'), cal)).toBe(4 * HOUR);
    expect(businessMillisBetween(mx('2026-01-06T10:00'), mx('2026-01-06T12:00'), cal)).toBe(2 * HOUR);
    expect(businessMillisBetween(mx('2026-01-05T00:00'), mx('2026-01-10T00:00'), cal)).toBe(45 * HOUR);
  });

  it('is zero over a weekend, a holiday or a night', () => {
    expect(businessMillisBetween(mx('2026-01-03T08:00'), mx('2026-01-04T20:00'), cal)).toBe(0);
    expect(businessMillisBetween(mx('2026-02-02T08:00'), mx('2026-02-02T20:00'), cal)).toBe(0);
    expect(businessMillisBetween(mx('2026-01-06T18:00'), mx('2026-01-07T09:00'), cal)).toBe(0);
  });

  it('is zero when the end is not after the start', () => {
    expect(businessMillisBetween(mx('2026-01-06T12:00'), mx('2026-01-06T10:00'), cal)).toBe(0);
    expect(businessMillisBetween(mx('2026-01-06T12:00'), mx('2026-01-06T12:00'), cal)).toBe(0);
  });

  it('skips holidays', () => {
    expect(businessMillisBetween(mx('2026-01-30T09:00'), mx('2026-02-03T09:00'), cal)).toBe(9 * HOUR);
  });

  it('counts working hours, not elapsed hours, across the 2022 fall-back', () => {
    expect(businessMillisBetween(mx('2022-10-28T09:00'), mx('2022-10-31T18:00'), cal)).toBe(18 * HOUR);
  });

  it('undoes addBusinessMillis', () => {
    const starts = ['2026-01-02T17:00', '2026-01-03T10:00', '2026-01-06T07:15', '2026-04-01T12:34'];
    for (const start of starts) {
      for (const hours of [0.5, 4, 9, 13.25, 100]) {
        const from = mx(start);
        const to = addBusinessMillis(from, hours * HOUR, cal);
        expect(businessMillisBetween(from, to, cal)).toBe(hours * HOUR);
      }
    }
  });
});

describe('working windows remembered per calendar', () => {
  const holidays = [...cal.holidays];

  it('answers a calendar used many times as a fresh one does, across years, clock changes and holidays', () => {
    const differences: string[] = [];
    // Every 11 hours from 2021 (Mexico City still changed its clocks) to 2027: warm `cal` against a cold copy.
    for (let t = Date.UTC(2021, 0, 1); t < Date.UTC(2027, 0, 1); t += 11 * HOUR) {
      const start = new Date(t);
      const later = new Date(t + 29 * HOUR);
      const durations: Duration[] = [
        { value: 1 + (t % 37), unit: 'businessHours' },
        { value: 1 + (t % 13), unit: 'businessDays' },
      ];
      for (const d of durations) {
        const warm = addDuration(start, d, cal).toISOString();
        const cold = addDuration(start, d, defaultCalendar(holidays)).toISOString();
        if (warm !== cold) differences.push(`${start.toISOString()} + ${d.value} ${d.unit}: ${warm} ≠ ${cold}`);
      }
      const warm = businessMillisBetween(start, later, cal);
      const cold = businessMillisBetween(start, later, defaultCalendar(holidays));
      if (warm !== cold) differences.push(`${start.toISOString()} → ${later.toISOString()}: ${warm} ≠ ${cold}`);
    }
    expect(differences).toEqual([]);
  });

  it('keeps calendars apart: a holiday in one is a working day in another, asked in turn', () => {
    const withEve = defaultCalendar(['2026-12-24']);
    const withoutEve = defaultCalendar([]);
    const eve = mx('2026-12-24T10:00');
    for (let i = 0; i < 3; i++) {
      expect([isWithinBusinessHours(eve, withEve), isWithinBusinessHours(eve, withoutEve)]).toEqual([false, true]);
    }
    expect(addDuration(mx('2026-12-23T17:00'), { value: 2, unit: 'businessHours' }, withEve)).toEqual(
      mx('2026-12-25T10:00'),
    );
    expect(addDuration(mx('2026-12-23T17:00'), { value: 2, unit: 'businessHours' }, withoutEve)).toEqual(
      mx('2026-12-24T10:00'),
    );
  });
});
