import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@ventanilla/domain/roles.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { ALL_ROLES_KEY, BEFORE_PASSWORD_CHANGE_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import { CSRF_COOKIE, SESSION_COOKIE, SessionService, sameSecret } from './session.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Deny by default: a route opens only if it is marked @Public, or the caller has a live session, sends the
 * CSRF token on state-changing methods, and holds one of the route's @Roles (or it is @AnyRole).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const session = token ? await this.sessions.resolve(token) : null;
    if (!session) throw new AppError('AUTH.UNAUTHENTICATED', HttpStatus.UNAUTHORIZED);
    req.ctx.user = session.user;
    req.ctx.sessionTokenHash = session.tokenHash;
    if (!req.header('accept-language')) req.ctx.language = session.user.language;

    if (!SAFE_METHODS.has(req.method)) {
      const header = req.header('x-csrf-token') ?? '';
      const cookie = (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE] ?? '';
      if (!header || !sameSecret(header, session.csrfToken) || (cookie && !sameSecret(cookie, session.csrfToken))) {
        throw new AppError('AUTH.CSRF', HttpStatus.FORBIDDEN);
      }
    }
    if (session.user.mustChangePassword && !this.reflector.get<boolean>(BEFORE_PASSWORD_CHANGE_KEY, targets[0])) {
      throw new AppError('AUTH.PASSWORD_CHANGE_REQUIRED', HttpStatus.FORBIDDEN);
    }
    if (this.reflector.getAllAndOverride<boolean>(ALL_ROLES_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || !roles.includes(session.user.role)) throw new AppError('AUTH.FORBIDDEN', HttpStatus.FORBIDDEN);
    return true;
  }
}
