import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '@ventanilla/domain/request-transitions.js';
import type { Role } from '@ventanilla/domain/roles.js';
import { pickLanguage, type Language } from './messages.js';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agency: string | null;
  language: Language;
  /** Signed in with a password someone else chose (an admin, the demo data): it must set its own first. */
  mustChangePassword: boolean;
}

/** The signed-in user as the lifecycles and the audit name them. */
export function actorOf(user: SessionUser): Actor {
  return { userId: user.id, role: user.role, agency: user.agency };
}

/** What every handler knows about the HTTP call it serves. */
export interface RequestContext {
  correlationId: string;
  language: Language;
  ip: string | null;
  userAgent: string | null;
  user: SessionUser | null;
  sessionTokenHash: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    ctx: RequestContext;
  }
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** First middleware: a correlation id (the caller's `X-Correlation-Id` if well formed), language, client. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-correlation-id');
  const correlationId = given && CORRELATION_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Correlation-Id', correlationId);
  req.ctx = {
    correlationId,
    language: pickLanguage(req.header('accept-language')),
    ip: req.ip ?? null,
    userAgent: req.header('user-agent')?.slice(0, 500) ?? null,
    user: null,
    sessionTokenHash: null,
  };
  next();
}

/** The audit-relevant part of the call: correlation id, client address and user agent. */
export function callContextOf(req: Request): { correlationId: string; ip: string | null; userAgent: string | null } {
  return { correlationId: req.ctx.correlationId, ip: req.ctx.ip, userAgent: req.ctx.userAgent };
}
