import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PASSWORD_MIN_LENGTH } from '@ventanilla/auth/password.js';
import { ROLES, type Role } from '@ventanilla/domain/roles.js';
import { SORT_ORDERS, type SortOrder } from '@ventanilla/http/keyset-cursor.js';
import { PageQuery } from '@ventanilla/http/page-query.js';
import { IsEmailAddress, MAX_VERSION } from '@ventanilla/http/validation.js';

const LANGUAGES = ['en', 'es'] as const;

export class CreateUserDto {
  @ApiProperty({ maxLength: 320, example: 'officer@agency.example' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @IsEmailAddress()
  @MaxLength(320)
  email: string;

  @ApiProperty({ maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) displayName: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 60,
    description: 'The agency the account speaks for; none for auditors and administrators.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  agency?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en' }) @IsOptional() @IsIn(LANGUAGES) language?: 'en' | 'es';

  @ApiPropertyOptional({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: 1000,
    description: 'Omit it and a one-time password is generated and shown once in the answer.',
  })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(1000)
  password?: string;
}

export class UpdateUserDto {
  @ApiProperty({ description: 'The version you edited; a stale one answers 409 with the current user.' })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version: number;

  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) displayName?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 60, description: 'null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  agency?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES }) @IsOptional() @IsIn(LANGUAGES) language?: 'en' | 'es';

  @ApiPropertyOptional({ description: 'true disables the account and ends its sessions; false enables it again.' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

/** `?disabled=true`: query strings carry text; anything but true/false stays text and fails IsBoolean. */
const asBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** The columns the account list may be sorted by: e-mail A→Z by default. */
export const USER_SORTS = ['email', 'name', 'role', 'agency', 'created', 'lastSignIn'] as const;
export type UserSort = (typeof USER_SORTS)[number];

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: USER_SORTS, default: 'email' })
  @IsOptional()
  @IsIn(USER_SORTS)
  sort?: UserSort;

  @ApiPropertyOptional({ enum: SORT_ORDERS, description: "The sort's direction: dates newest first, the rest A→Z." })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;

  @ApiPropertyOptional({ description: 'Part of the e-mail address or the name.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) agency?: string;

  @ApiPropertyOptional({ description: 'true: only disabled accounts; false: only active ones.' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  disabled?: boolean;
}
