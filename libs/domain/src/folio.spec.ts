import { formatFolio, parseFolio } from './folio.js';

describe('formatFolio', () => {
  it('pads the sequence to six digits', () => {
    expect(formatFolio(2026, 123)).toBe('SSAN-2026-000123');
    expect(formatFolio(2026, 1)).toBe('SSAN-2026-000001');
    expect(formatFolio(2027, 999_999)).toBe('SSAN-2027-999999');
  });

  it.each([0, -1, 1_000_000, 1.5, Number.NaN])('refuses sequence %p', (sequence) => {
    expect(() => formatFolio(2026, sequence)).toThrow(RangeError);
  });

  it.each([999, 10_000, 2026.5])('refuses year %p', (year) => {
    expect(() => formatFolio(year, 1)).toThrow(RangeError);
  });
});

describe('parseFolio', () => {
  it('reads year and sequence', () => {
    expect(parseFolio('SSAN-2026-000123')).toEqual({ year: 2026, sequence: 123 });
  });

  it('round-trips', () => {
    for (const [year, sequence] of [
      [2026, 1],
      [2026, 42],
      [2030, 999_999],
    ]) {
      expect(parseFolio(formatFolio(year, sequence))).toEqual({ year, sequence });
    }
  });

  it.each([
    '',
    'SSAN-2026-123',
    'SSAN-2026-0001234',
    'ssan-2026-000123',
    'SRE-2026-000123',
    ' SSAN-2026-000123',
    'SSAN-2026-000000',
    'SSAN-26-000123',
  ])('refuses %p', (value) => {
    expect(parseFolio(value)).toBeNull();
  });
});
