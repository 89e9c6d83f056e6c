import { Module } from '@nestjs/common';
import { NoSurprisesReportService } from './no-surprises-report.service.js';
import { ReportsController } from './reports.controller.js';

/** Compliance reports for auditors and the hub. */
@Module({ controllers: [ReportsController], providers: [NoSurprisesReportService] })
export class ReportsModule {}
