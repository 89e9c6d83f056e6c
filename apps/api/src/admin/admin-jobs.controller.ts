import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { ListJobsQuery } from './admin-jobs.dto.js';
import { JobPageSchema, JobViewSchema } from './admin-jobs.schemas.js';
import { AdminJobsService, type JobPage } from './admin-jobs.service.js';
import type { JobView } from './job-view.js';

/** Queue jobs for administrators: the API twin of the dashboard's failed-job view. */
@ApiTags('operations')
@Controller('api/admin/jobs')
@Roles('admin')
@ApiProblems(401, 403, 503)
export class AdminJobsController {
  constructor(private readonly jobs: AdminJobsService) {}

  @Get()
  @ApiOperation({ summary: 'Jobs in one state (failed by default), newest first, for one queue or all.' })
  @ApiOkResponse({ type: JobPageSchema })
  @ApiProblems(400)
  list(@Query() query: ListJobsQuery): Promise<JobPage> {
    return this.jobs.list(query);
  }

  @Post(':queue/:jobId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry a failed job with a fresh attempt budget; audited as job.retry.' })
  @ApiOkResponse({ type: JobViewSchema })
  @ApiProblems(400, 404, 409, 413)
  retry(
    @CurrentUser() user: SessionUser,
    @Param('queue') queue: string,
    @Param('jobId') jobId: string,
    @Req() req: Request,
  ): Promise<JobView> {
    return this.jobs.retry(user, queue, jobId, callContextOf(req));
  }

  @Post(':queue/:jobId/promote')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a delayed job now instead of at its time; audited as job.promote.' })
  @ApiOkResponse({ type: JobViewSchema })
  @ApiProblems(400, 404, 409, 413)
  promote(
    @CurrentUser() user: SessionUser,
    @Param('queue') queue: string,
    @Param('jobId') jobId: string,
    @Req() req: Request,
  ): Promise<JobView> {
    return this.jobs.promote(user, queue, jobId, callContextOf(req));
  }
}
