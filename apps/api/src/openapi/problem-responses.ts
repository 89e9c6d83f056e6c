import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemSchema } from './response.schemas.js';

/** The error statuses the API answers, each as RFC 9457 problem+json (see libs/http/src/problem.filter.ts). */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

const MEANING: Record<ProblemStatus, string> = {
  400: 'Invalid input: malformed JSON, or one entry per invalid field in `errors` (VALIDATION.FAILED).',
  401: 'No live session, or wrong credentials (AUTH.UNAUTHENTICATED, AUTH.INVALID_CREDENTIALS).',
  403: "Not for the caller's role, a missing CSRF token, an action the caller may not take, or a password someone else chose still to be replaced (AUTH.FORBIDDEN, AUTH.CSRF, *.FORBIDDEN_ACTION, AUTH.PASSWORD_CHANGE_REQUIRED).",
  404: "Not found, or outside the caller's need-to-know (*.NOT_FOUND, *.UNKNOWN_ACTION).",
  409: 'In conflict with the current state: a stale `version` or an action the status does not allow; `current` holds the object as it is now.',
  413: 'The body is over 256 kB (VALIDATION.BODY_TOO_LARGE), or a file over ATTACHMENT_MAX_BYTES (ATTACHMENT.TOO_LARGE).',
  415: 'A kind of file that is not accepted, judged from its bytes: executables, scripts, archives… (ATTACHMENT.TYPE_REFUSED).',
  422: 'Understood but refused: a guard of the transition failed, an idempotency key reused with another body, or a change to oneself.',
  429: 'Too many calls (RATE.LIMITED) or sign-in attempts (AUTH.THROTTLED): retry after `Retry-After` seconds.',
  503: 'The database or the queue store is unavailable; retry after `Retry-After` seconds (SERVICE.UNAVAILABLE).',
};

/**
 * Every call under /api is rate-limited (apps/api/src/rate-limit): each operation of the document may answer
 * 429, which is added here once rather than on every route.
 */
export function withRateLimitAnswers(document: OpenAPIObject): OpenAPIObject {
  const response = {
    description: MEANING[429],
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemSchema) } } },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation) operation.responses['429'] ??= response;
    }
  }
  return document;
}

/**
 * Declares the problem+json answers a route (or every route of a controller) can give, so that clients and
 * the fuzzer's response check know them. Name only the statuses the route can really answer.
 */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  const schema = { $ref: getSchemaPath(ProblemSchema) };
  return applyDecorators(
    ApiExtraModels(ProblemSchema),
    ...statuses.map((status) =>
      ApiResponse({ status, description: MEANING[status], content: { 'application/problem+json': { schema } } }),
    ),
  );
}
