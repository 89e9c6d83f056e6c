import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AnyRole, CurrentUser } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import type { NotificationDetailView, NotificationView } from '@ventanilla/notifications/notification-view.js';
import {
  NotificationCountsSchema,
  NotificationDetailSchema,
  NotificationPageSchema,
  NotificationViewSchema,
} from '../openapi/response.schemas.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { ListNotificationsQuery } from './notifications.dto.js';
import { NotificationsService, type NotificationCounts, type NotificationPage } from './notifications.service.js';

/** The in-app channel. Every signed-in user may call it; what each sees is their agency's notices. */
@ApiTags('notifications')
@Controller('api/notifications')
@ApiProblems(401, 503)
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @AnyRole()
  @ApiOperation({
    summary: "The caller's agency's notices, newest first (keyset pagination), with unread and unacknowledged counts.",
  })
  @ApiOkResponse({ type: NotificationPageSchema })
  @ApiProblems(400)
  list(
    @CurrentUser() user: SessionUser,
    @Query() query: ListNotificationsQuery,
    @Req() req: Request,
  ): Promise<NotificationPage> {
    return this.notifications.list(user, query, req.ctx.language);
  }

  @Get('summary')
  @AnyRole()
  @ApiOperation({ summary: 'Unread and unacknowledged counts for a badge.' })
  @ApiOkResponse({ type: NotificationCountsSchema })
  summary(@CurrentUser() user: SessionUser): Promise<NotificationCounts> {
    return this.notifications.summary(user);
  }

  @Get(':id')
  @AnyRole()
  @ApiOperation({ summary: 'One notice with its delivery evidence: deliveries per channel and the full trail.' })
  @ApiOkResponse({ type: NotificationDetailSchema })
  @ApiProblems(404)
  get(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: Request): Promise<NotificationDetailView> {
    return this.notifications.get(user, id, req.ctx.language, callContextOf(req));
  }

  @Post(':id/read')
  @HttpCode(200)
  @AnyRole()
  @ApiOperation({ summary: 'Mark the notice read for the agency (idempotent).' })
  @ApiOkResponse({ type: NotificationViewSchema })
  @ApiProblems(400, 403, 404, 413)
  read(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: Request): Promise<NotificationView> {
    return this.notifications.markRead(user, id, req.ctx.language, callContextOf(req));
  }

  @Post(':id/ack')
  @HttpCode(200)
  @AnyRole()
  @ApiOperation({ summary: 'Acknowledge the notice on behalf of the agency (idempotent; the first one stands).' })
  @ApiOkResponse({ type: NotificationViewSchema })
  @ApiProblems(400, 403, 404, 413)
  ack(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: Request): Promise<NotificationView> {
    return this.notifications.acknowledge(user, id, req.ctx.language, callContextOf(req));
  }
}
