// `npm run migrate`: applies migrations to DATABASE_URL, seeds demo data into an empty database
// when SEED_DEMO=1, and stores the default rules when no rule set exists.
import { loadConfig, requireSetting } from '../config';
import { prepareDatabase } from './prepareDatabase';

async function main() {
  const config = loadConfig();
  const url = requireSetting(config.databaseUrl, 'DATABASE_URL');
  const seeded = await prepareDatabase(url, { seedDemo: config.seedDemo, shopifyApiVersion: config.shopify.admin.apiVersion });
  console.log(`migrations applied${seeded ? ', demo data seeded' : ''}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
