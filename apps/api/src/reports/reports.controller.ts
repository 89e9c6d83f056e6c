import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { noSurprisesCsv } from './no-surprises-csv.js';
import { NoSurprisesReportService, type NoSurprisesReport } from './no-surprises-report.service.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { overviewCsv, OverviewReportService, type OverviewReport } from './overview-report.service.js';
import { NoSurprisesReportQuery, OverviewReportQuery } from './reports.dto.js';
import { NoSurprisesReportSchema, OverviewReportSchema } from './reports.schemas.js';

@ApiTags('reports')
@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly noSurprises: NoSurprisesReportService,
    private readonly overview: OverviewReportService,
  ) {}

  @Get('overview')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "The reports page's figures over a date range: requests submitted in it by status; of those still open, against their deadline per priority, by escalation level and by hub queue; audit events recorded in it by outcome and most frequent action. `?format=csv` or `Accept: text/csv` for CSV.",
  })
  @ApiExtraModels(OverviewReportSchema)
  @ApiOkResponse({
    description: 'The figures as JSON, or as CSV (figure, key, value) when asked for.',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(OverviewReportSchema) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiProblems(400, 401, 403, 503)
  async overviewReport(
    @CurrentUser() user: SessionUser,
    @Query() query: OverviewReportQuery,
    @Req() req: Request,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OverviewReport | string> {
    const csv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/i.test(accept ?? ''));
    const report = await this.overview.build(user, query, csv ? 'csv' : 'json', callContextOf(req));
    if (!csv) return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="figures-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv"`,
    );
    return overviewCsv(report);
  }

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
