import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { DeadLetterPageSchema, DeadLetterSchema } from '../openapi/response.schemas.js';
import { DeadLettersService, type DeadLetterView } from './dead-letters.service.js';
import { ListDeadLettersQuery } from './notification-channels.dto.js';

/** E-mail and webhook deliveries that failed every attempt, and their replay. */
@ApiTags('notification channels')
@Controller('api/admin/dead-letters')
@Roles('admin')
@ApiProblems(401, 403, 503)
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOperation({ summary: 'Dead letters, newest first; `state=open` (default), `replayed` or `all`.' })
  @ApiOkResponse({ type: DeadLetterPageSchema })
  @ApiProblems(400)
  list(@Query() q: ListDeadLettersQuery): Promise<{ items: DeadLetterView[]; nextCursor: string | null }> {
    return this.deadLetters.list(q);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue the delivery again through the outbox, with a fresh attempt budget (audited).' })
  @ApiAcceptedResponse({ type: DeadLetterSchema })
  @ApiProblems(400, 404, 409, 413)
  replay(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: Request): Promise<DeadLetterView> {
    return this.deadLetters.replay(user, id, callContextOf(req));
  }
}
