import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  Max,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '@ventanilla/http/page-query.js';
import { IsEmailAddress, MAX_VERSION } from '@ventanilla/http/validation.js';

const LANGUAGES = ['en', 'es'] as const;

export class CreateWebhookDto {
  @ApiProperty({ description: 'Agency code whose notices the endpoint receives.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  agency: string;

  @ApiProperty({ description: 'Where notices are POSTed; https:// in production.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({ description: 'HMAC key (16–200 characters); generated when omitted. Shown only now.' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;

  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateWebhookDto {
  @ApiProperty({ description: 'The version you edited.' }) @IsInt() @Min(1) @Max(MAX_VERSION) version: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) url?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: 'true: a new secret is generated and returned once.' })
  @IsOptional()
  @IsBoolean()
  rotateSecret?: boolean;
}

export class ListByAgencyQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) agency?: string;
}

export class CreateEmailContactDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(60) agency: string;
  @ApiProperty() @IsEmailAddress() @MaxLength(320) email: string;
  @ApiPropertyOptional({
    enum: LANGUAGES,
    description: "Omit to use the address owner's language, else the agency's country (MX → es).",
  })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: 'en' | 'es';
}

export class UpdateEmailContactDto {
  @ApiProperty({ description: 'The version you edited.' }) @IsInt() @Min(1) @Max(MAX_VERSION) version: number;
  @ApiPropertyOptional({ enum: LANGUAGES, nullable: true, description: 'null: back to the automatic choice.' })
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: 'en' | 'es' | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export const DEAD_LETTER_STATES = ['open', 'replayed', 'all'] as const;

export class ListDeadLettersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DEAD_LETTER_STATES, default: 'open' })
  @IsOptional()
  @IsIn(DEAD_LETTER_STATES)
  state?: (typeof DEAD_LETTER_STATES)[number];

  @ApiPropertyOptional({ enum: ['email', 'webhook'] }) @IsOptional() @IsIn(['email', 'webhook']) channel?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) agency?: string;
}
