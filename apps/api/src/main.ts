import 'reflect-metadata';
import { isLoopbackHost, loadConfig } from '@ventanilla/config/config.js';
import { requireDemoPasswordChange } from '../../../seeds/demo-seed.js';
import { openDatabase } from '@ventanilla/database/open-database.js';
import { createLogger } from '@ventanilla/http/logger.js';
import { createApiApp } from './api.js';

// The API alone (`npm run start:api`): run as many as you like against one database and queue store.
const config = loadConfig();
if (!config.databaseUrl) {
  console.error(
    'Set DATABASE_URL to run this process on its own; `npm start` runs everything with an embedded database.',
  );
  process.exit(2);
}
const logger = createLogger(config.logLevel, 'ventanilla-api');
const db = await openDatabase(config, { migrate: true, applicationName: 'ventanilla-api' });
// Demo accounts (seeded with `npm run seed -- --demo`) must not keep the published password on a shared host.
if (config.env !== 'production' && !isLoopbackHost(config.host)) await requireDemoPasswordChange(db.dataSource);
const app = await createApiApp({ config, dataSource: db.dataSource, databaseUrl: db.url, logger });
await app.listen(config.port, config.host);
logger.info({ host: config.host, port: config.port }, 'API listening');
const stop = async () => {
  await app.close();
  await db.close();
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
