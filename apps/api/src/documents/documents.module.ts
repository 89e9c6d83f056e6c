import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { TranslationsController } from '../translations/translations.controller.js';
import { TranslationsService } from '../translations/translations.service.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';

/** The official documents (PDF) and the translations they carry. */
@Module({
  imports: [RequestsModule, AttachmentsModule],
  controllers: [DocumentsController, TranslationsController],
  providers: [DocumentsService, TranslationsService],
})
export class DocumentsModule {}
