import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module.js';
import { RequestsController } from './requests.controller.js';
import { RequestsService } from './requests.service.js';
import { SearchService } from '../search/search.service.js';

@Module({
  imports: [AssignmentsModule],
  controllers: [RequestsController],
  providers: [RequestsService, SearchService],
  exports: [RequestsService],
})
export class RequestsModule {}
