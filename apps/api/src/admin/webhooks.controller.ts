import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { PageQuery } from '@ventanilla/http/page-query.js';
import { CreateWebhookDto, ListByAgencyQuery, UpdateWebhookDto } from './notification-channels.dto.js';
import {
  WebhookAttemptPageSchema,
  WebhookListSchema,
  WebhookUpdatedSchema,
  WebhookViewSchema,
  WebhookWithSecretSchema,
} from './notification-channels.schemas.js';
import {
  WebhooksService,
  type WebhookAttemptView,
  type WebhookView,
  type WebhookWithSecret,
} from './webhooks.service.js';

/** Each agency's webhook endpoints: administrators register them, switch them off, rotate their secrets. */
@ApiTags('notification channels')
@Controller('api/admin/webhooks')
@Roles('admin')
@ApiProblems(401, 403, 503)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'Webhook endpoints, for one agency or all (secrets are never listed).' })
  @ApiOkResponse({ type: WebhookListSchema })
  @ApiProblems(400)
  list(@Query() q: ListByAgencyQuery): Promise<{ items: WebhookView[] }> {
    return this.webhooks.list(q.agency);
  }

  @Post()
  @ApiOperation({ summary: "Register an agency's endpoint; the answer is the only one that shows the secret." })
  @ApiCreatedResponse({ type: WebhookWithSecretSchema })
  @ApiProblems(400, 413)
  create(
    @CurrentUser() user: SessionUser,
    @Body() dto: CreateWebhookDto,
    @Req() req: Request,
  ): Promise<WebhookWithSecret> {
    return this.webhooks.create(user, dto, callContextOf(req));
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookViewSchema })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change URL, description or active flag, or rotate the secret (`rotateSecret: true`).' })
  @ApiOkResponse({ type: WebhookUpdatedSchema })
  @ApiProblems(400, 404, 409, 413)
  update(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() dto: UpdateWebhookDto,
    @Req() req: Request,
  ): Promise<WebhookView> {
    return this.webhooks.update(user, id, dto, callContextOf(req));
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "The endpoint's delivery log: one line per attempt, newest first." })
  @ApiOkResponse({ type: WebhookAttemptPageSchema })
  @ApiProblems(400, 404)
  deliveries(
    @Param('id') id: string,
    @Query() q: PageQuery,
  ): Promise<{ items: WebhookAttemptView[]; nextCursor: string | null }> {
    return this.webhooks.attempts(id, q);
  }
}
