import type { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import { migrateWithLock } from './migrate.js';

export interface OpenDatabase {
  dataSource: DataSource;
  url: string;
  embedded: EmbeddedDatabase | null;
  migrationsApplied: string[];
  close(): Promise<void>;
}

/** Connects (starting the embedded server when DATABASE_URL is unset) and migrates to head. */
export async function openDatabase(
  config: AppConfig,
  opts: { migrate: boolean; applicationName: string; poolSize?: number },
): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config);
  const url = config.databaseUrl ?? embedded!.url;
  const dataSource = createDataSource({ url, applicationName: opts.applicationName, poolSize: opts.poolSize });
  await dataSource.initialize();
  const migrationsApplied = opts.migrate ? await migrateWithLock(dataSource) : [];
  return {
    dataSource,
    url,
    embedded,
    migrationsApplied,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
