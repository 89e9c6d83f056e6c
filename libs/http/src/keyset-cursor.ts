import { HttpStatus } from '@nestjs/common';
import { AppError } from './app-error.js';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An opaque keyset cursor: the sort instant and the id of the last row of a page. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/** The cursor's parts, or a 400 naming the `cursor` field. */
export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && UUID_PATTERN.test(id)) {
      return { at, id };
    }
  } catch {
    // fall through to the validation error
  }
  throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'cursor', code: 'invalid' }]);
}
