import { Module } from '@nestjs/common';
import { NoSurprisesReportService } from './no-surprises-report.service.js';
import { OverviewReportService } from './overview-report.service.js';
import { ReportsController } from './reports.controller.js';

/** Compliance reports for auditors and the hub; the auditors' figures. */
@Module({ controllers: [ReportsController], providers: [NoSurprisesReportService, OverviewReportService] })
export class ReportsModule {}
