import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { IssueNoticeDto, PostActionReportDto } from './notices.dto.js';
import { HubNoticeListSchema, HubNoticeSchema, PostActionReportSchema } from './notices.schemas.js';
import {
  NoticesService,
  type HubNoticeList,
  type HubNoticeView,
  type PostActionReportView,
} from './notices.service.js';

/** No surprises in both directions: the hub's notices to US agencies, and exigent actions' reports. */
@ApiTags('no-surprises')
@Controller('api/requests/:id')
@ApiProblems(401, 403, 404, 503)
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Post('notices')
  @Roles('hub_coordinator')
  @ApiOperation({
    summary:
      'The hub gives a US requesting agency notice about the request (transfer, expulsion, protest, other); its liaisons see it in GET /api/notifications and acknowledge it there.',
  })
  @ApiCreatedResponse({ type: HubNoticeSchema })
  @ApiProblems(400, 413)
  issue(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() dto: IssueNoticeDto,
    @Req() req: Request,
  ): Promise<HubNoticeView> {
    return this.notices.issue(user, id, dto, callContextOf(req));
  }

  @Get('notices')
  @Roles('hub_coordinator', 'auditor')
  @ApiOperation({ summary: 'The notices the hub sent about the request, oldest first.' })
  @ApiOkResponse({ type: HubNoticeListSchema })
  list(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: Request): Promise<HubNoticeList> {
    return this.notices.list(user, id, callContextOf(req));
  }

  @Post('post-action-report')
  @Roles('liaison')
  @ApiOperation({
    summary: "An exigent action's post-action report, due 12 h after the action; filed once, to the hub (NS-3).",
  })
  @ApiCreatedResponse({ type: PostActionReportSchema })
  @ApiProblems(400, 409, 413)
  fileReport(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() dto: PostActionReportDto,
    @Req() req: Request,
  ): Promise<PostActionReportView> {
    return this.notices.fileReport(user, id, dto, callContextOf(req));
  }

  @Get('post-action-report')
  @Roles('liaison', 'hub_coordinator', 'authorizer', 'auditor')
  @ApiOperation({ summary: 'The post-action report, once filed.' })
  @ApiOkResponse({ type: PostActionReportSchema })
  report(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Req() req: Request,
  ): Promise<PostActionReportView> {
    return this.notices.report(user, id, callContextOf(req));
  }
}
