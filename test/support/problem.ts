import type { ApiResponse } from '@ventanilla/testing/http-client.js';

/**
 * What every client may rely on for an error (DESIGN §8): RFC 9457 problem+json with the stable code, a
 * title, the HTTP status repeated in the body, and nothing internal such as a stack trace.
 */
export function expectProblem(res: ApiResponse, status: number, code?: string): void {
  const body = (res.body ?? {}) as { code?: unknown; status?: unknown; title?: unknown; type?: unknown };
  expect({ status: res.status, code: body.code }).toEqual({ status, code: code ?? body.code });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(body.status).toBe(status);
  expect(body.title).toEqual(expect.stringMatching(/\S/));
  expect(body.type).toEqual(expect.any(String));
  expect(JSON.stringify(body)).not.toMatch(/"stack"|\bat .+\.(ts|js):\d+/);
}

/** The field errors of a 400, as `field → code`, one entry per invalid field. */
export function fieldErrors(res: ApiResponse): Record<string, string> {
  const errors = (res.body.errors ?? []) as Array<{ field: string; code: string; message: string }>;
  // No prototype, so that a field named `__proto__` is an ordinary key.
  const byField = Object.create(null) as Record<string, string>;
  for (const e of errors) {
    expect(byField).not.toHaveProperty([e.field]);
    expect(typeof e.message).toBe('string');
    byField[e.field] = e.code;
  }
  return byField;
}
