// `npm run api`: the API process alone, against a configured Temporal and PostgreSQL.
import { loadConfig, requireSetting } from '../config';
import { createDb } from '../db/prisma';
import { onShutdownSignal } from '../infra/shutdown';
import { connectTemporalClient } from '../temporal/connection';
import { createApp } from './app';
import { stockEventsNotifier } from '../temporal/stockEvents';

async function main() {
  const config = loadConfig();
  const db = createDb(requireSetting(config.databaseUrl, 'DATABASE_URL'));
  const temporal = await connectTemporalClient(requireSetting(config.temporal.address, 'TEMPORAL_ADDRESS'), config.temporal.namespace);
  const app = createApp({ db, temporal, taskQueue: config.temporal.taskQueue, orderOptions: config.orderOptions,
    stockEvents: stockEventsNotifier(temporal, config.temporal.taskQueue, config.inventorySync),
  });
  const server = app.listen(config.port, () => console.log(`orderhub API listening on http://localhost:${config.port}`));
  onShutdownSignal(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await temporal.connection.close();
    await db.$disconnect();
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
