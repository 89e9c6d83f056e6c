import { DataSource, type MixedList } from 'typeorm';
import { AuditEventEntity } from './entities/audit-event.entity.js';
import { NotificationEntity, OutboxEntity } from './entities/outbox.entity.js';
import {
  AgencyEntity,
  HandlingCodeEntity,
  HolidayEntity,
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
import { LoginThrottleEntity, SessionEntity, UserEntity } from './entities/user.entity.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export const ENTITIES = [
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
  RequestEntity,
  ClarificationEntity,
  FolioCounterEntity,
  IdempotencyKeyEntity,
  AuditEventEntity,
  OutboxEntity,
  NotificationEntity,
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
    logging: false,
    applicationName: opts.applicationName ?? 'ventanilla',
    extra: { max: opts.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  });
}
