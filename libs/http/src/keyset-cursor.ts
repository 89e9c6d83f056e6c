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

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** How a sort key's values travel in a cursor and compare in SQL. */
export type SortKind = 'instant' | 'text' | 'int';

/**
 * One column a list may be sorted by: an SQL expression that is never null (wrap nullable columns in COALESCE
 * so the keyset comparison is total), its kind, and the direction it takes when the caller names none.
 * `sql` may depend on the direction, so that rows without a value sort last both ways.
 */
export interface SortKey {
  sql: string | ((order: SortOrder) => string);
  kind: SortKind;
  order: SortOrder;
}

/** A list's sort, resolved: what to select as the row's key, how to order, and how to read and write its cursor. */
export interface KeysetSort {
  /** `folio:asc`: a cursor made under another sort is refused rather than read wrongly. */
  name: string;
  order: SortOrder;
  /** The key expression (order by it, then by the id in the same direction). */
  expr: string;
  /** The key as the text a cursor carries (microseconds kept for instants). */
  select: string;
  /** `(expr, id) > (value, id)` (or `<` descending) with the given placeholders. */
  after(idColumn: string, valueParam: string, idParam: string): string;
  encode(value: unknown, id: string): string;
  /** The cursor's value and id, or a 400 naming `cursor`. */
  decode(cursor: string): { value: string | number; id: string };
}

const invalidCursor = () =>
  new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'cursor', code: 'invalid' }]);

const fitsKind = (kind: SortKind, v: unknown): v is string | number =>
  kind === 'int'
    ? Number.isSafeInteger(v)
    : typeof v === 'string' &&
      v.length <= 1000 &&
      (kind === 'text' || (INSTANT.test(v) && !Number.isNaN(Date.parse(v))));

/**
 * The sort `key` of `keys` in direction `order` (its own default when absent). The cursor of a sorted list
 * carries the sort's name, the last row's key and its id: `[name, value, id]`.
 */
export function keysetSort<K extends string>(keys: Record<K, SortKey>, key: K, order?: SortOrder): KeysetSort {
  const def = keys[key];
  const dir = order ?? def.order;
  const expr = typeof def.sql === 'string' ? def.sql : def.sql(dir);
  const name = `${key}:${dir}`;
  return {
    name,
    order: dir,
    expr,
    // In parentheses: a bare `r.type` would take the place of the entity's own column in TypeORM's select.
    select: def.kind === 'instant' ? keysetAt(expr) : `(${expr})`,
    after: (idColumn, valueParam, idParam) => {
      const cast = def.kind === 'instant' ? '::timestamptz' : def.kind === 'int' ? '::int' : '::text';
      return `(${expr}, ${idColumn}) ${dir === 'asc' ? '>' : '<'} (${valueParam}${cast}, ${idParam}::uuid)`;
    },
    encode: (value, id) => {
      const v = def.kind === 'int' ? Number(value) : value instanceof Date ? value.toISOString() : String(value);
      return Buffer.from(JSON.stringify([name, v, id])).toString('base64url');
    },
    decode: (cursor) => {
      try {
        const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
        if (Array.isArray(parsed) && parsed.length === 3) {
          const [n, value, id] = parsed as [unknown, unknown, unknown];
          if (n === name && fitsKind(def.kind, value) && typeof id === 'string' && isUuid(id)) return { value, id };
        }
      } catch {
        // fall through to the validation error
      }
      throw invalidCursor();
    },
  };
}
