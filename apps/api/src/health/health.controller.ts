import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '@ventanilla/auth/auth.decorators.js';
import { QueueHealth } from '@ventanilla/queue/queue-health.js';
import { LivenessSchema, ReadinessSchema } from './health.schemas.js';

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly queue: QueueHealth,
  ) {}

  @Get('live')
  @ApiOkResponse({ type: LivenessSchema })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when the database and the queue answer; 503 problem-free JSON naming what is down otherwise. */
  @Get('ready')
  @ApiOkResponse({ type: ReadinessSchema })
  @ApiServiceUnavailableResponse({ type: ReadinessSchema, description: 'The database or the queue is down.' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: string; checks: Record<string, string> }> {
    const [database, queue] = await Promise.all([
      this.db.query('SELECT 1').then(
        () => 'up',
        () => 'down',
      ),
      this.queue.check().then((ok) => (ok ? 'up' : 'down')),
    ]);
    const ok = database === 'up' && queue === 'up';
    if (!ok) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', checks: { database, queue } };
  }
}
