import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import type { SessionUser } from '@ventanilla/http/request-context.js';
import { HubColleagueListSchema } from '../openapi/response.schemas.js';
import { ApiProblems } from '../openapi/problem-responses.js';

export interface HubColleague {
  id: string;
  displayName: string;
  email: string;
}

/** The hub's own people, for its coordinators only: whom a claimed request can be handed to. */
@ApiTags('requests')
@Controller('api/hub')
@ApiProblems(401, 403)
export class HubColleaguesController {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  @Get('colleagues')
  @Roles('hub_coordinator')
  @ApiOperation({
    summary: 'The other active hub coordinators, by name: whom the caller may hand a claimed request to.',
  })
  @ApiOkResponse({ type: HubColleagueListSchema })
  async colleagues(@CurrentUser() user: SessionUser): Promise<{ items: HubColleague[] }> {
    const items = (await this.db.query(
      `SELECT id, display_name AS "displayName", email FROM users
        WHERE role = 'hub_coordinator' AND disabled_at IS NULL AND id <> $1
        ORDER BY lower(display_name), id`,
      [user.id],
    )) as HubColleague[];
    return { items };
  }
}
