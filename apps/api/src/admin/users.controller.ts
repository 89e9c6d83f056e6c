import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './users.dto.js';
import { UserPageSchema, UserViewSchema, UserWithPasswordSchema } from './users.schemas.js';
import { UsersService, type UserPage, type UserView, type UserWithPassword } from './users.service.js';

/** User accounts, for administrators only; every change is audited. */
@ApiTags('users')
@Controller('api/admin/users')
@Roles('admin')
@ApiProblems(401, 403, 503)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Accounts by e-mail address, with keyset pagination; filters q, role, agency, disabled.' })
  @ApiOkResponse({ type: UserPageSchema })
  @ApiProblems(400)
  list(@Query() query: ListUsersQuery): Promise<UserPage> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserViewSchema })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<UserView> {
    return this.users.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create an account; without `password`, a one-time password is generated and shown once.' })
  @ApiCreatedResponse({ type: UserWithPasswordSchema })
  @ApiProblems(400, 409, 413)
  create(
    @CurrentUser() admin: SessionUser,
    @Body() dto: CreateUserDto,
    @Req() req: Request,
  ): Promise<UserWithPassword> {
    return this.users.create(admin, dto, callContextOf(req));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Edit name, role, agency, language, or disable/enable. Role, agency and disabling end the sessions.',
  })
  @ApiOkResponse({ type: UserViewSchema })
  @ApiProblems(400, 404, 409, 413, 422)
  update(
    @CurrentUser() admin: SessionUser,
    @Param('id') id: string,
    @Body() dto: UpdateUserDto,
    @Req() req: Request,
  ): Promise<UserView> {
    return this.users.update(admin, id, dto, callContextOf(req));
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: "A new generated password, shown once; the old one and the user's sessions stop working." })
  @ApiOkResponse({ type: UserWithPasswordSchema })
  @ApiProblems(400, 404, 413)
  resetPassword(
    @CurrentUser() admin: SessionUser,
    @Param('id') id: string,
    @Req() req: Request,
  ): Promise<UserWithPassword> {
    return this.users.resetPassword(admin, id, callContextOf(req));
  }
}
