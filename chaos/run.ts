// `npm run chaos [scenario…]`: starts PostgreSQL and Temporal (or uses DATABASE_URL /
// TEMPORAL_ADDRESS; db-restart always starts its own PostgreSQL), runs each scenario against a
// hub whose API and worker are child processes, prints one JSON line per figure and a verdict
// line per scenario, and exits non-zero when any scenario fails. CHAOS_ORDERS (300) sets the size.
import { SCENARIOS } from './scenarios';
import { envNumber, runScenario } from './scenario';
import { startInfra } from './stack';

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !SCENARIOS[a]);
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    process.exit(2);
  }
  const names = args.length > 0 ? args : Object.keys(SCENARIOS).filter((n) => n !== 'mixed' && n !== 'cluster');
  // The cluster scenario brings its own Temporal: every scenario of this run then runs on it.
  const onCluster = names.includes('cluster');
  const orders = envNumber(process.env, 'CHAOS_ORDERS', 300);
  const log = (msg: string) => console.error(`[chaos ${new Date().toISOString().slice(11, 19)}] ${msg}`);
  const infra = await startInfra({ ownPostgres: names.includes('db-restart'), cluster: onCluster, log });
  let failed = 0;
  try {
    for (const name of names) {
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
