import 'reflect-metadata';
import { loadConfig } from '@ventanilla/config/config.js';
import { openDatabase } from '@ventanilla/database/open-database.js';
import { seedDemo } from './demo-seed.js';
import { seedReference } from './reference-seed.js';

// `npm run seed` loads the reference data; `npm run seed -- --demo` adds the demo users and requests.
const config = loadConfig();
const demo = process.argv.includes('--demo');
if (demo && config.env === 'production') {
  console.error('Refusing to create demo users with NODE_ENV=production.');
  process.exit(2);
}
const db = await openDatabase(config, { migrate: true, applicationName: 'ventanilla-seed' });
try {
  await seedReference(db.dataSource);
  console.log('Reference data loaded.');
  if (demo) {
    const r = await seedDemo(db.dataSource, config.demoPassword);
    console.log(`Demo data: ${r.users} users, ${r.requests} new requests.`);
  }
} finally {
  await db.close();
}
