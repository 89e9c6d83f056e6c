import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTACHMENT_CONTEXTS } from '@ventanilla/domain/notification-policy.js';
import { HANDLING_CODES } from '@ventanilla/domain/request-status.js';
import { ROLES } from '@ventanilla/domain/roles.js';

export class AttachmentUploaderSchema {
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: String, nullable: true }) agency: string | null;
}

export class AttachmentWithdrawalSchema {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

export class AttachmentViewSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ enum: ATTACHMENT_CONTEXTS }) context: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '`answer` files: the assignment.' })
  assignmentId: string | null;
  @ApiProperty({ description: 'As uploaded; any language, no path.' }) filename: string;
  @ApiProperty({ description: 'Sniffed from the bytes, never taken from the name or the header.' })
  contentType: string;
  @ApiProperty({ description: 'Bytes.' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, lowercase hex.', pattern: '^[0-9a-f]{64}$' }) sha256: string;
  @ApiProperty({ enum: HANDLING_CODES }) handlingCode: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: AttachmentUploaderSchema }) uploadedBy: AttachmentUploaderSchema;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: '`answer` and `reply` files: when the hub released them to the requester with the reply.',
  })
  releasedAt: string | null;
  @ApiProperty({
    type: AttachmentWithdrawalSchema,
    nullable: true,
    description: 'Withdrawn files are shown to auditors only, with when and why.',
  })
  withdrawn: AttachmentWithdrawalSchema | null;
}

export class AttachmentListSchema {
  @ApiProperty({ type: [AttachmentViewSchema] }) items: AttachmentViewSchema[];
}

/** The multipart form of an upload, as the OpenAPI document describes it. */
export class AttachmentUploadSchema {
  @ApiProperty({ type: 'string', format: 'binary', description: 'Exactly one file part.' }) file: unknown;
  @ApiPropertyOptional({ enum: ATTACHMENT_CONTEXTS, default: 'request' }) context?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Required for `answer`: the assignment.' })
  assignmentId?: string;
  @ApiPropertyOptional({ enum: HANDLING_CODES, description: "Defaults to the request's handling code." })
  handlingCode?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) description?: string;
}
