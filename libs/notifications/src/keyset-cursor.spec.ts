import { AppError } from '@ventanilla/http/app-error.js';
import { decodeKeyset, encodeKeyset } from './keyset-cursor.js';

describe('keyset cursors', () => {
  const id = '3f2b8c1e-6a7d-4e2f-9b1a-0c4d5e6f7a8b';

  it('round-trips a microsecond timestamp and an id', () => {
    expect(decodeKeyset(encodeKeyset('2026-01-02T03:04:05.123456Z', id))).toEqual({
      at: '2026-01-02T03:04:05.123456Z',
      id,
    });
  });

  it.each(['', 'not-base64-json', encodeKeyset('2026-01-02', id), encodeKeyset('2026-01-02T03:04:05.123456Z', 'x')])(
    'refuses %p as a 400 on the cursor field',
    (cursor) => {
      expect(() => decodeKeyset(cursor)).toThrow(AppError);
      try {
        decodeKeyset(cursor);
      } catch (err) {
        expect((err as AppError).errors).toEqual([{ field: 'cursor', code: 'invalid' }]);
      }
    },
  );
});
