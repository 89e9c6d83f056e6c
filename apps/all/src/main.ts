import 'reflect-metadata';
import path from 'node:path';
import { createApiApp } from '../../api/src/api.js';
import { createWorkerApp } from '../../worker/src/worker.js';
import { isDatabaseEmpty, requireDemoPasswordChange, seedDemo } from '../../../seeds/demo-seed.js';
import { seedReference } from '../../../seeds/reference-seed.js';
import { ensureSigningKeyFile, privateKeyFromPem, publicKeyPem } from '@ventanilla/audit/audit-signing.js';
import { ConfigError, isLoopbackHost, loadConfig, type AppConfig } from '@ventanilla/config/config.js';
import { openDatabase } from '@ventanilla/database/open-database.js';
import { createLogger } from '@ventanilla/http/logger.js';
import { describeMailTransport } from '@ventanilla/notifications/mail-transport.js';
import { MetricsService } from '@ventanilla/metrics/metrics.service.js';
import type { Logger } from 'pino';

/**
 * `npm start`: everything in one process on one port. Without DATABASE_URL it starts the embedded
 * PostgreSQL under DATA_DIR (default .data); without REDIS_URL, BullMQ runs on PostgreSQL.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const loaded = loadConfig();
  const logger = createLogger(loaded.logLevel, 'ventanilla');
  const config = withAuditSigningKey(loaded, logger);
  const db = await openDatabase(config, { migrate: true, applicationName: 'ventanilla', poolSize: 20 });
  await seedReference(db.dataSource);
  let seeded = false;
  if (config.env !== 'production' && (await isDatabaseEmpty(db.dataSource))) {
    await seedDemo(db.dataSource, config.demoPassword);
    seeded = true;
  }
  const shared = !isLoopbackHost(config.host);
  if (shared && config.env !== 'production') await requireDemoPasswordChange(db.dataSource);
  // API and worker share one registry, so /metrics on this port also shows the worker's job counters.
  const metrics = new MetricsService();
  const worker = await createWorkerApp({ config, dataSource: db.dataSource, databaseUrl: db.url, logger, metrics });
  const api = await createApiApp({ config, dataSource: db.dataSource, databaseUrl: db.url, logger, metrics });
  await api.listen(config.port, config.host);

  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `  Ventanilla is ready at ${url}  (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  API docs: ${url}/api/docs`,
    shared
      ? `  Listening on ${config.host} (HOST): other machines can reach it.`
      : `  Listening on ${config.host} only: this machine. Set HOST=0.0.0.0 to open it to your network.`,
    `  Database: ${db.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'}; queue: ${config.redisUrl ? 'Redis' : 'BullMQ on PostgreSQL'}`,
    `  E-mail: ${config.smtpUrl ? describeMailTransport(config) : 'no SMTP_URL, so notification e-mails are written to the log instead of being sent'}`,
  ];
  if (config.env !== 'production') {
    lines.push(
      `  Sign in as liaison.dea@demo.test, hub@demo.test, fgr@demo.test, gans@demo.test, auditor@demo.test …`,
      `  with the password ${config.demoPassword === 'ventanilla-demo' ? '"ventanilla-demo"' : 'in DEMO_PASSWORD'}${seeded ? ' (demo data loaded just now)' : ''}.`,
    );
    if (shared)
      lines.push('  Reachable from other machines: each demo account must set its own password at first sign-in.');
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

/**
 * Without AUDIT_SIGNING_KEY (or AUDIT_PUBLIC_KEY), the zero-setup start signs audit checkpoints with a key
 * kept in DATA_DIR, generated on first start; it says so, since auditors need the public half.
 */
function withAuditSigningKey(config: AppConfig, logger: Logger): AppConfig {
  if (config.auditSigningKey || config.auditPublicKey) return config;
  const file = path.join(config.dataDir, 'audit-signing-key.pem');
  const { pem, created } = ensureSigningKeyFile(file);
  const key = privateKeyFromPem(pem);
  if (created) {
    logger.warn(
      { file },
      'generated an Ed25519 audit signing key (set AUDIT_SIGNING_KEY to use your own); its public half is at /api/audit/public-key',
    );
  }
  return {
    ...config,
    auditSigningKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    auditPublicKey: publicKeyPem(key),
  };
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Ventanilla could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
