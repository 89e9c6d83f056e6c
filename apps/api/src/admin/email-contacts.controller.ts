import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { EmailContactsService, type EmailContactView } from './email-contacts.service.js';
import { CreateEmailContactDto, ListByAgencyQuery, UpdateEmailContactDto } from './notification-channels.dto.js';
import { EmailContactListSchema, EmailContactViewSchema } from './notification-channels.schemas.js';

/** The addresses that receive each agency's notices by e-mail. */
@ApiTags('notification channels')
@Controller('api/admin/email-contacts')
@Roles('admin')
@ApiProblems(401, 403, 503)
export class EmailContactsController {
  constructor(private readonly contacts: EmailContactsService) {}

  @Get()
  @ApiOperation({ summary: 'The notice e-mail addresses, for one agency or all.' })
  @ApiOkResponse({ type: EmailContactListSchema })
  @ApiProblems(400)
  list(@Query() q: ListByAgencyQuery): Promise<{ items: EmailContactView[] }> {
    return this.contacts.list(q.agency);
  }

  @Post()
  @ApiOperation({ summary: "Add an address to an agency's notice e-mails." })
  @ApiCreatedResponse({ type: EmailContactViewSchema })
  @ApiProblems(400, 409, 413)
  create(
    @CurrentUser() user: SessionUser,
    @Body() dto: CreateEmailContactDto,
    @Req() req: Request,
  ): Promise<EmailContactView> {
    return this.contacts.create(user, dto, callContextOf(req));
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change an address's language or switch it off." })
  @ApiOkResponse({ type: EmailContactViewSchema })
  @ApiProblems(400, 404, 409, 413)
  update(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() dto: UpdateEmailContactDto,
    @Req() req: Request,
  ): Promise<EmailContactView> {
    return this.contacts.update(user, id, dto, callContextOf(req));
  }
}
