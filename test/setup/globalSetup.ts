import { startEphemeralStack } from '../../src/infra/ephemeralStack';

export default async function globalSetup(): Promise<void> {
  // Retried activity failures are expected in these tests; only errors are worth printing.
  process.env.TEMPORAL_LOG_LEVEL ??= 'ERROR';
  if (process.env.ORDERHUB_SKIP_STACK === '1') return;
  const stop = await startEphemeralStack();
  (globalThis as { __orderhubStopStack?: () => Promise<void> }).__orderhubStopStack = stop;
}
