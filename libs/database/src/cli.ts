import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@ventanilla/config/config.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { migrateWithLock } from './migrate.js';

/**
 * `generate <Name>`: compares the entities with a database migrated to head and writes the difference as a
 * new migration under libs/database/src/migrations. `run`: applies pending migrations.
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config);
  const url = config.databaseUrl ?? embedded!.url;
  const ds = createDataSource({ url });
  await ds.initialize();
  try {
    await migrateWithLock(ds);
    if (command === 'run') {
      console.log('Migrations are up to date.');
    } else if (command === 'generate' && name && /^[A-Z][A-Za-z0-9]+$/.test(name)) {
      const sql = await ds.driver.createSchemaBuilder().log();
      if (sql.upQueries.length === 0) {
        console.log('The entities match the database: nothing to generate.');
        return;
      }
      const stamp = Date.now();
      const className = `${name}${stamp}`;
      const q = (s: string) => JSON.stringify(s);
      const up = sql.upQueries.map((x) => `    await queryRunner.query(${q(x.query)});`).join('\n');
      const down = sql.downQueries
        .reverse()
        .map((x) => `    await queryRunner.query(${q(x.query)});`)
        .join('\n');
      const file = path.join(
        'libs/database/src/migrations',
        `${stamp}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
      );
      writeFileSync(
        file,
        `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
          `export class ${className} implements MigrationInterface {\n  name = '${className}';\n\n` +
          `  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n` +
          `  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
      );
      console.log(`Wrote ${file}; add ${className} to migrations/index.ts.`);
    } else {
      console.error('usage: cli.js run | generate <PascalCaseName>');
      process.exitCode = 2;
    }
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

await main();
