// `npm run migrate`: applies migrations to DATABASE_URL and seeds demo data into an empty database.
import { loadConfig, requireSetting } from '../config';
import { runMigrations } from './migrate';
import { createDb } from './prisma';
import { seedDemoData } from './seed';

async function main() {
  const url = requireSetting(loadConfig().databaseUrl, 'DATABASE_URL');
  await runMigrations(url);
  const db = createDb(url, 1);
  const seeded = await seedDemoData(db);
  await db.$disconnect();
  console.log(`migrations applied${seeded ? ', demo data seeded' : ''}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
