import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ALL_QUEUES } from '@ventanilla/queue/jobs.js';

/** The states an administrator can list; `failed` is the one that needs a person. */
export const LISTABLE_JOB_STATES = ['failed', 'waiting', 'active', 'delayed', 'completed', 'prioritized'] as const;
export type ListableJobState = (typeof LISTABLE_JOB_STATES)[number];

export class ListJobsQuery {
  @ApiPropertyOptional({ enum: ALL_QUEUES, description: 'One queue; every queue when omitted.' })
  @IsOptional()
  @IsIn(ALL_QUEUES)
  queue?: string;

  @ApiPropertyOptional({ enum: LISTABLE_JOB_STATES, default: 'failed' })
  @IsOptional()
  @IsIn(LISTABLE_JOB_STATES)
  state?: ListableJobState;

  @ApiPropertyOptional({ description: 'From the previous page: `nextCursor`.' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,3}\.\d{1,9}$/)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
