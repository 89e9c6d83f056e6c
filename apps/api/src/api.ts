import { existsSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { NestPinoLogger } from '@ventanilla/http/logger.js';
import { ProblemFilter } from '@ventanilla/http/problem.filter.js';
import { requestContextMiddleware } from '@ventanilla/http/request-context.js';
import { createValidationPipe } from '@ventanilla/http/validation.js';
import { ApiModule } from './app.module.js';

export interface ApiOptions {
  config: AppConfig;
  dataSource: DataSource;
  databaseUrl: string;
  logger: Logger;
}

/** Builds the HTTP application (not yet listening): used by `main.ts`, the all-in-one start and the tests. */
export async function createApiApp({ config, dataSource, databaseUrl, logger }: ApiOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, dataSource, databaseUrl), {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  app.use(accessLog(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
        },
      },
    }),
  );
  app.use(cookieParser());
  app.use(express.json({ limit: '256kb', strict: true, type: ['application/json', 'application/*+json'] }));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter(logger));
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Ventanilla API')
    .setDescription('The single window for US–Mexico security-cooperation requests (SRE-SSAN).')
    .setVersion('1')
    .addCookieAuth('vt_session')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });

  const webDir = config.webDir;
  if (existsSync(path.join(webDir, 'index.html'))) {
    app.useStaticAssets(webDir, { index: 'index.html' });
  }
  return app;
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
