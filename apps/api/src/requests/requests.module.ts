import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module.js';
import { HubColleaguesController } from './hub-colleagues.controller.js';
import { RequestsController } from './requests.controller.js';
import { RequestActionsService } from './request-actions.service.js';
import { RequestIntakeService } from './request-intake.service.js';
import { RequestQueriesService } from './request-queries.service.js';
import { SearchService } from '../search/search.service.js';

@Module({
  imports: [AssignmentsModule],
  controllers: [RequestsController, HubColleaguesController],
  providers: [RequestQueriesService, RequestIntakeService, RequestActionsService, SearchService],
  exports: [RequestQueriesService],
})
export class RequestsModule {}
