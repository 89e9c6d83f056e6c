import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';

/** The tables that grow: those the retention job trims, and the record and audit tables it never touches. */
export const MEASURED_TABLES = [
  'outbox',
  'sessions',
  'idempotency_keys',
  'login_throttle',
  'login_known_clients',
  'requests',
  'assignments',
  'notifications',
  'notification_deliveries',
  'notification_events',
  'audit_events',
  'audit_chain',
] as const;

/** Table sizes (with indexes and TOAST) and row estimates, read from PostgreSQL's catalogue at scrape time. */
@Injectable()
export class TableMetrics implements OnModuleInit {
  private readonly logger = new Logger(TableMetrics.name);

  constructor(
    private readonly metrics: MetricsService,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    let inFlight: Promise<Array<{ table: string; bytes: number; rows: number }> | null> | null = null;
    const read = () =>
      (inFlight ??= this.db
        .query<Array<{ table: string; bytes: number; rows: number }>>(
          `SELECT c.relname AS table, pg_total_relation_size(c.oid)::float8 AS bytes,
                  greatest(c.reltuples, 0)::float8 AS rows
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY($1)`,
          [MEASURED_TABLES],
        )
        .catch((err: Error) => {
          this.logger.warn(`table sizes unavailable: ${err.message}`);
          return null;
        })
        .finally(() => {
          inFlight = null;
        }));
    this.metrics.gauge({
      name: 'ventanilla_table_bytes',
      help: 'Size of a table with its indexes and TOAST, in bytes (pg_total_relation_size).',
      labelNames: ['table'],
      collect: async (gauge) => {
        gauge.reset();
        for (const t of (await read()) ?? []) gauge.set({ table: t.table }, t.bytes);
      },
    });
    this.metrics.gauge({
      name: 'ventanilla_table_rows_estimate',
      help: "Rows in a table, as PostgreSQL's statistics estimate them (pg_class.reltuples).",
      labelNames: ['table'],
      collect: async (gauge) => {
        gauge.reset();
        for (const t of (await read()) ?? []) gauge.set({ table: t.table }, t.rows);
      },
    });
  }
}
