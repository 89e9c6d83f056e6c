import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a raw row (an `UPDATE … RETURNING *` or a `SELECT * … FOR UPDATE`), its values converted as
 * TypeORM converts a row it loads itself: the row read back without a second query.
 */
export function entityFromRow<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const meta = m.connection.getMetadata(target);
  const entity = meta.create() as T;
  for (const column of meta.columns) {
    if (column.databaseName in row) {
      column.setEntityValue(entity, m.connection.driver.prepareHydratedValue(row[column.databaseName], column));
    }
  }
  return entity;
}
