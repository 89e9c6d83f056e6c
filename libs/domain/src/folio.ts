/** Folios are the hub's human-facing request numbers: `SSAN-2026-000123`, one sequence per year. */
export const FOLIO_PREFIX = 'SSAN';
export const MAX_FOLIO_SEQUENCE = 999_999;

const FOLIO_PATTERN = /^SSAN-(\d{4})-(\d{6})$/;

export function formatFolio(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Folio year must be a four-digit integer, got ${year}`);
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_FOLIO_SEQUENCE) {
    throw new RangeError(`Folio sequence must be an integer from 1 to ${MAX_FOLIO_SEQUENCE}, got ${sequence}`);
  }
  return `${FOLIO_PREFIX}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The year and sequence of a well-formed folio, or null for anything else (including sequence 000000). */
export function parseFolio(value: string): { year: number; sequence: number } | null {
  const match = FOLIO_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const sequence = Number(match[2]);
  if (year < 1000 || sequence < 1) return null;
  return { year, sequence };
}
