import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { HUB_NOTICE_KINDS, type HubNoticeKind } from '@ventanilla/domain/notification-policy.js';

/** A notice the hub sends a US agency about a request (hub coordinators only). */
export class IssueNoticeDto {
  @ApiProperty({ description: 'A US agency whose role is requesting (GET /api/reference/agencies).', maxLength: 60 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  recipientAgency: string;

  @ApiProperty({ enum: HUB_NOTICE_KINDS }) @IsIn(HUB_NOTICE_KINDS) kind: HubNoticeKind;

  @ApiProperty({ maxLength: 5000 }) @IsString() @IsNotEmpty() @MaxLength(5000) text: string;

  @ApiPropertyOptional({
    default: true,
    description: 'Whether the agency must acknowledge it (with a deadline that escalates, NS-4).',
  })
  @IsOptional()
  @IsBoolean()
  ackRequired?: boolean;
}

/** The report an exigent action owes after the fact (the requesting agency's liaison). */
export class PostActionReportDto {
  @ApiProperty({ maxLength: 20000 }) @IsString() @IsNotEmpty() @MaxLength(20000) text: string;
}
