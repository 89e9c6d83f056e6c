/** One invalid field, as the server reports it: `subjects[0].name`, a stable code and a localized message. */
export interface FieldProblem {
  field: string;
  code: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** An RFC 9457 answer from the API, thrown by `unwrap` so screens can show its localized title. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly errors: FieldProblem[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(`${status} ${code}: ${title}`);
    this.name = 'ApiProblem';
  }

  static from(status: number, body: unknown): ApiProblem {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const errors = Array.isArray(b.errors) ? (b.errors as FieldProblem[]) : [];
    const code = typeof b.code === 'string' ? b.code : `HTTP.${status}`;
    const title = typeof b.title === 'string' ? b.title : `HTTP ${status}`;
    return new ApiProblem(status, code, title, errors, b);
  }
}

export const isNotFound = (err: unknown): boolean => err instanceof ApiProblem && err.status === 404;

/** The words to show for a failed action: the first field's message, else the problem's title, else `fallback`. */
export function problemText(err: unknown, fallback: string): string {
  return err instanceof ApiProblem ? (err.errors[0]?.message ?? err.title) : fallback;
}

/** Field problems by path (`lead`, `support[1]`), in the server's words, for showing under each field. */
export function fieldProblems(err: unknown): Record<string, string> {
  if (!(err instanceof ApiProblem)) return {};
  return Object.fromEntries(err.errors.map((e) => [e.field, e.message ?? e.code]));
}
