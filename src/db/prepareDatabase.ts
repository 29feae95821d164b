import { runMigrations } from './migrate';
import { createDb } from './prisma';
import { ensureDefaultRuleSet } from './ruleSets';
import { seedDemoData } from './seed';

/**
 * Migrations, the demo data (into an empty database only) and the default rules (whenever no rule
 * set exists, also in a database that predates rule sets). Returns whether demo data was seeded.
 */
export async function prepareDatabase(databaseUrl: string, seed: { shopifyApiVersion?: string } = {}): Promise<boolean> {
  await runMigrations(databaseUrl);
  const db = createDb(databaseUrl, 1);
  try {
    const seeded = await seedDemoData(db, seed);
    await ensureDefaultRuleSet(db);
    return seeded;
  } finally {
    await db.$disconnect();
  }
}
