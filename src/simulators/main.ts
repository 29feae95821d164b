/**
 * Standalone simulators for the demo: `tsx src/simulators/main.ts`.
 *
 * Environment:
 *   SIMULATORS_PORT (4000), SIMULATORS_HOST (127.0.0.1), SIM_HUB_URL (http://127.0.0.1:3000),
 *   SIM_HUB_API_KEY (a carrier key from the hub's API_KEYS, sent with carrier events),
 *   SIM_CARRIER_DISPATCH_DELAY_MS (0 = no auto-advance), SIM_CARRIER_DELIVERY_DELAY_MS (0),
 *   SIM_FAULTS (JSON like the PUT /admin/faults body),
 *   SIM_<ERP|CRM|CARRIER|CHANNEL>_FAILURE_RATE / _FAILURE_STATUS / _LATENCY_MS.
 */
import { simulatorOptionsFromEnv } from './config';
import { startSimulators } from './server';

async function main(): Promise<void> {
  const log = (line: string): void => console.log(line);
  const simulators = await startSimulators({ ...simulatorOptionsFromEnv(process.env), log });
  log(`simulators listening on ${simulators.url}`);

  const shutdown = (signal: NodeJS.Signals): void => {
    log(`simulators: ${signal} received, shutting down`);
    simulators.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`simulators failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
