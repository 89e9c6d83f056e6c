import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { SearchService } from '../search/search.service.js';
import type { RequestView } from '@ventanilla/requests/request-view.js';
import {
  AssignmentListSchema,
  QueueCountsSchema,
  RequestPageSchema,
  AuthorizationDecisionPageSchema,
  RequestViewSchema,
  RoutingProposalSchema,
  TimelineSchema,
} from '../openapi/response.schemas.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import {
  ActionDto,
  AnswerRelayedDto,
  AuthorizationDecisionsQuery,
  CreateRequestDto,
  ListRequestsQuery,
  UpdateDraftDto,
} from './requests.dto.js';
import type { AssignmentView } from '../assignments/assignment-view.js';
import { AssignmentsService } from '../assignments/assignments.service.js';
import type { Page } from '@ventanilla/http/page-query.js';
import { RequestActionsService } from './request-actions.service.js';
import { RequestIntakeService } from './request-intake.service.js';
import {
  RequestQueriesService,
  type AuthorizationDecisionView,
  type RoutingProposalView,
  type TimelineEntry,
} from './request-queries.service.js';

/** Everyone but administrators works with requests; what each sees is decided in the query. */
const REQUEST_READERS = ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'] as const;
const SEARCH_SORTS = new Set(['relevance', 'newest', 'deadline']);
const REQUEST_ACTORS = ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer'] as const;

@ApiTags('requests')
@Controller('api/requests')
@ApiProblems(401, 403, 503)
export class RequestsController {
  constructor(
    private readonly intake: RequestIntakeService,
    private readonly actions: RequestActionsService,
    private readonly requests: RequestQueriesService,
    private readonly assignmentsService: AssignmentsService,
    private readonly search: SearchService,
  ) {}

  @Post()
  @Roles('liaison')
  @ApiOperation({ summary: "Create a request for the caller's agency; submitted unless `draft: true`." })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body → the same response.' })
  @ApiCreatedResponse({ type: RequestViewSchema })
  @ApiProblems(400, 409, 413, 422)
  async create(
    @CurrentUser() user: SessionUser,
    @Body() dto: CreateRequestDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const { status, body } = await this.intake.create(user, dto, key, callContextOf(req));
    res.status(status);
    return body;
  }

  @Get()
  @Roles(...REQUEST_READERS)
  @ApiOperation({
    summary:
      "The caller's scoped list, newest first, with keyset pagination; with `q`, a search across the record ranked by relevance, each item with its `match`.",
  })
  @ApiOkResponse({ type: RequestPageSchema })
  @ApiProblems(400)
  list(@CurrentUser() user: SessionUser, @Query() query: ListRequestsQuery): Promise<Page<RequestView>> {
    if (query.q !== undefined && query.q.trim() !== '') {
      // A search is ranked, or by date or deadline in their own direction; the columns sort the plain list.
      const wrong = [
        ...(query.sort && !SEARCH_SORTS.has(query.sort) ? [{ field: 'sort', code: 'not_with_q' }] : []),
        ...(query.order ? [{ field: 'order', code: 'not_with_q' }] : []),
      ];
      if (wrong.length > 0) throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, wrong);
      return this.search.search(user, query);
    }
    if (query.sort === 'relevance') {
      throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: 'sort', code: 'needs_q' }]);
    }
    return this.requests.list(user, query);
  }

  @Get('authorization-decisions')
  @Roles('authorizer', 'auditor')
  @ApiOperation({
    summary:
      "GANS's past decisions, newest first: authorized or denied, when, by whom and why, with the request as it is now.",
  })
  @ApiOkResponse({ type: AuthorizationDecisionPageSchema })
  @ApiProblems(400)
  authorizationDecisions(
    @CurrentUser() user: SessionUser,
    @Query() query: AuthorizationDecisionsQuery,
  ): Promise<Page<AuthorizationDecisionView>> {
    return this.requests.authorizationDecisions(user, query);
  }

  @Get('queues')
  @Roles('hub_coordinator', 'auditor')
  @ApiOperation({
    summary: "Counts of the hub's queues and of open requests per escalation level (auditors: for the SLA figures).",
  })
  @ApiOkResponse({ type: QueueCountsSchema })
  queues(@CurrentUser() user: SessionUser): ReturnType<RequestQueriesService['queueCounts']> {
    return this.requests.queueCounts(user);
  }

  @Get(':id/routing-proposal')
  @Roles('hub_coordinator', 'authorizer', 'auditor')
  @ApiOperation({
    summary: "The rules' proposal (lead, supports, authorization, rule ids) and every routing decision.",
  })
  @ApiOkResponse({ type: RoutingProposalSchema })
  @ApiProblems(404)
  routingProposal(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Req() req: Request,
  ): Promise<RoutingProposalView> {
    return this.requests.routingProposal(user, id, callContextOf(req));
  }

  @Get(':id/assignments')
  @Roles('hub_coordinator', 'agency_coordinator', 'auditor')
  @ApiOperation({ summary: "The request's assignments the caller may see: all for the hub, its own for an agency." })
  @ApiOkResponse({ type: AssignmentListSchema })
  @ApiProblems(404)
  async assignments(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Req() req: Request,
  ): Promise<{ items: AssignmentView[] }> {
    const visible = await this.requests.findVisible(user, id, callContextOf(req));
    return this.assignmentsService.forRequest(user, visible.id);
  }

  @Get(':id')
  @Roles(...REQUEST_READERS)
  @ApiOkResponse({ type: RequestViewSchema })
  @ApiProblems(404)
  get(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: Request): Promise<RequestView> {
    return this.requests.get(user, id, callContextOf(req));
  }

  @Patch(':id')
  @Roles('liaison')
  @ApiOperation({ summary: 'Edit a draft.' })
  @ApiOkResponse({ type: RequestViewSchema })
  @ApiProblems(400, 404, 409, 413)
  update(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() dto: UpdateDraftDto,
    @Req() req: Request,
  ): Promise<RequestView> {
    return this.intake.updateDraft(user, id, dto, callContextOf(req));
  }

  @Get(':id/timeline')
  @Roles(...REQUEST_READERS)
  @ApiOkResponse({ type: TimelineSchema })
  @ApiProblems(404)
  timeline(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Req() req: Request,
  ): Promise<{ items: TimelineEntry[] }> {
    return this.requests.timeline(user, id, callContextOf(req));
  }

  @Post(':id/clarifications/:clarificationId/answer')
  @HttpCode(200)
  @Roles('liaison')
  @ApiOperation({ summary: "Answer a question the hub relayed from an agency (the request's status does not change)." })
  @ApiOkResponse({ type: RequestViewSchema })
  @ApiProblems(400, 404, 409, 413)
  answerRelayed(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Param('clarificationId') clarificationId: string,
    @Body() dto: AnswerRelayedDto,
    @Req() req: Request,
  ): Promise<RequestView> {
    return this.actions.answerRelayed(user, id, clarificationId, dto.answer, callContextOf(req));
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @Roles(...REQUEST_ACTORS)
  @ApiOperation({
    summary:
      'A lifecycle action: submit, withdraw, claim, request_clarification, answer_clarification, reject, request_authorization, authorize, deny, route ({lead, support[]}), reroute ({lead, support[], reason}), release_response ({response, answerIds?}), close, hand_over ({colleague, reason}: the claimant hands the request to another hub coordinator).',
  })
  @ApiOkResponse({ type: RequestViewSchema })
  @ApiProblems(400, 404, 409, 413, 422)
  act(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() dto: ActionDto,
    @Req() req: Request,
  ): Promise<RequestView> {
    return this.actions.act(user, id, action, dto, callContextOf(req));
  }
}
