import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AnyRole, CurrentUser } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { CreateSavedViewDto, ListSavedViewsQuery } from './saved-views.dto.js';
import { SavedViewListSchema, SavedViewSchema } from './saved-views.schemas.js';
import { SavedViewsService, type SavedViewView } from './saved-views.service.js';

/** The caller's own saved views of the lists (a list, its sort and filters, under a name). */
@ApiTags('saved-views')
@Controller('api/saved-views')
@AnyRole()
@ApiProblems(401, 403, 503)
export class SavedViewsController {
  constructor(private readonly views: SavedViewsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's saved views (of one list with `list`), by list and name. Nobody else's." })
  @ApiOkResponse({ type: SavedViewListSchema })
  @ApiProblems(400)
  list(@CurrentUser() user: SessionUser, @Query() query: ListSavedViewsQuery): Promise<{ items: SavedViewView[] }> {
    return this.views.list(user, query.list);
  }

  @Get(':id')
  @ApiOperation({ summary: "One of the caller's saved views; anyone else's is 404." })
  @ApiOkResponse({ type: SavedViewSchema })
  @ApiProblems(404)
  get(@CurrentUser() user: SessionUser, @Param('id') id: string): Promise<SavedViewView> {
    return this.views.get(user, id);
  }

  @Post()
  @ApiOperation({
    summary:
      "Saves a view of a list the caller's role has: its parameters are checked as the list checks them; a name is unique per list (409).",
  })
  @ApiCreatedResponse({ type: SavedViewSchema })
  @ApiProblems(400, 409, 413)
  create(
    @CurrentUser() user: SessionUser,
    @Body() dto: CreateSavedViewDto,
    @Req() req: Request,
  ): Promise<SavedViewView> {
    return this.views.create(user, dto, callContextOf(req));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: "Deletes one of the caller's saved views; anyone else's is 404." })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404, 413)
  async remove(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: Request): Promise<void> {
    await this.views.remove(user, id, callContextOf(req));
  }
}
