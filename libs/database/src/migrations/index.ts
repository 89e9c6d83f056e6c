import { Init1795460621733 } from './1795460621733-init.js';
import { OutboxNotify1795460621734 } from './1795460621734-outbox-notify.js';
import { Routing1795463553935 } from './1795463553935-routing.js';
import { NotificationChannels1795463753353 } from './1795463753353-notification-channels.js';
import { NotificationEventsAppendOnly1795463753354 } from './1795463753354-notification-events-append-only.js';
import { AuditChain1795463905193 } from './1795463905193-audit-chain.js';
import { AuditAppendOnly1795463905194 } from './1795463905194-audit-append-only.js';
import { NoSurprises1795466545126 } from './1795466545126-no-surprises.js';
import { ClarificationRelay1795470000000 } from './1795470000000-clarification-relay.js';
import { QueueIndexes1795480000000 } from './1795480000000-queue-indexes.js';
import { SignInThrottle1796348358292 } from './1796348358292-sign-in-throttle.js';
import { PasswordChange1796350000000 } from './1796350000000-password-change.js';
import { Retention1796352000000 } from './1796352000000-retention.js';
import { RateLimits1796354000000 } from './1796354000000-rate-limits.js';
import { Documents1796360000000 } from './1796360000000-documents.js';
import { Search1796361851077 } from './1796361851077-search.js';
import { DeliveryDispatch1796370000000 } from './1796370000000-delivery-dispatch.js';
import { ReferenceNotify1796370000001 } from './1796370000001-reference-notify.js';
import { SavedViews1796371511540 } from './1796371511540-saved-views.js';
import { RequestTypeDefinitionEs1796380000000 } from './1796380000000-request-type-definition-es.js';
import { SearchFunctionsPlannedOnce1796385000000 } from './1796385000000-search-functions-planned-once.js';

// Migrations in the order they run. Generated ones come from `npm run migration:generate -- Name`.
export const MIGRATIONS: Function[] = [
  Init1795460621733,
  OutboxNotify1795460621734,
  Routing1795463553935,
  NotificationChannels1795463753353,
  NotificationEventsAppendOnly1795463753354,
  AuditChain1795463905193,
  AuditAppendOnly1795463905194,
  NoSurprises1795466545126,
  ClarificationRelay1795470000000,
  QueueIndexes1795480000000,
  SignInThrottle1796348358292,
  PasswordChange1796350000000,
  Retention1796352000000,
  RateLimits1796354000000,
  Documents1796360000000,
  Search1796361851077,
  DeliveryDispatch1796370000000,
  ReferenceNotify1796370000001,
  SavedViews1796371511540,
  RequestTypeDefinitionEs1796380000000,
  SearchFunctionsPlannedOnce1796385000000,
];
