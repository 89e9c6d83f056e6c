import fc from 'fast-check';
import slaDoc from '../../../seeds/data/sla.json' with { type: 'json' };
import { MEXICO_CITY_TIME_ZONE, defaultCalendar, fromLocalDateTime, toLocalDateTime } from './business-calendar.js';
import {
  escalationReached,
  escalationSchedule,
  escalationStepsFromSla,
  maxLevel,
  nextEscalation,
  parseTrigger,
  type EscalationStep,
  type StageClock,
} from './escalation.js';
import { ESCALATION_LEVELS } from './request-status.js';
import { addSlaDuration, shiftForPause } from './sla-clock.js';

// 2026-02-02 (first Monday of February, Constitution Day) is a holiday; 2026-01-01 too.
const cal = defaultCalendar(['2026-01-01', '2026-02-02']);
const noHolidays = defaultCalendar([]);
const mx = (local: string): Date => fromLocalDateTime(local, MEXICO_CITY_TIME_ZONE);
const local = (instant: Date): string => toLocalDateTime(instant, MEXICO_CITY_TIME_ZONE);
const scheduleLocal = (steps: EscalationStep[], clock: StageClock, calendar = cal) =>
  escalationSchedule(steps, clock, calendar).map((s) => ({ level: s.level, at: local(s.at), trigger: s.trigger }));

const stepsOf = (code: string) => escalationStepsFromSla(slaDoc.priorities.find((p) => p.code === code));
const P1 = stepsOf('P1');
const P2 = stepsOf('P2');
const P3 = stepsOf('P3');
const P4 = stepsOf('P4');

describe('escalationStepsFromSla', () => {
  it('reads every priority of sla.json as the table writes it', () => {
    expect(P1).toEqual([
      { level: 'L1', at: { value: 4, unit: 'hours' } },
      { level: 'L2', at: { value: 8, unit: 'hours' } },
    ]);
    expect(P2).toEqual([
      { level: 'L1', at: '80%' },
      { level: 'L2', at: 'breach' },
    ]);
    expect(P3).toEqual([
      { level: 'L1', at: '80%' },
      { level: 'L2', at: '150%' },
    ]);
    expect(P4).toEqual([
      { level: 'L1', at: '80%' },
      { level: 'L3', at: { value: 180, unit: 'days' } },
    ]);
    expect(slaDoc.priorities.map((p) => p.code)).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it.each([
    ['no escalation list', { code: 'P9' }],
    ['not an object', 'P2'],
    ['an unknown level', { escalation: [{ level: 'L9', at: '80%' }] }],
    ['a percentage without %', { escalation: [{ level: 'L1', at: '80' }] }],
    ['a negative percentage', { escalation: [{ level: 'L1', at: '-5%' }] }],
    ['an unknown word', { escalation: [{ level: 'L1', at: 'late' }] }],
    ['a negative duration', { escalation: [{ level: 'L1', at: { value: -1, unit: 'hours' } }] }],
    ['an unknown unit', { escalation: [{ level: 'L1', at: { value: 2, unit: 'weeks' } }] }],
    ['a missing trigger', { escalation: [{ level: 'L1' }] }],
  ])('refuses %s', (_what, json) => {
    expect(() => escalationStepsFromSla(json)).toThrow(RangeError);
  });

  it('accepts any NN% and fractional percentages', () => {
    expect(parseTrigger('95%')).toBe('95%');
    expect(parseTrigger('12.5%')).toBe('12.5%');
    expect(parseTrigger({ value: 2, unit: 'businessDays', iso: 'ignored' })).toEqual({
      value: 2,
      unit: 'businessDays',
    });
  });
});

describe('escalationSchedule and escalationReached on a business clock', () => {
  // P2 first response (3 business days) received Thursday 10:00 before a weekend and a Monday holiday.
  const receivedAt = mx('2026-01-29T10:00');
  const clock: StageClock = {
    startedAt: receivedAt,
    dueAt: addSlaDuration(receivedAt, { value: 3, unit: 'businessDays' }, 'business', cal),
    calendar: 'business',
  };

  it('80 % of the working time skips the weekend and the holiday; breach is the deadline', () => {
    // 27 working hours: Thu 8 h, Fri 9 h, Tue 9 h, Wed 1 h. 80 % = 21 h 36 min: Thu 8 + Fri 9 + Tue 4 h 36 min.
    expect(local(clock.dueAt)).toBe('2026-02-04T10:00:00');
    expect(scheduleLocal(P2, clock)).toEqual([
      { level: 'L1', at: '2026-02-03T13:36:00', trigger: '80%' },
      { level: 'L2', at: '2026-02-04T10:00:00', trigger: 'breach' },
    ]);
  });

  it('without the holiday the same 80 % falls on Monday', () => {
    const plain = {
      ...clock,
      dueAt: addSlaDuration(receivedAt, { value: 3, unit: 'businessDays' }, 'business', noHolidays),
    };
    expect(scheduleLocal(P2, plain, noHolidays)[0].at).toBe('2026-02-02T13:36:00');
  });

  it.each([
    ['2026-01-29T10:00', null],
    ['2026-01-30T17:59', null],
    ['2026-01-31T12:00', null], // Saturday
    ['2026-02-02T15:00', null], // the holiday
    ['2026-02-03T13:35:59', null],
    ['2026-02-03T13:36', 'L1'], // the instant itself counts
    ['2026-02-04T09:59:59', 'L1'],
    ['2026-02-04T10:00', 'L2'],
    ['2026-03-01T00:00', 'L2'],
  ])('at %s the level reached is %p', (now, level) => {
    expect(escalationReached(P2, clock, mx(now), cal)).toBe(level);
  });

  it('P3: 80 % and 150 % of a seven-business-day stage', () => {
    // Monday 09:00 + 7 business days = Wednesday of the next week, 09:00: 63 working hours.
    const startedAt = mx('2026-01-12T09:00');
    const p3: StageClock = {
      startedAt,
      dueAt: addSlaDuration(startedAt, { value: 7, unit: 'businessDays' }, 'business', cal),
      calendar: 'business',
    };
    expect(local(p3.dueAt)).toBe('2026-01-21T09:00:00');
    // 80 % = 50 h 24 min = 5 days + 5 h 24 min; 150 % = 94 h 30 min = 10 days + 4 h 30 min.
    expect(scheduleLocal(P3, p3)).toEqual([
      { level: 'L1', at: '2026-01-19T14:24:00', trigger: '80%' },
      { level: 'L2', at: '2026-01-26T13:30:00', trigger: '150%' },
    ]);
    // P3 has no breach step: a breached P3 stays L1 until 150 %.
    expect(escalationReached(P3, p3, mx('2026-01-21T09:00'), cal)).toBe('L1');
  });

  it('a stage that starts on a Saturday counts from Monday’s opening', () => {
    const startedAt = mx('2026-01-10T12:00');
    const ack: StageClock = {
      startedAt,
      dueAt: addSlaDuration(startedAt, { value: 1, unit: 'businessDays' }, 'business', cal),
      calendar: 'business',
    };
    // Due Tuesday 09:00: one full working day (Monday's 9 h); 80 % = 7 h 12 min into Monday.
    expect(local(ack.dueAt)).toBe('2026-01-13T09:00:00');
    expect(scheduleLocal(P2, ack).map((s) => s.at)).toEqual(['2026-01-12T16:12:00', '2026-01-13T09:00:00']);
    expect(escalationReached(P2, ack, mx('2026-01-12T18:00'), cal)).toBe('L1');
  });

  it('a pause already added to the deadline is not counted in the 80 %', () => {
    // P2 route clock (1 business day) from Monday 09:00, paused 3 working hours for a clarification.
    const startedAt = mx('2026-01-12T09:00');
    const due = addSlaDuration(startedAt, { value: 1, unit: 'businessDays' }, 'business', cal);
    const dueAt = shiftForPause(due, mx('2026-01-12T10:00'), mx('2026-01-12T13:00'), 'business', cal);
    expect(local(dueAt)).toBe('2026-01-13T12:00:00');
    const paused: StageClock = { startedAt, dueAt, calendar: 'business', pausedMillis: 3 * 3_600_000 };
    // 80 % of the 9 running hours (7 h 12 min) plus the 3 paused hours: 10 h 12 min of working time.
    expect(scheduleLocal(P2, paused).map((s) => s.at)).toEqual(['2026-01-13T10:12:00', '2026-01-13T12:00:00']);
    // Without telling it about the pause, 80 % of all 12 hours would come earlier.
    expect(scheduleLocal(P2, { ...paused, pausedMillis: 0 })[0].at).toBe('2026-01-13T09:36:00');
  });

  it('P4: 80 % of the stage, L3 after 180 calendar days from receipt', () => {
    const receivedAt = mx('2026-01-12T09:00');
    const startedAt = mx('2026-01-14T11:00');
    const p4: StageClock = {
      receivedAt,
      startedAt,
      dueAt: addSlaDuration(startedAt, { value: 20, unit: 'businessDays' }, 'business', cal),
      calendar: 'business',
    };
    const schedule = escalationSchedule(P4, p4, cal);
    expect(schedule.map((s) => [s.level, s.trigger])).toEqual([
      ['L1', '80%'],
      ['L3', '180 days'],
    ]);
    expect(schedule[1].at.getTime() - receivedAt.getTime()).toBe(180 * 24 * 3_600_000);
    expect(escalationReached(P4, p4, mx('2026-07-11T08:59'), cal)).toBe('L1');
    expect(escalationReached(P4, p4, mx('2026-07-11T09:00'), cal)).toBe('L3');
  });
});

describe('escalation on a 24x7 clock (P1)', () => {
  // Received Saturday 03:00: nothing waits for Monday.
  const receivedAt = mx('2026-01-03T03:00');

  it('P1 escalates by elapsed time since receipt: L1 after 4 h, L2 after 8 h, weekend or not', () => {
    const firstResponse: StageClock = {
      startedAt: receivedAt,
      dueAt: addSlaDuration(receivedAt, { value: 8, unit: 'hours' }, '24x7', cal),
      calendar: '24x7',
    };
    expect(scheduleLocal(P1, firstResponse)).toEqual([
      { level: 'L1', at: '2026-01-03T07:00:00', trigger: '4 hours' },
      { level: 'L2', at: '2026-01-03T11:00:00', trigger: '8 hours' },
    ]);
    expect(escalationReached(P1, firstResponse, mx('2026-01-03T06:59'), cal)).toBeNull();
    expect(escalationReached(P1, firstResponse, mx('2026-01-03T07:00'), cal)).toBe('L1');
    expect(escalationReached(P1, firstResponse, mx('2026-01-03T11:00'), cal)).toBe('L2');
  });

  it('on a later stage the durations still count from receipt, and move by the time paused', () => {
    const assignment: StageClock = {
      receivedAt,
      startedAt: mx('2026-01-03T05:00'),
      dueAt: mx('2026-01-03T14:00'),
      calendar: '24x7',
      pausedMillis: 30 * 60_000,
    };
    expect(scheduleLocal(P1, assignment).map((s) => s.at)).toEqual(['2026-01-03T07:30:00', '2026-01-03T11:30:00']);
  });

  it('percentages on a 24x7 clock are of wall time: 80 % of a 2 h route clock is 1 h 36 min', () => {
    const route: StageClock = {
      startedAt: receivedAt,
      dueAt: addSlaDuration(receivedAt, { value: 2, unit: 'hours' }, '24x7', cal),
      calendar: '24x7',
    };
    expect(scheduleLocal(P2, route)).toEqual([
      { level: 'L1', at: '2026-01-03T04:36:00', trigger: '80%' },
      { level: 'L2', at: '2026-01-03T05:00:00', trigger: 'breach' },
    ]);
  });
});

describe('schedule order, next step and maxLevel', () => {
  const startedAt = mx('2026-01-12T09:00');
  const clock: StageClock = { startedAt, dueAt: mx('2026-01-12T18:00'), calendar: 'business' };

  it('steps come out earliest first whatever order they are written in', () => {
    const steps: EscalationStep[] = [
      { level: 'L2', at: 'breach' },
      { level: 'L3', at: '150%' },
      { level: 'L1', at: '50%' },
    ];
    expect(scheduleLocal(steps, clock)).toEqual([
      { level: 'L1', at: '2026-01-12T13:30:00', trigger: '50%' },
      { level: 'L2', at: '2026-01-12T18:00:00', trigger: 'breach' },
      { level: 'L3', at: '2026-01-13T13:30:00', trigger: '150%' },
    ]);
  });

  it('the highest level passed wins, even when a lower one fires later', () => {
    const steps: EscalationStep[] = [
      { level: 'L3', at: '10%' },
      { level: 'L1', at: '80%' },
    ];
    expect(escalationReached(steps, clock, mx('2026-01-12T17:00'), cal)).toBe('L3');
  });

  it('beyond 100 % counts on from the deadline, even one that falls outside working hours', () => {
    // A calendar-unit target on a business clock over a holiday night: no working time at all inside the stage.
    const night: StageClock = {
      startedAt: mx('2026-01-01T00:00'),
      dueAt: mx('2026-01-01T01:00'),
      calendar: 'business',
    };
    const steps: EscalationStep[] = [
      { level: 'L1', at: '80%' },
      { level: 'L2', at: '100%' },
      { level: 'L3', at: '150%' },
    ];
    expect(scheduleLocal(steps, night).map((s) => s.at)).toEqual([
      '2026-01-01T00:00:00',
      '2026-01-01T01:00:00',
      '2026-01-01T01:00:00',
    ]);
    expect(escalationSchedule([{ level: 'L2', at: '100%' }], clock, cal)[0].at).toEqual(clock.dueAt);
  });

  it('no steps: no escalation', () => {
    expect(escalationSchedule([], clock, cal)).toEqual([]);
    expect(escalationReached([], clock, mx('2027-01-01T00:00'), cal)).toBeNull();
  });

  it('nextEscalation: when to set the next timer, skipping levels already held', () => {
    expect(local(nextEscalation(P2, clock, mx('2026-01-12T09:00'), cal)!.at)).toBe('2026-01-12T16:12:00');
    expect(nextEscalation(P2, clock, mx('2026-01-12T16:12'), cal)!.level).toBe('L2');
    expect(nextEscalation(P2, clock, mx('2026-01-12T09:00'), cal, 'L1')!.level).toBe('L2');
    expect(nextEscalation(P2, clock, mx('2026-01-12T09:00'), cal, 'L2')).toBeNull();
    expect(nextEscalation(P2, clock, mx('2026-01-12T18:00'), cal)).toBeNull();
  });

  it('maxLevel: escalation only rises', () => {
    for (const a of ESCALATION_LEVELS) {
      for (const b of ESCALATION_LEVELS) {
        const higher = ESCALATION_LEVELS.indexOf(a) >= ESCALATION_LEVELS.indexOf(b) ? a : b;
        expect(maxLevel(a, b)).toBe(higher);
      }
    }
  });
});

describe('properties (fixed date range, no real clock)', () => {
  const from = mx('2026-01-01T00:00').getTime();
  const instant = fc.integer({ min: from, max: from + 365 * 24 * 3_600_000 }).map((t) => new Date(t));
  const kind = fc.constantFrom('business' as const, '24x7' as const);
  const length = fc.record({
    value: fc.integer({ min: 1, max: 20 }),
    unit: fc.constantFrom('businessHours' as const, 'businessDays' as const, 'hours' as const),
  });

  it('80 % ≤ breach ≤ 150 %, never before the start, and the level reached only rises with time', () => {
    const steps: EscalationStep[] = [
      { level: 'L1', at: '80%' },
      { level: 'L2', at: 'breach' },
      { level: 'L3', at: '150%' },
    ];
    fc.assert(
      fc.property(instant, length, kind, instant, instant, (startedAt, duration, calendar, a, b) => {
        const clock: StageClock = { startedAt, dueAt: addSlaDuration(startedAt, duration, calendar, cal), calendar };
        const [l1, l2, l3] = escalationSchedule(steps, clock, cal);
        expect([l1.level, l2.level, l3.level]).toEqual(['L1', 'L2', 'L3']);
        expect(l1.at.getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
        expect(l1.at.getTime()).toBeLessThanOrEqual(l2.at.getTime());
        expect(l2.at.getTime()).toBeLessThanOrEqual(l3.at.getTime());
        const [early, late] = a <= b ? [a, b] : [b, a];
        const levelAt = (now: Date) => ESCALATION_LEVELS.indexOf(escalationReached(steps, clock, now, cal) ?? 'L0');
        expect(levelAt(early)).toBeLessThanOrEqual(levelAt(late));
      }),
      { numRuns: 200 },
    );
  });
});
