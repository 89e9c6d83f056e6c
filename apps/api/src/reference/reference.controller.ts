import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole } from '@ventanilla/auth/auth.decorators.js';
import { requiresProposedActionAt, type NoSurprisesClass } from '@ventanilla/domain/request-status.js';
import { AgencyListSchema, RequestTypeListSchema, TopicListSchema } from '../openapi/response.schemas.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import { ApiProblems } from '../openapi/problem-responses.js';

/** Reference data every signed-in user needs to fill and read requests. */
@ApiTags('reference')
@Controller('api/reference')
@AnyRole()
@ApiProblems(401, 503)
export class ReferenceController {
  constructor(private readonly reference: ReferenceRepository) {}

  @Get('agencies')
  @ApiOkResponse({ type: AgencyListSchema })
  async agencies(): Promise<{ items: unknown[] }> {
    const { agencies } = await this.reference.get();
    return {
      items: [...agencies.values()]
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((a) => ({
          code: a.code,
          country: a.country,
          nameEn: a.nameEn,
          nameEs: a.nameEs,
          parent: a.parent,
          role: a.role,
          topics: a.topics,
        })),
    };
  }

  @Get('request-types')
  @ApiOkResponse({ type: RequestTypeListSchema })
  async requestTypes(): Promise<{ items: unknown[] }> {
    const { requestTypes } = await this.reference.get();
    return {
      items: [...requestTypes.values()]
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((t) => ({
          code: t.code,
          family: t.family,
          nameEn: t.nameEn,
          nameEs: t.nameEs,
          definition: t.definition,
          definitionEs: t.definitionEs,
          noSurprises: t.noSurprises,
          defaultPriority: t.defaultPriority,
          requiresProposedActionAt: requiresProposedActionAt(t.noSurprises as NoSurprisesClass),
        })),
    };
  }

  @Get('topics')
  @ApiOkResponse({ type: TopicListSchema })
  async topics(): Promise<{ items: unknown[] }> {
    const { topics } = await this.reference.get();
    return {
      items: [...topics.values()]
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((t) => ({ code: t.code, nameEn: t.nameEn, nameEs: t.nameEs })),
    };
  }
}
