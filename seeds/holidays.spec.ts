import { easterSunday, mexicanFederalHolidays } from './holidays.js';

describe('mexicanFederalHolidays', () => {
  it('puts the movable Mondays where the law does in 2026', () => {
    const dates = mexicanFederalHolidays(2026).map((h) => h.date);
    expect(dates).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-02-02',
        '2026-03-16',
        '2026-04-02',
        '2026-04-03',
        '2026-11-16',
        '2026-12-25',
      ]),
    );
    expect(dates).not.toContain('2026-10-01');
  });

  it('adds the transfer of executive power every six years', () => {
    expect(mexicanFederalHolidays(2030).map((h) => h.date)).toContain('2030-10-01');
  });

  it('computes Easter', () => {
    expect(easterSunday(2026).toISOString().slice(0, 10)).toBe('2026-04-05');
    expect(easterSunday(2027).toISOString().slice(0, 10)).toBe('2027-03-28');
  });
});
