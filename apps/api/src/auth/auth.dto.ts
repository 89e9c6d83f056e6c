import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@ventanilla/auth/password.js';
import { IsEmailAddress } from '@ventanilla/http/validation.js';

export class LoginDto {
  @ApiProperty({ example: 'liaison.dea@demo.test' }) @IsString() @IsEmailAddress() @MaxLength(320) email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(1000) password: string;
}

/** A user setting their own password. */
export class ChangePasswordDto {
  @ApiProperty({ description: 'The password the user signed in with (the one-time password, after a reset).' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword: string;
}

/** What a signed-in user may change about themselves. */
export class UpdateMeDto {
  @ApiProperty({ enum: ['en', 'es'], description: 'Language of the interface and of error messages.' })
  @IsIn(['en', 'es'])
  language: 'en' | 'es';
}
