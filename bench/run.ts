// `npm run bench [scenario]`: starts what it needs (embedded PostgreSQL and a Temporal dev server,
// unless DATABASE_URL / TEMPORAL_ADDRESS are set), runs the scenario, prints one JSON line per
// figure and writes them all to bench/results/latest.json.
import { startEphemeralStack } from '../src/infra/ephemeralStack';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { Report } from './report';
import { inventoryScenario } from './scenarios/inventory';

const scenarios: Record<string, (report: Report) => Promise<void>> = {
  inventory: inventoryScenario,
};

async function main() {
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  const names = wanted.length > 0 ? wanted : Object.keys(scenarios);
  const unknown = names.filter((n) => !scenarios[n]);
  if (unknown.length > 0) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}; available: ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
  installTemporalRuntime('ERROR');
  const stop = await startEphemeralStack();
  const report = new Report();
  try {
    for (const name of names) await scenarios[name](report);
  } finally {
    report.save();
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
