import type { DataSource } from 'typeorm';

/** What TypeORM's schema builder would run to make the database match the entities (nothing, when they agree). */
export interface SchemaDrift {
  up: string[];
  down: string[];
}

/**
 * Compares the entities with the database `dataSource` points at (migrated to head by the caller) and returns the
 * statements `migration:generate` would write. It only reads: the builder's `log()` collects SQL without running it.
 */
export async function schemaDrift(dataSource: DataSource): Promise<SchemaDrift> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((q) => q.query),
    // The builder logs the undo of each step in the order of the steps; a migration's down undoes the last first.
    down: sql.downQueries.map((q) => q.query).reverse(),
  };
}

/** The statements, one a line, for a person to read. */
export function formatStatements(statements: string[]): string {
  return statements.map((s) => `  ${s.trim().replace(/\s+/g, ' ')};`).join('\n');
}
