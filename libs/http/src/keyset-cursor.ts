import { HttpStatus } from '@nestjs/common';
import { AppError } from './app-error.js';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** ISO-8601 UTC instants, to the microsecond at most (PostgreSQL's precision, as `keysetAt` prints it). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * SQL for a timestamptz column as the exact text a cursor carries: a JS Date would drop the microseconds, and
 * the next page would skip rows within the same millisecond.
 */
export const keysetAt = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The one keyset cursor of every list: opaque to clients, it carries the sort instant and the id of the last row
 * of a page (a Date for millisecond columns, the text of `keysetAt` for microsecond ones).
 */
export function encodeCursor(at: Date | string, id: string): string {
  return Buffer.from(JSON.stringify([typeof at === 'string' ? at : at.toISOString(), id])).toString('base64url');
}

/** The cursor's parts, or a 400 naming the `cursor` field. */
export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (
      typeof at === 'string' &&
      INSTANT.test(at) &&
      !Number.isNaN(Date.parse(at)) &&
      typeof id === 'string' &&
      isUuid(id)
    ) {
      return { at, id };
    }
  } catch {
    // fall through to the validation error
  }
  throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'cursor', code: 'invalid' }]);
}
