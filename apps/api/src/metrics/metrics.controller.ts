import { Controller, Get, Headers, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@ventanilla/auth/auth.decorators.js';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { mayScrape } from '@ventanilla/metrics/metrics-access.js';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import { ApiProblems } from '../openapi/problem-responses.js';

/** Prometheus exposition, outside `/api` like the health checks; no session, a bearer token when configured. */
@ApiTags('operations')
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (text format); `Authorization: Bearer` when METRICS_TOKEN is set.' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4.', schema: { type: 'string' } })
  @ApiProblems(401)
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    if (!mayScrape(authorization, this.config.metricsToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError('AUTH.UNAUTHENTICATED', HttpStatus.UNAUTHORIZED);
    }
    const { contentType, body } = await this.metrics.render();
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  }
}
