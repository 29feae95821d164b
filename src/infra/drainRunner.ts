/**
 * Runs a drain (claim due rows of a durable queue, process them, say how many were settled) again
 * and again until nothing is due, one run at a time per process: the code that stores work calls
 * `kick` right after its commit, and a kick during a run asks for one more run, so no stored row
 * waits for the next sweep. Used by the Shopify inbox, the order starter and the return starter.
 */
export function drainRunner(drain: () => Promise<number>, onFailure: (err: unknown) => void) {
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      try {
        while ((await drain()) > 0);
      } catch (err) {
        onFailure(err);
      }
    } while (again);
    running = undefined;
  };
  return {
    /** The run in progress, if any (a stop waits for it). */
    idle(): Promise<void> {
      return running ?? Promise.resolve();
    },
    kick(): Promise<void> {
      if (running) {
        again = true;
        return running;
      }
      running = loop();
      return running;
    },
  };
}

export type DrainRunner = ReturnType<typeof drainRunner>;

/** Kicks the runner every `intervalMs` in this process (what a crash or a failure left behind); returns its stop. */
export function startSweeper(runner: DrainRunner, intervalMs: number): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    last = runner.kick();
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await last;
    await runner.idle();
  };
}
