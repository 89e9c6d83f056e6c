import { ApiProperty } from '@nestjs/swagger';

/* The health checks' bodies: plain JSON for probes, not problem+json, on 503 as well. */

export class LivenessSchema {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

export class ReadinessChecksSchema {
  @ApiProperty({ enum: ['up', 'down'] }) database: string;
  @ApiProperty({ enum: ['up', 'down'] }) queue: string;
}

export class ReadinessSchema {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: string;
  @ApiProperty({ type: ReadinessChecksSchema }) checks: ReadinessChecksSchema;
}
