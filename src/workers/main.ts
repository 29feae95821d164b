// `npm run worker`: one worker process against a configured Temporal and PostgreSQL.
import { NativeConnection } from '@temporalio/worker';
import { createActivities, createPartnerClients } from '../activities';
import { loadConfig, requireSetting } from '../config';
import { createDb } from '../db/prisma';
import { createOrderWorker } from './createOrderWorker';
import { installTemporalRuntime } from '../temporal/runtime';
import { connectTemporalClient } from '../temporal/connection';
import { stockEventsNotifier } from '../temporal/stockEvents';

async function main() {
  const config = loadConfig();
  installTemporalRuntime();
  const db = createDb(requireSetting(config.databaseUrl, 'DATABASE_URL'));
  const address = requireSetting(config.temporal.address, 'TEMPORAL_ADDRESS');
  const connection = await NativeConnection.connect({ address });
  const client = await connectTemporalClient(address, config.temporal.namespace);
  const worker = await createOrderWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({ db, partners: createPartnerClients(config.partners), stockEvents: stockEventsNotifier(client, config.temporal.taskQueue, config.inventorySync) }),
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
  });
  console.log(`orderhub worker polling task queue "${config.temporal.taskQueue}" at ${config.temporal.address}`);
  // The SDK stops polling on SIGINT/SIGTERM and lets running tasks finish before run() resolves.
  await worker.run();
  await connection.close();
  await client.connection.close();
  await db.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
