import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { loadConfig } from '@ventanilla/config/config.js';
import { ApiModule } from '../app.module.js';
import { withRateLimitAnswers } from './problem-responses.js';

/** The one description of the API: served at /api/docs and turned into the web app's types. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Ventanilla API')
    .setDescription('The single window for US–Mexico security-cooperation requests (SRE-SSAN).')
    .setVersion('1')
    .addCookieAuth('vt_session')
    .build();
  return withRateLimitAnswers(SwaggerModule.createDocument(app, info));
}

/**
 * The document without a database, a queue or a listener: Nest's preview mode resolves the module graph and
 * reads the controllers' metadata but instantiates no provider, so nothing connects anywhere.
 */
export async function buildOpenApiDocumentOffline(): Promise<OpenAPIObject> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://offline@127.0.0.1:1/offline' });
  const dataSource = new DataSource({ type: 'postgres' });
  const app = await NestFactory.create(ApiModule.forRoot(config, dataSource, config.databaseUrl!), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
