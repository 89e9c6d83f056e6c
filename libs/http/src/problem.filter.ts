import { randomUUID } from 'node:crypto';
import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from './app-error.js';
import { isDependencyUnavailable } from './dependency-unavailable.js';
import { fieldMessage, message, type Language, type MessageCode } from './messages.js';

const TYPE_BASE = 'https://ventanilla.sre.example/problems/';

interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * The one place errors become HTTP responses: RFC 9457 problem+json with a stable `code`, a title in the
 * caller's language, one entry per invalid field, and never a stack trace. Unknown errors are logged with an
 * error id that the response repeats, so support can find them.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(http.getRequest<Request>(), http.getResponse<Response>(), exception);
  }

  /** The same answer for plain Express middleware, which Nest's filters do not reach. */
  respond(req: Request, res: Response, exception: unknown): void {
    const lang: Language = req.ctx?.language ?? 'en';
    const error = this.toAppError(exception, req);
    const body: Record<string, unknown> = {
      type: TYPE_BASE + error.code.toLowerCase().replace(/[._]/g, '-'),
      title: message(error.code, lang, error.params),
      status: error.status,
      code: error.code,
      detail: message(error.code, lang, error.params),
      instance: req.originalUrl?.split('?')[0],
      correlationId: req.ctx?.correlationId,
      ...error.extra,
    };
    if (error.errors.length > 0) {
      body.errors = error.errors.map((e) => ({ ...e, message: e.message ?? fieldMessage(e.code, lang, e.params) }));
    }
    if (res.headersSent) return;
    if (error.status === HttpStatus.SERVICE_UNAVAILABLE) res.setHeader('Retry-After', '5');
    res.status(error.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toAppError(exception: unknown, req: Request): AppError {
    if (exception instanceof AppError) return exception;
    // Nest's Express adapter wraps body-parser's errors in an HttpException; the original is the cause.
    const parserError = (exception instanceof HttpException ? exception.cause : exception) as BodyParserError;
    if (parserError?.type === 'entity.parse.failed')
      return new AppError('VALIDATION.MALFORMED_JSON', HttpStatus.BAD_REQUEST);
    if (parserError?.type === 'entity.too.large')
      return new AppError('VALIDATION.BODY_TOO_LARGE', HttpStatus.PAYLOAD_TOO_LARGE);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code: MessageCode =
        status === 404
          ? 'ROUTE.NOT_FOUND'
          : status === 401
            ? 'AUTH.UNAUTHENTICATED'
            : status === 403
              ? 'AUTH.FORBIDDEN'
              : status === 413
                ? 'VALIDATION.BODY_TOO_LARGE'
                : status === 415
                  ? 'VALIDATION.UNSUPPORTED_MEDIA_TYPE'
                  : status < 500
                    ? 'VALIDATION.FAILED'
                    : 'INTERNAL.ERROR';
      if (status < 500) return new AppError(code, status);
    }
    if (isDependencyUnavailable(exception)) {
      // The database or queue store is down or restarting: the caller should retry, not report a bug.
      this.logger.warn(
        { err: exception, correlationId: req.ctx?.correlationId, path: req.originalUrl, method: req.method },
        'dependency unavailable',
      );
      return new AppError('SERVICE.UNAVAILABLE', HttpStatus.SERVICE_UNAVAILABLE);
    }
    const errorId = randomUUID();
    this.logger.error(
      { err: exception, errorId, correlationId: req.ctx?.correlationId, path: req.originalUrl, method: req.method },
      'unhandled error',
    );
    return new AppError('INTERNAL.ERROR', HttpStatus.INTERNAL_SERVER_ERROR, { errorId }, [], { errorId });
  }
}
