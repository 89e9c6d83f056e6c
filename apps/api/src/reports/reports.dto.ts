import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { IsLaterThan } from '@ventanilla/http/validation.js';

export class NoSurprisesReportQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Requests submitted at or after this instant (default: 30 days before `to`).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Requests submitted before this instant (default: now).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsLaterThan('from')
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv (or `Accept: text/csv`) downloads the table.' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class OverviewReportQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Requests submitted, and audit events recorded, at or after this instant (default: 30 days before `to`).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before this instant (default: now); after `from`.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsLaterThan('from')
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv (or `Accept: text/csv`) downloads the figures.' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
