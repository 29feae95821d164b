// `npm start`: the whole hub on embedded defaults. PostgreSQL and Temporal are started here
// unless DATABASE_URL / TEMPORAL_ADDRESS point at running ones; data persists in .data/.
import path from 'node:path';
import { loadConfig } from './config';
import { runMigrations } from './db/migrate';
import { createDb } from './db/prisma';
import { seedDemoData } from './db/seed';
import { startEmbeddedPostgres } from './infra/embeddedPostgres';
import { dataDir } from './infra/paths';
import { onShutdownSignal } from './infra/shutdown';
import { startTemporalDevServer } from './infra/temporalDevServer';
import { startHub } from './hub';
import { faultConfigFromEnv, startSimulators } from './simulators';

async function main() {
  const config = loadConfig();
  const stops: (() => Promise<void>)[] = [];
  onShutdownSignal(async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => console.error(err));
  });

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: config.embeddedPostgresPort,
      database: 'orderhub',
      persistent: true,
    });
    stops.push(pg.stop);
    databaseUrl = pg.databaseUrl;
  }
  await runMigrations(databaseUrl);
  const seedDb = createDb(databaseUrl, 1);
  const seeded = await seedDemoData(seedDb);
  await seedDb.$disconnect();

  let temporalAddress = config.temporal.address;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    const temporal = await startTemporalDevServer({
      port: config.temporal.devServerPort,
      uiPort: config.temporal.devServerUiPort,
      dbFile: path.join(dataDir, 'temporal.sqlite'),
    });
    stops.push(temporal.stop);
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl;
  }

  const simulators = await startSimulators({
    port: config.simulators.port,
    hubUrl: `http://127.0.0.1:${config.port}`,
    carrierDispatchDelayMs: config.simulators.carrierDispatchDelayMs,
    carrierDeliveryDelayMs: config.simulators.carrierDeliveryDelayMs,
    // SIM_FAULTS / SIM_<SYSTEM>_FAILURE_RATE etc.: rehearse partner outages on the demo stack.
    faults: faultConfigFromEnv(process.env),
  });
  stops.push(simulators.stop);

  const hub = await startHub({
    databaseUrl,
    temporalAddress,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    orderOptions: config.orderOptions,
    inventorySync: config.inventorySync,
    partners: config.partners,
    apiPort: config.port,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
  });
  stops.push(hub.stop);

  console.log(`API:          http://localhost:${config.port}/api/v1/orders`);
  console.log(`Health:       http://localhost:${config.port}/healthz`);
  console.log(`Temporal UI:  ${temporalUi ?? '(external Temporal at ' + temporalAddress + ')'}`);
  console.log(`Temporal:     ${temporalAddress}`);
  console.log(`Simulators:   ${simulators.url} (calls: ${simulators.url}/admin/calls)`);
  console.log(`Database:     ${config.databaseUrl ? 'DATABASE_URL' : 'embedded PostgreSQL in .data/postgres'}${seeded ? ' (demo data seeded)' : ''}`);
  console.log('orderhub ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
