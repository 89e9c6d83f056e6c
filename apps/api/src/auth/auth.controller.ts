import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@ventanilla/audit/audit.writer.js';
import { AllowedBeforePasswordChange, AnyRole, CurrentUser, Public } from '@ventanilla/auth/auth.decorators.js';
import { LoginThrottleService } from '@ventanilla/auth/login-throttle.service.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '@ventanilla/auth/password.js';
import { CSRF_COOKIE, SESSION_COOKIE, SessionService } from '@ventanilla/auth/session.service.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { UserEntity } from '@ventanilla/database/entities/user.entity.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { SessionSchema } from '../openapi/response.schemas.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { ChangePasswordDto, LoginDto, UpdateMeDto } from './auth.dto.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditWriter,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: SessionSchema })
  @ApiProblems(400, 401, 413, 429, 503)
  async login(
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ user: SessionUser }> {
    const email = dto.email.trim().toLowerCase();
    const ctx = callContextOf(req);
    // Counted before the password is checked, so attempts at once cannot outrun the count.
    const admission = await this.throttle.attempt(email, req.ctx.ip ?? 'unknown');
    if (!admission.admitted) {
      await this.db.transaction((m) =>
        this.audit.append(
          m,
          {
            actor: { userId: null, role: 'system', agency: null },
            action: 'session.login',
            objectType: 'session',
            objectId: null,
            outcome: 'denied',
            reason: 'throttled',
            details: { email, retryAfterSeconds: admission.retryAfterSeconds },
          },
          ctx,
        ),
      );
      res.setHeader('Retry-After', String(admission.retryAfterSeconds));
      throw new AppError('AUTH.THROTTLED', HttpStatus.TOO_MANY_REQUESTS, { seconds: admission.retryAfterSeconds });
    }
    const user = await this.db.getRepository(UserEntity).findOneBy({ email });
    const ok =
      user && !user.disabledAt
        ? await verifyPassword(user.passwordHash, dto.password)
        : await verifyAgainstDummy(dto.password);
    if (!ok || !user) {
      await this.db.transaction((m) =>
        this.audit.append(
          m,
          {
            actor: { userId: user?.id ?? null, role: user?.role ?? 'system', agency: user?.agency ?? null },
            action: 'session.login',
            objectType: 'session',
            objectId: null,
            outcome: 'denied',
            reason: 'invalid_credentials',
            details: { email },
          },
          ctx,
        ),
      );
      throw new AppError('AUTH.INVALID_CREDENTIALS', HttpStatus.UNAUTHORIZED);
    }
    await this.throttle.succeeded(admission.ticket);
    const session = await this.sessions.create(user.id, req.ctx.ip, req.ctx.userAgent);
    await this.db.transaction((m) =>
      this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action: 'session.login',
          objectType: 'session',
          objectId: user.id,
        },
        ctx,
      ),
    );
    const base: CookieOptions = {
      sameSite: 'strict',
      secure: this.config.cookieSecure,
      path: '/',
      expires: session.expiresAt,
    };
    res.cookie(SESSION_COOKIE, session.token, { ...base, httpOnly: true });
    // Readable by the web app, which echoes it in X-CSRF-Token (double submit, bound to the session).
    res.cookie(CSRF_COOKIE, session.csrfToken, { ...base, httpOnly: false });
    return {
      user: {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        role: user.role,
        agency: user.agency,
        language: user.language,
        mustChangePassword: user.passwordChangeRequired,
      },
    };
  }

  @Post('logout')
  @AnyRole()
  @AllowedBeforePasswordChange()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out; both cookies cleared.' })
  @ApiProblems(400, 401, 403, 413, 503)
  async logout(
    @CurrentUser() user: SessionUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const tokenHash = req.ctx.sessionTokenHash;
    // The session ends with its audit event, in one transaction.
    await this.db.transaction(async (m) => {
      if (tokenHash) await this.sessions.revoke(m, tokenHash);
      await this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action: 'session.logout',
          objectType: 'session',
          objectId: user.id,
        },
        callContextOf(req),
      );
    });
    if (tokenHash) this.sessions.sessionEnded(tokenHash);
    // Cleared with the attributes they were set with, so the expired copies are Secure and Strict as well.
    const base: CookieOptions = { sameSite: 'strict', secure: this.config.cookieSecure, path: '/' };
    res.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
    res.clearCookie(CSRF_COOKIE, base);
  }

  @Get('me')
  @AnyRole()
  @AllowedBeforePasswordChange()
  @ApiOkResponse({ type: SessionSchema })
  @ApiProblems(401, 503)
  me(@CurrentUser() user: SessionUser): { user: SessionUser } {
    return { user };
  }

  /** The user's own preferences (today: the language), remembered across sessions and devices. */
  @Patch('me')
  @AnyRole()
  @AllowedBeforePasswordChange()
  @ApiOkResponse({ type: SessionSchema })
  @ApiProblems(400, 401, 403, 413, 503)
  async updateMe(
    @CurrentUser() user: SessionUser,
    @Body() dto: UpdateMeDto,
    @Req() req: Request,
  ): Promise<{ user: SessionUser }> {
    if (dto.language === user.language) return { user };
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE users SET language = $2, version = version + 1 WHERE id = $1`, [user.id, dto.language]);
      await this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action: 'user.update_preferences',
          objectType: 'user',
          objectId: user.id,
          changedFields: ['language'],
        },
        callContextOf(req),
      );
    });
    this.sessions.userChanged(user.id);
    return { user: { ...user, language: dto.language } };
  }

  /**
   * The user sets their own password: the current one is required (and throttled like a sign-in), every other
   * session of the user ends, and the change is audited (never the password).
   */
  @Post('password')
  @AnyRole()
  @AllowedBeforePasswordChange()
  @HttpCode(200)
  @ApiOkResponse({ type: SessionSchema })
  @ApiProblems(400, 401, 403, 413, 429, 503)
  async changePassword(
    @CurrentUser() user: SessionUser,
    @Body() dto: ChangePasswordDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ user: SessionUser }> {
    const ctx = callContextOf(req);
    const refuse = async (reason: string, error: AppError): Promise<never> => {
      await this.db.transaction((m) =>
        this.audit.append(
          m,
          {
            actor: { userId: user.id, role: user.role, agency: user.agency },
            action: 'user.change_password',
            objectType: 'user',
            objectId: user.id,
            outcome: 'denied',
            reason,
          },
          ctx,
        ),
      );
      throw error;
    };
    const admission = await this.throttle.attempt(user.email, req.ctx.ip ?? 'unknown');
    if (!admission.admitted) {
      res.setHeader('Retry-After', String(admission.retryAfterSeconds));
      return refuse(
        'throttled',
        new AppError('AUTH.THROTTLED', HttpStatus.TOO_MANY_REQUESTS, { seconds: admission.retryAfterSeconds }),
      );
    }
    const [row] = await this.db.query<Array<{ password_hash: string }>>(
      `SELECT password_hash FROM users WHERE id = $1`,
      [user.id],
    );
    if (!row || !(await verifyPassword(row.password_hash, dto.currentPassword))) {
      return refuse(
        'wrong_password',
        new AppError('AUTH.WRONG_PASSWORD', HttpStatus.BAD_REQUEST, {}, [
          { field: 'currentPassword', code: 'wrong_password' },
        ]),
      );
    }
    await this.throttle.succeeded(admission.ticket);
    if (dto.newPassword === dto.currentPassword) {
      return refuse(
        'unchanged',
        new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [
          { field: 'newPassword', code: 'same_password' },
        ]),
      );
    }
    const hash = await hashPassword(dto.newPassword);
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE users SET password_hash = $2, password_change_required = false, password_changed_at = now(),
                version = version + 1
          WHERE id = $1`,
        [user.id, hash],
      );
      await this.sessions.revokeOthers(m, user.id, req.ctx.sessionTokenHash!);
      await this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action: 'user.change_password',
          objectType: 'user',
          objectId: user.id,
          changedFields: ['password'],
          details: { wasRequired: user.mustChangePassword },
        },
        ctx,
      );
    });
    this.sessions.userChanged(user.id);
    return { user: { ...user, mustChangePassword: false } };
  }
}
