// `npm run migrate`: applies migrations to DATABASE_URL, seeds demo data into an empty database
// and stores the default rules when no rule set exists.
import { loadConfig, requireSetting } from '../config';
import { runMigrations } from './migrate';
import { createDb } from './prisma';
import { ensureDefaultRuleSet } from './ruleSets';
import { seedDemoData } from './seed';

async function main() {
  const url = requireSetting(loadConfig().databaseUrl, 'DATABASE_URL');
  await runMigrations(url);
  const db = createDb(url, 1);
  const seeded = await seedDemoData(db);
  // Also into a database that already has data: one that predates rule sets gets the defaults.
  await ensureDefaultRuleSet(db);
  await db.$disconnect();
  console.log(`migrations applied${seeded ? ', demo data seeded' : ''}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
