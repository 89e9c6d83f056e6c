import { AppError } from './app-error.js';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';

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
