import { TableIndex } from 'typeorm';
import { schemaDrift } from '@ventanilla/database/schema-drift.js';
import { createTestDatabase, type TestDatabase } from '@ventanilla/testing/test-database.js';

jest.setTimeout(60_000);

/** `CREATE [UNIQUE] INDEX <name> ON …` with the name left out, so two indexes can be compared by what they are. */
const withoutName = (def: string) => def.replace(/^(CREATE (?:UNIQUE )?INDEX )("[^"]+"|\S+)( ON )/, '$1…$3');

describe('the entities and the migrations describe the same schema', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ seed: false });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('gives `migration:generate` nothing to write on a database migrated to head', async () => {
    // Each statement is listed on failure: a uuid default, a check, a foreign key or an index one side lacks.
    expect((await schemaDrift(db.dataSource)).up).toEqual([]);
  });

  // TypeORM tells a check constraint by its name alone: a declared expression that differs from the database's
  // would pass the comparison above and be written wrong in the next generated migration.
  it('declares each check constraint with the expression PostgreSQL enforces', async () => {
    const declared = db.dataSource.entityMetadatas.flatMap((m) =>
      m.checks.map((c) => ({ table: m.tableName, name: c.name, expression: c.expression })),
    );
    expect(declared.length).toBeGreaterThan(0);
    const rows = (await db.dataSource.query(
      `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c WHERE c.contype = 'c' AND c.connamespace = current_schema()::regnamespace`,
    )) as Array<{ table: string; name: string; def: string }>;
    const enforced = new Map(rows.map((r) => [`${r.table}.${r.name}`, r.def.replace(/^CHECK \((.*)\)$/s, '$1')]));
    expect(declared.map((c) => [`${c.table}.${c.name}`, c.expression])).toEqual(
      declared.map((c) => [`${c.table}.${c.name}`, enforced.get(`${c.table}.${c.name}`)]),
    );
  });

  // TypeORM tells an index by its name, uniqueness and set of columns: not their order, a DESC, an operator class,
  // an expression or the WHERE of a partial index. So each index it keeps in step (all but those declared with
  // `synchronize: false`) is built here as TypeORM would build it, and must come out as the database's own.
  it('declares each index the schema builder keeps in step exactly as the database has it', async () => {
    const runner = db.dataSource.createQueryRunner();
    const indexDef = async (name: string): Promise<string | undefined> => {
      const rows = (await runner.query(
        `SELECT pg_get_indexdef(c.oid) AS def FROM pg_class c
          WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace AND c.relkind = 'i'`,
        [name],
      )) as Array<{ def: string }>;
      return rows[0] && withoutName(rows[0].def);
    };
    const differences: string[] = [];
    let compared = 0;
    await runner.connect();
    await runner.startTransaction();
    try {
      for (const entity of db.dataSource.entityMetadatas) {
        for (const index of entity.indices.filter((i) => i.synchronize !== false)) {
          const inDatabase = await indexDef(index.name);
          const probe = TableIndex.create(index);
          probe.name = `schema_drift_probe_${compared++}`;
          await runner.createIndex(entity.tablePath, probe);
          const fromEntity = await indexDef(probe.name);
          if (inDatabase !== fromEntity) {
            differences.push(`${index.name}\n  database: ${inDatabase ?? 'none'}\n  entity:   ${fromEntity}`);
          }
        }
      }
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(compared).toBeGreaterThan(0);
    expect(differences).toEqual([]);
  });
});
