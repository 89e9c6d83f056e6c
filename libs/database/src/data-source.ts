import { DataSource, type MixedList } from 'typeorm';
import {
  AssignmentClarificationEntity,
  AssignmentEntity,
  AssignmentResponseEntity,
  ClockDeadlineEntity,
  RoutingDecisionEntity,
  RoutingProposalEntity,
} from './entities/assignment.entity.js';
import { AuditChainEntity, AuditCheckpointEntity, AuditUnsealedEntity } from './entities/audit-chain.entity.js';
import { AuditEventEntity } from './entities/audit-event.entity.js';
import {
  AgencyEmailContactEntity,
  DeadLetterEntity,
  NotificationDeliveryEntity,
  NotificationEventEntity,
  WebhookEndpointEntity,
} from './entities/notification-channel.entity.js';
import { PostActionReportEntity, RequestNoticeEntity } from './entities/no-surprises.entity.js';
import { NotificationEntity, OutboxEntity } from './entities/outbox.entity.js';
import {
  AgencyEntity,
  HandlingCodeEntity,
  HolidayEntity,
  NoticeLeadTimeEntity,
  RequestTypeEntity,
  RoutingRuleSetEntity,
  SlaPolicyEntity,
  TopicEntity,
} from './entities/reference.entity.js';
import {
  ClarificationEntity,
  FolioCounterEntity,
  IdempotencyKeyEntity,
  RequestEntity,
} from './entities/request.entity.js';
import {
  AttachmentBlobEntity,
  AttachmentChunkEntity,
  AttachmentDownloadEntity,
  AttachmentEntity,
  AttachmentTextEntity,
  TranslationEntity,
} from './entities/document.entity.js';
import { SavedViewEntity } from './entities/saved-view.entity.js';
import { SearchEntryEntity, SearchNameWordEntity } from './entities/search.entity.js';
import { LoginKnownClientEntity, LoginThrottleEntity, SessionEntity, UserEntity } from './entities/user.entity.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';
import { CountingClient } from './statement-counter.js';

export const ENTITIES = [
  AttachmentEntity,
  AttachmentBlobEntity,
  AttachmentChunkEntity,
  AttachmentDownloadEntity,
  AttachmentTextEntity,
  TranslationEntity,
  SearchEntryEntity,
  SearchNameWordEntity,
  AgencyEntity,
  TopicEntity,
  RequestTypeEntity,
  SlaPolicyEntity,
  HandlingCodeEntity,
  HolidayEntity,
  RoutingRuleSetEntity,
  UserEntity,
  SessionEntity,
  LoginThrottleEntity,
  LoginKnownClientEntity,
  SavedViewEntity,
  RequestEntity,
  ClarificationEntity,
  FolioCounterEntity,
  IdempotencyKeyEntity,
  AuditEventEntity,
  AuditChainEntity,
  AuditCheckpointEntity,
  AuditUnsealedEntity,
  OutboxEntity,
  NotificationEntity,
  WebhookEndpointEntity,
  AgencyEmailContactEntity,
  NotificationDeliveryEntity,
  NotificationEventEntity,
  DeadLetterEntity,
  RoutingProposalEntity,
  RoutingDecisionEntity,
  AssignmentEntity,
  AssignmentResponseEntity,
  AssignmentClarificationEntity,
  ClockDeadlineEntity,
  NoticeLeadTimeEntity,
  RequestNoticeEntity,
  PostActionReportEntity,
];

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  migrations?: MixedList<Function>;
}

/** The one data source definition, shared by the API, the worker, the seeder, the migration CLI and the tests. */
export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    entities: ENTITIES,
    migrations: opts.migrations ?? MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // The migrations give uuid keys `DEFAULT gen_random_uuid()` (built into PostgreSQL 13+); with pgcrypto chosen,
    // TypeORM writes the same default when it generates SQL for a `@PrimaryGeneratedColumn('uuid')`, instead of
    // uuid-ossp's uuid_generate_v4(). The migrations own the extensions (search's unaccent and pg_trgm): TypeORM
    // would otherwise try CREATE EXTENSION pgcrypto on every start, which the production role may not do.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    applicationName: opts.applicationName ?? 'ventanilla',
    // JIT compiling pays off for long analytical queries, not for these short ones: the hub's queue counts
    // spent 410 ms compiling a 30 ms query over a million requests (bench/queue-listing.bench.ts).
    // Every statement is tallied (statement-counter.ts): the benchmarks report the work per operation from it.
    extra: {
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      // A new connection costs PostgreSQL a process and a transaction: keep idle ones a minute (pg's default, 10 s,
      // reconnects after every pause in the traffic).
      idleTimeoutMillis: 60_000,
      options: '-c jit=off',
      Client: CountingClient,
    },
  });
}
