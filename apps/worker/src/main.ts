import 'reflect-metadata';
import { loadConfig } from '@ventanilla/config/config.js';
import { openDatabase } from '@ventanilla/database/open-database.js';
import { createLogger } from '@ventanilla/http/logger.js';
import { serveMetrics } from '@ventanilla/metrics/metrics-server.js';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
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
const metrics = new MetricsService();
const app = await createWorkerApp({ config, dataSource: db.dataSource, databaseUrl: db.url, logger, metrics });
// No HTTP API here: the worker's job counters and timings get a listener of their own when asked for.
const metricsServer = config.workerMetricsPort
  ? await serveMetrics(metrics, {
      port: config.workerMetricsPort,
      host: config.host,
      token: config.metricsToken,
      onError: (err) => logger.error({ err }, 'metrics scrape failed'),
    })
  : null;
logger.info({ metricsPort: metricsServer?.port ?? null }, 'worker started');
const stop = async () => {
  await metricsServer?.close();
  await app.close();
  await db.close();
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
