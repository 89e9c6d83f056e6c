import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentUser } from '@ventanilla/auth/auth.decorators.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { HomeViewSchema } from './home.schemas.js';
import { HomeService, type HomeView } from './home.service.js';

@ApiTags('home')
@Controller('api/home')
@ApiProblems(401, 403, 503)
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get()
  @AnyRole()
  @ApiOperation({
    summary:
      "The caller's home page in one call: the figures and first items of their role only (the section named after it), within their need-to-know.",
  })
  @ApiOkResponse({ type: HomeViewSchema })
  get(@CurrentUser() user: SessionUser): Promise<HomeView> {
    return this.home.home(user);
  }
}
