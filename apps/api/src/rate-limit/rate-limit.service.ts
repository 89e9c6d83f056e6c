import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { SESSION_COOKIE } from '@ventanilla/auth/session.service.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { ProblemFilter } from '@ventanilla/http/problem.filter.js';
import { PostgresRateLimiter, type Budget } from './postgres-rate-limiter.js';

/** The table the PostgreSQL store counts in (migration 1796354000000-rate-limits). */
export const RATE_LIMIT_TABLE = 'rate_limits';

/**
 * API-wide rate limiting (issue 12): per session (the session cookie, hashed) and per client address, each a
 * budget of calls per minute. The counts live in the shared store — Redis when REDIS_URL is set
 * (rate-limiter-flexible), otherwise PostgreSQL (both budgets in one statement, postgres-rate-limiter.ts) — so
 * every API process draws on the same budget. Over budget: 429 problem+json `RATE.LIMITED` with `Retry-After`.
 * If the store cannot answer, the call goes through (and the failure is logged): an outage of the counter must
 * not become an outage of the API.
 */
@Injectable()
export class RateLimitService implements OnModuleDestroy {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly redis: Redis | null = null;
  private readonly perSession: RateLimiterRedis | null = null;
  private readonly perClient: RateLimiterRedis | null = null;
  /** Without Redis; the retention job removes expired counters (apps/worker/src/retention/retention-rules.ts). */
  private readonly postgres: PostgresRateLimiter | null = null;
  private readonly sessionPerMinute: number;
  private readonly clientPerMinute: number;
  private readonly prefix: string;
  private lastStoreWarning = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(DataSource) db: DataSource) {
    const { sessionPerMinute, clientPerMinute } = config.rateLimit;
    this.sessionPerMinute = sessionPerMinute;
    this.clientPerMinute = clientPerMinute;
    this.prefix = `${config.queuePrefix}:rl`;
    if (sessionPerMinute === 0 && clientPerMinute === 0) return;
    if (!config.redisUrl) {
      this.postgres = new PostgresRateLimiter((sql, values) => db.query<unknown[]>(sql, values), RATE_LIMIT_TABLE);
      return;
    }
    // Fail fast when Redis is away (no offline queue): the call then goes through unlimited.
    this.redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
    const limiter = (name: string, points: number): RateLimiterRedis | null =>
      points === 0
        ? null
        : new RateLimiterRedis({ keyPrefix: `${this.prefix}:${name}`, points, duration: 60, storeClient: this.redis });
    this.perSession = limiter('session', sessionPerMinute);
    this.perClient = limiter('client', clientPerMinute);
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  /** Express middleware for the routes it guards; `problems` answers the 429. */
  middleware(problems: ProblemFilter): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      this.check(req).then(
        (retryAfterMs) => {
          if (retryAfterMs === null) return next();
          const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
          res.setHeader('Retry-After', String(seconds));
          problems.respond(req, res, new AppError('RATE.LIMITED', HttpStatus.TOO_MANY_REQUESTS, { seconds }));
        },
        (err: unknown) => next(err),
      );
    };
  }

  /** Null when the call may go on; otherwise how long to wait. */
  private async check(req: Request): Promise<number | null> {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const session = token ? createHash('sha256').update(token).digest('base64url') : null;
    if (this.postgres) {
      const budgets: Budget[] = [];
      if (this.clientPerMinute > 0)
        budgets.push({ key: `${this.prefix}:client:${req.ctx.ip ?? 'unknown'}`, points: this.clientPerMinute });
      if (this.sessionPerMinute > 0 && session)
        budgets.push({ key: `${this.prefix}:session:${session}`, points: this.sessionPerMinute });
      try {
        return await this.postgres.consume(budgets);
      } catch (err) {
        this.storeFailed(err);
        return null;
      }
    }
    const attempts: Array<Promise<RateLimiterRes>> = [];
    if (this.perClient) attempts.push(this.perClient.consume(req.ctx.ip ?? 'unknown'));
    if (this.perSession && session) attempts.push(this.perSession.consume(session));
    const outcomes = await Promise.allSettled(attempts);
    let wait: number | null = null;
    for (const o of outcomes) {
      if (o.status === 'fulfilled') continue;
      if (o.reason instanceof RateLimiterRes) wait = Math.max(wait ?? 0, o.reason.msBeforeNext);
      else this.storeFailed(o.reason);
    }
    return wait;
  }

  private storeFailed(err: unknown): void {
    if (Date.now() - this.lastStoreWarning < 10_000) return;
    this.lastStoreWarning = Date.now();
    this.logger.warn(`rate-limit store unavailable, calls pass unlimited: ${(err as Error)?.message ?? String(err)}`);
  }
}
