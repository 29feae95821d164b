import { runMigrations } from './migrate';
import { createDb } from './prisma';
import { ensureDefaultRuleSet } from './ruleSets';
import { seedDemoData } from './seed';

/**
 * Migrations, the demo data (into an empty database only, unless `seedDemo` is false) and the
 * default rules (whenever no rule set exists, also in a database that predates rule sets).
 * Returns whether demo data was seeded. `npm start`, the tests, bench and chaos seed; a
 * production `npm run migrate` does only with SEED_DEMO=1, so a real shop never starts with
 * invented stock and channels.
 */
export async function prepareDatabase(databaseUrl: string, { seedDemo = true, shopifyApiVersion }: { seedDemo?: boolean; shopifyApiVersion?: string } = {}): Promise<boolean> {
  await runMigrations(databaseUrl);
  const db = createDb(databaseUrl, 1);
  try {
    const seeded = seedDemo ? await seedDemoData(db, { shopifyApiVersion }) : false;
    await ensureDefaultRuleSet(db);
    return seeded;
  } finally {
    await db.$disconnect();
  }
}
