export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __orderhubStopStack?: () => Promise<void> }).__orderhubStopStack?.();
}
