// `npm run migrate`: applies migrations to DATABASE_URL, seeds demo data into an empty database
// and stores the default rules when no rule set exists.
import { loadConfig, requireSetting } from '../config';
import { prepareDatabase } from './prepareDatabase';

async function main() {
  const url = requireSetting(loadConfig().databaseUrl, 'DATABASE_URL');
  const seeded = await prepareDatabase(url);
  console.log(`migrations applied${seeded ? ', demo data seeded' : ''}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
