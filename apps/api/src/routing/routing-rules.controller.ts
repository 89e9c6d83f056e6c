import { Body, Controller, Get, HttpStatus, Inject, Param, ParseIntPipe, Post, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@ventanilla/audit/audit.writer.js';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { RoutingRuleSetEntity } from '@ventanilla/database/entities/reference.entity.js';
import { validateRuleSetDocument, ruleSetFromReferenceJson } from '@ventanilla/domain/routing-rules.js';
import { AppError } from '@ventanilla/http/app-error.js';
import { MAX_VERSION } from '@ventanilla/http/validation.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ReferenceRepository } from '@ventanilla/requests/reference.repository.js';
import {
  RuleSetVersionDocumentSchema,
  RuleSetVersionListSchema,
  RuleSetVersionSchema,
} from '../openapi/response.schemas.js';
import { ApiProblems } from '../openapi/problem-responses.js';

export class PublishRuleSetDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The whole rule set: `{ rules: [...], modifiers: [...] }`, as GET returns it.',
  })
  @IsObject()
  document: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 2000, description: 'What changed and why; kept with the version.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export interface RuleSetVersionView {
  version: number;
  createdAt: string;
  createdBy: string | null;
  note: string | null;
}

/**
 * Routing rules are data: every edit publishes a new version and old versions stay (each proposal names the
 * version that produced it). Administrators publish; the hub and auditors may read.
 */
@ApiTags('routing rules')
@Controller('api/admin/routing-rules')
@ApiProblems(401, 403, 503)
export class RoutingRulesController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly reference: ReferenceRepository,
    private readonly audit: AuditWriter,
  ) {}

  @Get()
  @Roles('admin', 'hub_coordinator', 'auditor')
  @ApiOperation({ summary: 'Every version, newest first; the first is the one in force.' })
  @ApiOkResponse({ type: RuleSetVersionListSchema })
  async versions(): Promise<{ current: number; items: RuleSetVersionView[] }> {
    const rows = await this.db.getRepository(RoutingRuleSetEntity).find({ order: { version: 'DESC' } });
    return { current: rows[0]?.version ?? 0, items: rows.map(versionView) };
  }

  @Get(':version')
  @Roles('admin', 'hub_coordinator', 'auditor')
  @ApiOperation({ summary: 'One version with its whole document (`{rules, modifiers}`), as POST takes it back.' })
  @ApiOkResponse({ type: RuleSetVersionDocumentSchema })
  @ApiProblems(404)
  async get(
    @Param('version', new ParseIntPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) version: number,
  ): Promise<RuleSetVersionView & { document: unknown }> {
    // Beyond the column's range there is no such version; asking the database would fail instead.
    const row =
      version >= 1 && version <= MAX_VERSION
        ? await this.db.getRepository(RoutingRuleSetEntity).findOneBy({ version })
        : null;
    if (!row) throw new AppError('ROUTING.RULES_NOT_FOUND', HttpStatus.NOT_FOUND);
    return { ...versionView(row), document: ruleSetFromReferenceJson(row.document) };
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Publish an edited rule set as a new version (validated in full first).' })
  @ApiCreatedResponse({ type: RuleSetVersionSchema })
  @ApiProblems(400, 413)
  async publish(
    @CurrentUser() user: SessionUser,
    @Body() dto: PublishRuleSetDto,
    @Req() req: Request,
  ): Promise<RuleSetVersionView> {
    const { agencies, requestTypes, topics } = await this.reference.get();
    const problems = validateRuleSetDocument(dto.document, {
      agencies: [...agencies.values()].map((a) => ({ code: a.code, country: a.country, role: a.role })),
      requestTypes: [...requestTypes.values()].map((t) => ({ code: t.code, family: t.family })),
      topics: [...topics.keys()],
    });
    if (problems.length > 0) {
      throw new AppError(
        'ROUTING.RULES_INVALID',
        HttpStatus.BAD_REQUEST,
        {},
        problems.map((p) => ({ field: `document.${p.field}`, code: p.code })),
      );
    }
    const document = { ...ruleSetFromReferenceJson(dto.document), note: dto.note ?? null };
    return this.db.transaction(async (m) => {
      // Serialise publications so two admins never take the same number.
      await m.query(`LOCK TABLE routing_rule_sets IN SHARE ROW EXCLUSIVE MODE`);
      const [{ next }] = (await m.query(
        `SELECT COALESCE(max(version), 0) + 1 AS next FROM routing_rule_sets`,
      )) as Array<{ next: number }>;
      await m.query(`INSERT INTO routing_rule_sets (version, document, created_by) VALUES ($1, $2, $3)`, [
        next,
        JSON.stringify(document),
        user.email,
      ]);
      await this.audit.append(
        m,
        {
          actor: { userId: user.id, role: user.role, agency: user.agency },
          action: 'reference.routing_rules_published',
          objectType: 'reference',
          objectId: `routing_rule_sets/${next}`,
          changedFields: ['rules', 'modifiers'],
          reason: dto.note ?? null,
          details: { version: next },
        },
        callContextOf(req),
      );
      const row = await m.getRepository(RoutingRuleSetEntity).findOneByOrFail({ version: next });
      return versionView(row);
    });
  }
}

function versionView(row: RoutingRuleSetEntity): RuleSetVersionView {
  const note = (row.document as { note?: unknown }).note;
  return {
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    note: typeof note === 'string' && row.createdBy !== 'seed' ? note : null,
  };
}
