import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@ventanilla/config/config.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { migrateWithLock } from './migrate.js';
import { formatStatements, schemaDrift, type SchemaDrift } from './schema-drift.js';

/**
 * Every command first migrates the database (DATABASE_URL, or the embedded server of `npm start`) to head.
 * `run`: nothing more. `check`: compares the entities with it and exits 1, listing the statements, when they
 * differ. `generate <Name>`: writes that difference as a new migration under libs/database/src/migrations.
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const known =
    command === 'run' || command === 'check' || (command === 'generate' && !!name && /^[A-Z][A-Za-z0-9]+$/.test(name));
  if (!known) {
    console.error('usage: cli.js run | check | generate <PascalCaseName>');
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config);
  const url = config.databaseUrl ?? embedded!.url;
  const ds = createDataSource({ url });
  await ds.initialize();
  try {
    await migrateWithLock(ds);
    if (command === 'run') {
      console.log('Migrations are up to date.');
      return;
    }
    const drift = await schemaDrift(ds);
    if (drift.up.length === 0) {
      console.log('The entities match the database migrated to head: nothing to generate.');
      return;
    }
    console.log(
      `The entities differ from the database migrated to head; TypeORM would run ${drift.up.length} statement(s):\n` +
        formatStatements(drift.up),
    );
    if (command === 'check') {
      console.error('Declare on the entities what the migrations made, or write the migration the entities need.');
      process.exitCode = 1;
      return;
    }
    writeMigration(name!, drift);
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

function writeMigration(name: string, drift: SchemaDrift): void {
  const stamp = Date.now();
  const className = `${name}${stamp}`;
  const lines = (statements: string[]) =>
    statements.map((x) => `    await queryRunner.query(${JSON.stringify(x)});`).join('\n');
  const file = path.join(
    'libs/database/src/migrations',
    `${stamp}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
  );
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
      `export class ${className} implements MigrationInterface {\n  name = '${className}';\n\n` +
      `  public async up(queryRunner: QueryRunner): Promise<void> {\n${lines(drift.up)}\n  }\n\n` +
      `  public async down(queryRunner: QueryRunner): Promise<void> {\n${lines(drift.down)}\n  }\n}\n`,
  );
  console.log(`Wrote ${file}; read it (every statement above is in it), then add ${className} to migrations/index.ts.`);
}

await main();
