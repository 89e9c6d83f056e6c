import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { SESSION_COOKIE } from '@ventanilla/auth/session.service.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { ProblemFilter } from '@ventanilla/http/problem.filter.js';

/** The table the PostgreSQL store counts in (migration 1796354000000-rate-limits). */
export const RATE_LIMIT_TABLE = 'rate_limits';

/**
 * API-wide rate limiting (issue 12) with rate-limiter-flexible: per session (the session cookie, hashed) and per
 * client address, each a budget of calls per minute. The counts live in the shared store — Redis when
 * REDIS_URL is set, otherwise PostgreSQL — so every API process draws on the same budget. Over budget: 429
 * problem+json `RATE.LIMITED` with `Retry-After`. If the store cannot answer, the call goes through (and the
 * failure is logged): an outage of the counter must not become an outage of the API.
 */
@Injectable()
export class RateLimitService implements OnModuleDestroy {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly redis: Redis | null = null;
  private readonly perSession: RateLimiterAbstract | null;
  private readonly perClient: RateLimiterAbstract | null;
  private lastStoreWarning = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(DataSource) db: DataSource) {
    const { sessionPerMinute, clientPerMinute } = config.rateLimit;
    if (config.redisUrl && (sessionPerMinute > 0 || clientPerMinute > 0)) {
      // Fail fast when Redis is away (no offline queue): the call then goes through unlimited.
      this.redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      this.redis.on('error', () => undefined);
    }
    const limiter = (name: string, points: number): RateLimiterAbstract | null => {
      if (points === 0) return null;
      const common = { keyPrefix: `${config.queuePrefix}:rl:${name}`, points, duration: 60 };
      return this.redis
        ? new RateLimiterRedis({ ...common, storeClient: this.redis })
        : new RateLimiterPostgres({
            ...common,
            storeClient: (db.driver as unknown as { master: Pool }).master,
            storeType: 'pool',
            tableName: RATE_LIMIT_TABLE,
            tableCreated: true,
            // The retention job removes expired counters (apps/worker/src/retention/retention-rules.ts).
            clearExpiredByTimeout: false,
          });
    };
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
    const attempts: Array<Promise<RateLimiterRes>> = [];
    if (this.perClient) attempts.push(this.perClient.consume(req.ctx.ip ?? 'unknown'));
    if (this.perSession && token) {
      attempts.push(this.perSession.consume(createHash('sha256').update(token).digest('base64url')));
    }
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
