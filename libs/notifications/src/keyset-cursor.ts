import { HttpStatus } from '@nestjs/common';
import { AppError } from '@ventanilla/http/app-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Microsecond UTC timestamps as PostgreSQL prints them with `KEYSET_AT` below; a JS Date would drop digits. */
const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** SQL for a timestamptz column as the exact text a cursor carries. */
export const keysetAt = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeKeyset(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** The position after which the next page starts; a malformed cursor is the caller's mistake (400). */
export function decodeKeyset(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && AT.test(at) && typeof id === 'string' && UUID.test(id)) return { at, id };
  } catch {
    // fall through to the validation error
  }
  throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'cursor', code: 'invalid' }]);
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
