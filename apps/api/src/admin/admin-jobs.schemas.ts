import { ApiProperty } from '@nestjs/swagger';
import { ALL_QUEUES } from '@ventanilla/queue/jobs.js';
import type { JobPage } from './admin-jobs.service.js';
import type { JobView } from './job-view.js';

/* Response bodies of the admin jobs API as OpenAPI schemas; `implements` keeps them in step with the views. */

export class JobViewSchema implements JobView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ALL_QUEUES }) queue: string;
  @ApiProperty({ description: 'The job name, e.g. request.register.' }) name: string;
  @ApiProperty({ description: 'failed, waiting, active, delayed, completed, prioritized, …' }) state: string;
  @ApiProperty() attemptsMade: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty({ type: String, nullable: true }) failedReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) processedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Top-level ids and codes of the payload; nested values read "[redacted]".',
  })
  data: Record<string, unknown>;
}

export class JobPageSchema implements JobPage {
  @ApiProperty({ type: [JobViewSchema] }) items: JobViewSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
