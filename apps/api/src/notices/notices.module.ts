import { Module } from '@nestjs/common';
import { RequestsModule } from '../requests/requests.module.js';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';

@Module({ imports: [RequestsModule], controllers: [NoticesController], providers: [NoticesService] })
export class NoticesModule {}
