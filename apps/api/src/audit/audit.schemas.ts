import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BREAK_KINDS, type BreakKind, type ChainBreak, type ChainScope } from '@ventanilla/audit/audit-chain.js';
import type { Checkpoint } from '@ventanilla/audit/audit-signing.js';
import type { AuditEventView, VerifyView } from './audit.service.js';

/* Response bodies of /api/audit as OpenAPI schemas; each implements the type the service returns. */

export class AuditActorSchema implements Readonly<AuditEventView['actor']> {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
  @ApiProperty({ description: 'The role at the time, or `system`.' }) role: string;
  @ApiProperty({ type: String, nullable: true }) agency: string | null;
}

export class AuditObjectSchema {
  @ApiProperty() type: string;
  @ApiProperty({ type: String, nullable: true }) id: string | null;
}

export class AuditSealSchema {
  @ApiProperty() seq: number;
  @ApiProperty({ description: 'Hex SHA-256 of the chain entry.' }) hash: string;
  @ApiProperty({ format: 'date-time' }) sealedAt: string;
}

export class AuditEventSchema implements AuditEventView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time', description: 'UTC, microseconds.' }) occurredAt: string;
  @ApiProperty({ type: AuditActorSchema }) actor: AuditActorSchema;
  @ApiProperty({ example: 'request.claim' }) action: string;
  @ApiProperty({ type: AuditObjectSchema }) object: AuditObjectSchema;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) requestId: string | null;
  @ApiProperty({ type: String, nullable: true }) folio: string | null;
  @ApiProperty({ type: String, nullable: true }) fromStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) toStatus: string | null;
  @ApiProperty({ type: [String] }) changedFields: unknown;
  @ApiProperty({ enum: ['success', 'denied', 'failure'] }) outcome: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ type: String, nullable: true }) correlationId: string | null;
  @ApiProperty({ type: Object }) details: unknown;
  @ApiProperty({ type: AuditSealSchema, nullable: true }) seal: AuditSealSchema | null;
}

export class AuditEventPageSchema {
  @ApiProperty({ type: [AuditEventSchema] }) items: AuditEventSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CheckpointSchema implements Checkpoint {
  @ApiProperty({ description: 'The chain sequence number it covers, up to and including.' }) seq: number;
  @ApiProperty({ description: 'Hex SHA-256 of the chain entry at seq.' }) headHash: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'Base64 Ed25519 signature over the canonical JSON of the other members and v: 1.' })
  signature: string;
}

export class CheckpointPageSchema {
  @ApiProperty({ type: [CheckpointSchema] }) items: CheckpointSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ChainBreakSchema implements ChainBreak {
  @ApiProperty({ description: 'The first sequence number that does not check out.' }) seq: number;
  @ApiProperty({ enum: BREAK_KINDS }) kind: BreakKind;
  @ApiProperty({ type: String, nullable: true }) eventId: string | null;
  @ApiPropertyOptional({ description: 're-chained against a checkpoint: the rewrite lies between this and seq.' })
  earliestSeq?: number;
  @ApiProperty() detail: string;
}

export class VerifyCheckpointsSchema {
  @ApiProperty() checked: number;
  @ApiProperty() signaturesChecked: boolean;
  @ApiProperty({ type: Number, nullable: true }) latestSeq: number | null;
}

export class VerifySchema implements VerifyView {
  @ApiProperty() ok: boolean;
  @ApiProperty() message: string;
  @ApiProperty({ enum: ['full', 'segment', 'sparse'] }) scope: ChainScope;
  @ApiProperty() checkedEvents: number;
  @ApiProperty({ type: Number, nullable: true }) firstSeq: number | null;
  @ApiProperty({ type: Number, nullable: true }) headSeq: number | null;
  @ApiProperty({ type: String, nullable: true }) headHash: string | null;
  @ApiProperty({ type: VerifyCheckpointsSchema }) checkpoints: VerifyCheckpointsSchema;
  @ApiProperty({ description: 'Committed events the sealer has not reached yet.' }) unsealed: number;
  @ApiProperty({ format: 'date-time' }) verifiedAt: string;
  @ApiProperty({ type: String, nullable: true }) keyId: string | null;
  @ApiProperty({ type: ChainBreakSchema, nullable: true }) break: ChainBreakSchema | null;
}

export class PublicKeySchema {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'SPKI PEM; save it for `npm run audit:verify -- --public-key`.' }) publicKeyPem: string;
}
