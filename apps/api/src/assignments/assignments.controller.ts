import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import {
  AssignmentCountsSchema,
  AssignmentPageSchema,
  AssignmentViewSchema,
  RelayedClarificationSchema,
} from '../openapi/response.schemas.js';
import type { Page } from '@ventanilla/http/page-query.js';
import type { AssignmentView } from './assignment-view.js';
import { AssignmentActionDto, ListAssignmentsQuery, RelayClarificationDto } from './assignments.dto.js';
import { AssignmentsService } from './assignments.service.js';

/** Agencies work their inbox here; the hub and auditors see every assignment. Requesters never do (NS-1). */
const ASSIGNMENT_READERS = ['agency_coordinator', 'hub_coordinator', 'auditor'] as const;

@ApiTags('assignments')
@Controller('api/assignments')
@ApiProblems(401, 403, 503)
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get()
  @Roles(...ASSIGNMENT_READERS)
  @ApiOperation({ summary: "The caller's assignments (an agency's inbox), newest first, with keyset pagination." })
  @ApiOkResponse({ type: AssignmentPageSchema })
  @ApiProblems(400)
  list(@CurrentUser() user: SessionUser, @Query() query: ListAssignmentsQuery): Promise<Page<AssignmentView>> {
    return this.assignments.list(user, query);
  }

  @Get('counts')
  @Roles(...ASSIGNMENT_READERS)
  @ApiOperation({ summary: 'How many assignments the caller may see in each status (the inbox tabs).' })
  @ApiOkResponse({ type: AssignmentCountsSchema })
  counts(@CurrentUser() user: SessionUser): Promise<{ byStatus: Record<string, number>; total: number }> {
    return this.assignments.counts(user);
  }

  @Get(':id')
  @Roles(...ASSIGNMENT_READERS)
  @ApiOkResponse({ type: AssignmentViewSchema })
  @ApiProblems(404)
  get(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: Request): Promise<AssignmentView> {
    return this.assignments.get(user, id, callContextOf(req));
  }

  @Post(':id/relay-clarification')
  @HttpCode(200)
  @Roles('hub_coordinator')
  @ApiOperation({
    summary: "Relay the agency's pending question to the requester (the request does not change status).",
  })
  @ApiOkResponse({ type: RelayedClarificationSchema })
  @ApiProblems(400, 404, 409, 413)
  relay(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() dto: RelayClarificationDto,
    @Req() req: Request,
  ): Promise<{ clarificationId: string }> {
    return this.assignments.relayClarification(user, id, dto.question, callContextOf(req));
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @Roles('agency_coordinator', 'hub_coordinator')
  @ApiOperation({
    summary:
      'accept, decline (reason), request_clarification (question, to the hub), answer_clarification (hub), respond (text; `final: false` for a partial answer)',
  })
  @ApiOkResponse({ type: AssignmentViewSchema })
  @ApiProblems(400, 404, 409, 413)
  act(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() dto: AssignmentActionDto,
    @Req() req: Request,
  ): Promise<AssignmentView> {
    return this.assignments.act(user, id, action, dto, callContextOf(req));
  }
}
