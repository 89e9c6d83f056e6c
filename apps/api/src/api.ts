import { existsSync } from 'node:fs';
import path from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Queue } from 'bullmq';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AuditWriter } from '@ventanilla/audit/audit.writer.js';
import { SessionService } from '@ventanilla/auth/session.service.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { NestPinoLogger } from '@ventanilla/http/logger.js';
import { ProblemFilter } from '@ventanilla/http/problem.filter.js';
import { requestContextMiddleware } from '@ventanilla/http/request-context.js';
import { createValidationPipe } from '@ventanilla/http/validation.js';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { ALL_QUEUES } from '@ventanilla/queue/jobs.js';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from './admin/queue-dashboard.js';
import { ApiModule } from './app.module.js';
import { RateLimitService } from './rate-limit/rate-limit.service.js';
import { requestCrossChecks } from './requests/request-field-checks.js';
import { savedViewCrossChecks } from './saved-views/saved-views.dto.js';
import { httpMetrics } from './metrics/http-metrics.js';
import { createOpenApiDocument } from './openapi/openapi-document.js';

export interface ApiOptions {
  config: AppConfig;
  dataSource: DataSource;
  databaseUrl: string;
  logger: Logger;
  /** The registry to report into; pass the worker's when both run in one process. */
  metrics?: MetricsService;
}

/** Builds the HTTP application (not yet listening): used by `main.ts`, the all-in-one start and the tests. */
export async function createApiApp({
  config,
  dataSource,
  databaseUrl,
  logger,
  metrics = new MetricsService(),
}: ApiOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.forRoot(config, dataSource, databaseUrl, metrics),
    {
      logger: new NestPinoLogger(logger),
      bodyParser: false,
      abortOnError: false,
    },
  );
  // Who may say, in X-Forwarded-For, where a call comes from (TRUST_PROXY): sign-in throttling and rate limits
  // count per client, so behind a load balancer this must name it, or every client would be one.
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(httpMetrics(metrics));
  app.use(requestContextMiddleware);
  app.use(accessLog(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          // Attachment previews show the bytes the page fetched, as blob: URLs (images; PDFs in a frame).
          imgSrc: ["'self'", 'data:', 'blob:'],
          frameSrc: ["'self'", 'blob:'],
        },
      },
    }),
  );
  app.use(cookieParser());
  const problems = new ProblemFilter(logger);
  // Before any work is done for a call: the API and the queue dashboard (health and metrics stay unlimited).
  app.use(['/api', QUEUE_DASHBOARD_PATH], app.get(RateLimitService).middleware(problems));
  app.use(express.json({ limit: '256kb', strict: true, type: ['application/json', 'application/*+json'] }));
  app.useGlobalPipes(
    createValidationPipe(new Map([...requestCrossChecks(app.get(ReferenceRepository)), ...savedViewCrossChecks])),
  );
  app.useGlobalFilters(problems);
  app.use(
    QUEUE_DASHBOARD_PATH,
    queueDashboard({
      queues: ALL_QUEUES.map((name) => app.get<Queue>(getQueueToken(name), { strict: false })),
      sessions: app.get(SessionService),
      audit: app.get(AuditWriter),
      db: dataSource,
      problems,
    }),
  );
  app.enableShutdownHooks();
  // Idle keep-alive connections outlive a client's own pause (and a load balancer's 60 s idle timeout), so a
  // client never reuses a connection the server is just closing (a spurious ECONNRESET).
  const server = app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });

  const webDir = config.webDir;
  if (existsSync(path.join(webDir, 'index.html'))) {
    app.useStaticAssets(webDir, {
      index: 'index.html',
      // Vite names every asset after its content hash: cache them for good, but always revalidate the page.
      setHeaders: (res: Response, file: string) =>
        res.setHeader(
          'Cache-Control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    });
    app.use(singlePageFallback(path.join(webDir, 'index.html')));
  }
  return app;
}

/** Paths the server answers itself; every other page address belongs to the web app's router. */
const SERVER_PATHS = /^\/(api|health|metrics)(\/|$)/;

/**
 * Deep links (`/requests/…` typed in or reloaded) get the web app's page; its router shows the screen.
 * Only for browsers asking for HTML, so API clients still get problem+json 404s.
 */
function singlePageFallback(indexFile: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const wantsPage = (req.method === 'GET' || req.method === 'HEAD') && req.get('accept')?.includes('text/html');
    if (!wantsPage || SERVER_PATHS.test(req.path)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  };
}

function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info(
        {
          correlationId: req.ctx?.correlationId,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - start) / 1e6,
          user: req.ctx?.user?.id,
        },
        'http',
      );
    });
    next();
  };
}
