import { HttpStatus } from '@nestjs/common';
import type { MessageCode } from './messages.js';

export interface FieldError {
  field: string;
  code: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * A failure with a stable code. The global filter turns it into problem+json, with the title in the
 * caller's language; `extra` members (for example the current object on a 409) are added to the body.
 */
export class AppError extends Error {
  constructor(
    readonly code: MessageCode,
    readonly status: HttpStatus,
    readonly params: Record<string, unknown> = {},
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'AppError';
  }

  static notFound(what = 'REQUEST'): AppError {
    return new AppError(`${what}.NOT_FOUND` as MessageCode, HttpStatus.NOT_FOUND);
  }
}
