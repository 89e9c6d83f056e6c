import { ApiProperty } from '@nestjs/swagger';
import { TRANSLATION_KINDS } from './translations.dto.js';

export class TranslationOriginalSchema {
  @ApiProperty({ enum: TRANSLATION_KINDS }) kind: string;
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class TranslatorSchema {
  @ApiProperty({ enum: ['hub_coordinator'] }) role: string;
  @ApiProperty({ enum: ['SRE-SSAN'] }) agency: string;
}

export class TranslationViewSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ type: TranslationOriginalSchema }) of: TranslationOriginalSchema;
  @ApiProperty({ enum: ['en', 'es'] }) language: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: TranslatorSchema, description: 'Always SRE-SSAN: only the hub translates.' })
  translatedBy: TranslatorSchema;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class TranslationListSchema {
  @ApiProperty({ type: [TranslationViewSchema] }) items: TranslationViewSchema[];
}
