import { AppError } from './app-error.js';
import { decodeCursor, encodeCursor, keysetSort } from './keyset-cursor.js';

describe('keyset cursors', () => {
  const id = '3f2b8c1e-6a7d-4e2f-9b1a-0c4d5e6f7a8b';

  it('round-trips a microsecond timestamp and an id', () => {
    expect(decodeCursor(encodeCursor('2026-01-02T03:04:05.123456Z', id))).toEqual({
      at: '2026-01-02T03:04:05.123456Z',
      id,
    });
  });

  it('round-trips a Date as its ISO-8601 instant', () => {
    expect(decodeCursor(encodeCursor(new Date('2026-01-02T03:04:05.123Z'), id))).toEqual({
      at: '2026-01-02T03:04:05.123Z',
      id,
    });
  });

  it.each([
    '',
    'not-base64-json',
    encodeCursor('2026-01-02', id),
    encodeCursor('2026-01-02T03:04:05.1234567Z', id),
    encodeCursor('2026-13-02T03:04:05.123456Z', id),
    encodeCursor('2026-01-02T03:04:05.123456Z', 'x'),
  ])('refuses %p as a 400 on the cursor field', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(AppError);
    try {
      decodeCursor(cursor);
    } catch (err) {
      expect((err as AppError).errors).toEqual([{ field: 'cursor', code: 'invalid' }]);
    }
  });
});

describe('sorted keyset cursors', () => {
  const id = '3f2b8c1e-6a7d-4e2f-9b1a-0c4d5e6f7a8b';
  const keys = {
    folio: { sql: "COALESCE(r.folio, '')", kind: 'text', order: 'asc' },
    created: { sql: 'r.created_at', kind: 'instant', order: 'desc' },
    rank: { sql: 'r.rank', kind: 'int', order: 'asc' },
    due: {
      sql: (o: string) => `COALESCE(r.due, '${o === 'asc' ? 'infinity' : '-infinity'}')`,
      kind: 'instant',
      order: 'asc',
    },
  } as const;

  it('carries the sort, the key and the id, and reads them back under the same sort only', () => {
    const folio = keysetSort(keys, 'folio');
    expect(folio.name).toBe('folio:asc');
    expect(folio.decode(folio.encode('SSAN-2026-000001', id))).toEqual({ value: 'SSAN-2026-000001', id });
    const rank = keysetSort(keys, 'rank', 'desc');
    expect(rank.decode(rank.encode(3, id))).toEqual({ value: 3, id });
    const created = keysetSort(keys, 'created');
    expect(created.decode(created.encode(new Date('2026-01-02T03:04:05.123Z'), id)).value).toBe(
      '2026-01-02T03:04:05.123Z',
    );
    for (const [other, cursor] of [
      [keysetSort(keys, 'folio', 'desc'), folio.encode('x', id)],
      [keysetSort(keys, 'rank'), rank.encode(3, id)],
      [created, encodeCursor('2026-01-02T03:04:05.123Z', id)],
      [created, created.encode('yesterday', id)],
      [rank, rank.encode('x', id)],
      [folio, 'not-a-cursor!'],
    ] as const) {
      expect(() => other.decode(cursor)).toThrow(AppError);
    }
  });

  it('compares rows in the direction of the sort, the id breaking ties', () => {
    expect(keysetSort(keys, 'folio').after('r.id', ':v', ':i')).toBe(
      "(COALESCE(r.folio, ''), r.id) > (:v::text, :i::uuid)",
    );
    expect(keysetSort(keys, 'created').after('r.id', '$1', '$2')).toBe(
      '(r.created_at, r.id) < ($1::timestamptz, $2::uuid)',
    );
    expect(keysetSort(keys, 'due', 'desc').expr).toBe("COALESCE(r.due, '-infinity')");
    expect(keysetSort(keys, 'created').select).toContain('to_char(r.created_at');
  });
});
