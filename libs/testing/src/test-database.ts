import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@ventanilla/database/data-source.js';
import { migrateWithLock } from '@ventanilla/database/migrate.js';
import { seedReference } from '../../../seeds/reference-seed.js';

/** The server tests create their databases on; CI and developer machines run PostgreSQL here. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database of its own (so test files run in parallel), migrated and loaded with reference data. */
export async function createTestDatabase(opts: { seed?: boolean; existing?: string } = {}): Promise<TestDatabase> {
  // A benchmark may reuse a database it seeded before (hours of data): it is migrated, never dropped.
  const name = opts.existing ?? `vt_test_${randomBytes(6).toString('hex')}`;
  if (!/^\w+$/.test(name)) throw new Error(`not a database name: ${name}`);
  if (!opts.existing) await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  const dataSource = createDataSource({
    url: url.toString(),
    applicationName: 'ventanilla-test',
    poolSize: Number(process.env.TEST_DB_POOL_SIZE ?? 16),
  });
  await dataSource.initialize();
  await migrateWithLock(dataSource);
  if (opts.seed !== false) await seedReference(dataSource);
  return {
    name,
    url: url.toString(),
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      if (opts.existing) return;
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
