import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { noSurprisesCsv } from './no-surprises-csv.js';
import { NoSurprisesReportService, type NoSurprisesReport } from './no-surprises-report.service.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { NoSurprisesReportQuery } from './reports.dto.js';
import { NoSurprisesReportSchema } from './reports.schemas.js';

@ApiTags('reports')
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly noSurprises: NoSurprisesReportService) {}

  @Get('no-surprises')
  @Roles('auditor', 'hub_coordinator')
  @ApiOperation({
    summary:
      'NS-5 compliance: per request and in total, notices required, delivered, acknowledged and late, notice lead time, surprise risk and actions before clearance (must be 0). `?format=csv` or `Accept: text/csv` for CSV.',
  })
  @ApiExtraModels(NoSurprisesReportSchema)
  @ApiOkResponse({
    description: 'The report as JSON, or as CSV (one line per request) when asked for.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(NoSurprisesReportSchema) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiProblems(400, 401, 403, 503)
  async report(
    @CurrentUser() user: SessionUser,
    @Query() query: NoSurprisesReportQuery,
    @Headers('accept') accept: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NoSurprisesReport | string> {
    const csv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/i.test(accept ?? ''));
    const report = await this.noSurprises.build(user, query, csv ? 'csv' : 'json', callContextOf(req));
    if (!csv) return report;
    const day = (iso: string) => iso.slice(0, 10);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="no-surprises-${day(report.from)}-${day(report.to)}.csv"`,
    );
    return noSurprisesCsv(report);
  }
}
