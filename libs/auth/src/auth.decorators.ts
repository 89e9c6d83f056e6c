import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '@ventanilla/domain/roles.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';

export const PUBLIC_KEY = 'ventanilla:public';
export const ROLES_KEY = 'ventanilla:roles';
export const ALL_ROLES_KEY = 'ventanilla:any-role';
export const BEFORE_PASSWORD_CHANGE_KEY = 'ventanilla:before-password-change';

/** Open to anyone (login, health, docs). Every other route must name its roles. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** The roles that may call this route; a route with neither @Public nor @Roles is refused to everyone. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Any signed-in user (e.g. /auth/me); scoping then happens in the query. */
export const AnyRole = (): MethodDecorator & ClassDecorator => SetMetadata(ALL_ROLES_KEY, true);

/**
 * Open to a session whose password someone else set (it must set its own first): who am I, the language,
 * signing out and setting the password. Everything else answers 403 AUTH.PASSWORD_CHANGE_REQUIRED.
 */
export const AllowedBeforePasswordChange = (): MethodDecorator => SetMetadata(BEFORE_PASSWORD_CHANGE_KEY, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): SessionUser => {
  const user = ctx.switchToHttp().getRequest<Request>().ctx.user;
  if (!user) throw new Error('CurrentUser used on a route without authentication');
  return user;
});
