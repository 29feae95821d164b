/** Runs the given stops once, on the first SIGINT or SIGTERM, then exits. */
export function onShutdownSignal(stop: () => Promise<void>, log: (line: string) => void = console.log): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, shutting down`);
    stop()
      .then(() => process.exit(0))
      .catch((err) => {
        console.error('shutdown failed', err);
        process.exit(1);
      });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
