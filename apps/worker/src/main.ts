import 'reflect-metadata';
import { loadConfig } from '@ventanilla/config/config.js';
import { openDatabase } from '@ventanilla/database/open-database.js';
import { createLogger } from '@ventanilla/http/logger.js';
import { createWorkerApp } from './worker.js';

// The worker alone (`npm run start:worker`): processors and outbox relay; several may run at once.
const config = loadConfig();
if (!config.databaseUrl) {
  console.error(
    'Set DATABASE_URL to run this process on its own; `npm start` runs everything with an embedded database.',
  );
  process.exit(2);
}
const logger = createLogger(config.logLevel, 'ventanilla-worker');
const db = await openDatabase(config, { migrate: true, applicationName: 'ventanilla-worker' });
const app = await createWorkerApp({ config, dataSource: db.dataSource, databaseUrl: db.url, logger });
logger.info('worker started');
const stop = async () => {
  await app.close();
  await db.close();
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
