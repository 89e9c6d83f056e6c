import { AdvanceNoticeService } from './advance-notice.service.js';
import { AssignmentLifecycleService } from './assignment-lifecycle.service.js';
import { ClockPlanner } from './clock-planner.service.js';
import { ReferenceRepository } from './reference.repository.js';
import { RequestLifecycleService } from './request-lifecycle.service.js';
import { RoutingService } from './routing.service.js';

/** The request and assignment services both processes provide (they need AuditWriter and OutboxWriter). */
export const REQUEST_SERVICES = [
  ReferenceRepository,
  ClockPlanner,
  RequestLifecycleService,
  AssignmentLifecycleService,
  RoutingService,
  AdvanceNoticeService,
];
