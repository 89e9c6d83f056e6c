import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';

export const TRANSLATION_KINDS = ['answer', 'clarification', 'request', 'reply'] as const;
export type TranslationKind = (typeof TRANSLATION_KINDS)[number];

export class TranslatedOriginalDto {
  @ApiProperty({
    enum: TRANSLATION_KINDS,
    description: 'What is translated: an agency answer, a clarification, the request itself, or the reply.',
  })
  @IsIn(TRANSLATION_KINDS)
  kind: TranslationKind;

  @ApiProperty({
    format: 'uuid',
    description: 'The answer or clarification id; the request id for `request` and `reply`.',
  })
  @IsUUID('all')
  id: string;
}

export class AddTranslationDto {
  @ApiProperty({ type: TranslatedOriginalDto })
  @ValidateNested()
  @Type(() => TranslatedOriginalDto)
  of: TranslatedOriginalDto;
  @ApiProperty({ enum: ['en', 'es'], description: 'The language translated into.' }) @IsIn(['en', 'es']) language:
    'en' | 'es';
  @ApiProperty({ maxLength: 20000 }) @IsString() @IsNotEmpty() @MaxLength(20000) text: string;
}
