import { AdvanceNoticeService } from './advance-notice.service.js';
import { AssignmentLifecycleService } from './assignment-lifecycle.service.js';
import { ClockPlanner } from './clock-planner.service.js';
import { EffectsWriter } from './effects.writer.js';
import { ReferenceRepository } from './reference.repository.js';
import { RequestLifecycleService } from './request-lifecycle.service.js';
import { RoutingService } from './routing.service.js';
import { TransitionRunner } from './transition-runner.js';

/** The request and assignment services both processes provide (they need AuditWriter and OutboxWriter). */
export const REQUEST_SERVICES = [
  ReferenceRepository,
  ClockPlanner,
  EffectsWriter,
  TransitionRunner,
  RequestLifecycleService,
  AssignmentLifecycleService,
  RoutingService,
  AdvanceNoticeService,
];
