import { startTestStack } from './testStack';

export default async function globalSetup(): Promise<void> {
  if (process.env.ORDERHUB_SKIP_STACK === '1') return;
  const stop = await startTestStack();
  (globalThis as { __orderhubStopStack?: () => Promise<void> }).__orderhubStopStack = stop;
}
