// `npm run chaos [scenario…]`: starts PostgreSQL and Temporal (or uses DATABASE_URL /
// TEMPORAL_ADDRESS; db-restart always starts its own PostgreSQL), runs each scenario against a
// hub whose API and worker are child processes, prints one JSON line per figure and a verdict
// line per scenario, and exits non-zero when any scenario fails. CHAOS_ORDERS (300) sets the size.
import { SCENARIOS } from './scenarios';
import { marketplaceSyncOptions, runMarketplaceSync } from './scenarios/marketplaceSync';
import { envNumber, runScenario } from './scenario';
import { startInfra } from './stack';

const MARKETPLACE_SYNC = 'marketplace-sync';

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !SCENARIOS[a] && a !== MARKETPLACE_SYNC);
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.join(', ')}; known: ${[...Object.keys(SCENARIOS), MARKETPLACE_SYNC].join(', ')}`);
    process.exit(2);
  }
  const names = args.length > 0 ? args : Object.keys(SCENARIOS).filter((n) => n !== 'mixed' && n !== 'cluster');
  // The cluster scenario brings its own Temporal: every scenario of this run then runs on it.
  const onCluster = names.includes('cluster');
  const orders = envNumber(process.env, 'CHAOS_ORDERS', 300);
  // Its own frame (orders pulled from a marketplace, not placed): only when named, with its own default size.
  const marketplace = names.includes(MARKETPLACE_SYNC) ? marketplaceSyncOptions(process.env, envNumber(process.env, 'CHAOS_ORDERS', 2000)) : undefined;
  const log = (msg: string) => console.error(`[chaos ${new Date().toISOString().slice(11, 19)}] ${msg}`);
  const infra = await startInfra({ ownPostgres: names.includes('db-restart'), cluster: onCluster, log });
  let failed = 0;
  try {
    for (const name of names) {
      if (name === MARKETPLACE_SYNC && marketplace) {
        log(`${name}: ${marketplace.orders} Amazon orders over ${marketplace.pages} pages, usage plans x${marketplace.rateScale}`);
        const result = await runMarketplaceSync(infra, marketplace, (m) => log(`${name}: ${m}`));
        for (const [metric, value] of Object.entries(result.figures)) console.log(JSON.stringify({ scenario: name, metric, value, params: marketplace }));
        const f = result.figures;
        if (result.ok)
          console.log(
            `PASS ${name} orders=${f.orders} imported=${f.imported} duration=${(f.durationMs / 1000).toFixed(1)}s overLimit=${f.overLimit} injected429=${f.injected429} expiredTokenCalls=${f.expiredTokenCalls} workerKills=${f.workerKills} rateLimitWaits=${f.rateLimitWaits} maxLagMs=${f.maxLagMs}`,
          );
        else {
          failed += 1;
          console.log(`FAIL ${name} ${result.failures.join('; ')}`);
        }
        continue;
      }
      log(`${name}: ${orders} orders`);
      const result = await runScenario(name, SCENARIOS[name], infra, { orders, env: process.env }, (m) => log(`${name}: ${m}`));
      for (const [metric, value] of Object.entries(result.figures)) {
        console.log(JSON.stringify({ scenario: name, metric, value, params: { orders } }));
      }
      const f = result.figures;
      if (result.ok) {
        console.log(
          `PASS ${name} orders=${f.orders} completed=${f.completed} duration=${(f.durationMs / 1000).toFixed(1)}s partnerRetries=${f.partnerRetries} activityRetries=${f.activityRetries} clientRetries=${f.clientRetries} duplicatesAbsorbed=${(f.partnerDuplicatesAbsorbed ?? 0) + (f.hubDuplicatesAbsorbed ?? 0) + (f.idempotentReplays ?? 0)}`,
        );
      } else {
        failed += 1;
        console.log(`FAIL ${name} ${result.failures.join('; ')}`);
      }
    }
  } finally {
    await infra.stop();
  }
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
