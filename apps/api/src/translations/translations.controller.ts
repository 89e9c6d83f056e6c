import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { AddTranslationDto } from './translations.dto.js';
import { TranslationListSchema, TranslationViewSchema } from './translations.schemas.js';
import { TranslationsService, type TranslationView } from './translations.service.js';

@ApiTags('translations')
@Controller('api/requests/:id/translations')
@ApiProblems(401, 403, 503)
export class TranslationsController {
  constructor(private readonly translations: TranslationsService) {}

  @Post()
  @Roles('hub_coordinator')
  @ApiOperation({
    summary:
      "Add SRE-SSAN's translation of an agency answer, a clarification, the request or the reply; the original stays as it is.",
  })
  @ApiCreatedResponse({ type: TranslationViewSchema })
  @ApiProblems(400, 404, 413)
  add(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() dto: AddTranslationDto,
    @Req() req: Request,
  ): Promise<TranslationView> {
    return this.translations.add(user, id, dto, callContextOf(req));
  }

  @Get()
  @Roles('liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor')
  @ApiOperation({ summary: 'The translations the caller may read: those of originals it may read.' })
  @ApiOkResponse({ type: TranslationListSchema })
  @ApiProblems(404)
  list(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Req() req: Request,
  ): Promise<{ items: TranslationView[] }> {
    return this.translations.list(user, id, callContextOf(req));
  }
}
