import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '@ventanilla/http/validation.js';

export class LoginDto {
  @ApiProperty({ example: 'liaison.dea@demo.test' }) @IsString() @IsEmailAddress() @MaxLength(320) email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(1000) password: string;
}

/** What a signed-in user may change about themselves. */
export class UpdateMeDto {
  @ApiProperty({ enum: ['en', 'es'], description: 'Language of the interface and of error messages.' })
  @IsIn(['en', 'es'])
  language: 'en' | 'es';
}
