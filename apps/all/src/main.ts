import 'reflect-metadata';
import { createApiApp } from '../../api/src/api.js';
import { createWorkerApp } from '../../worker/src/worker.js';
import { isDatabaseEmpty, seedDemo } from '../../../seeds/demo-seed.js';
import { seedReference } from '../../../seeds/reference-seed.js';
import { ConfigError, loadConfig } from '@ventanilla/config/config.js';
import { openDatabase } from '@ventanilla/database/open-database.js';
import { createLogger } from '@ventanilla/http/logger.js';

/**
 * `npm start`: everything in one process on one port. Without DATABASE_URL it starts the embedded
 * PostgreSQL under DATA_DIR (default .data); without REDIS_URL, BullMQ runs on PostgreSQL.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'ventanilla');
  const db = await openDatabase(config, { migrate: true, applicationName: 'ventanilla', poolSize: 20 });
  await seedReference(db.dataSource);
  let seeded = false;
  if (config.env !== 'production' && (await isDatabaseEmpty(db.dataSource))) {
    await seedDemo(db.dataSource, config.demoPassword);
    seeded = true;
  }
  const worker = await createWorkerApp({ config, dataSource: db.dataSource, databaseUrl: db.url, logger });
  const api = await createApiApp({ config, dataSource: db.dataSource, databaseUrl: db.url, logger });
  await api.listen(config.port, config.host);

  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `  Ventanilla is ready at ${url}  (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  API docs: ${url}/api/docs`,
    `  Database: ${db.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'}; queue: ${config.redisUrl ? 'Redis' : 'BullMQ on PostgreSQL'}`,
  ];
  if (config.env !== 'production') {
    lines.push(
      `  Sign in as liaison.dea@demo.test, hub@demo.test, fgr@demo.test, gans@demo.test, auditor@demo.test …`,
      `  with the password ${config.demoPassword === 'ventanilla-demo' ? '"ventanilla-demo"' : 'in DEMO_PASSWORD'}${seeded ? ' (demo data loaded just now)' : ''}.`,
    );
  }
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await api.close();
    await worker.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Ventanilla could not start:', err);
  process.exit(1);
});
