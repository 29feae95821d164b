/**
 * `compute` at most once per `intervalMs`: every call in between, and every call while it runs,
 * gets the same promise. The interval starts when a computation starts, so a scraper polling
 * every interval gets fresh figures each time. A failure is kept for its interval as well: a
 * database that is down is asked once per interval, not once per scrape.
 */
export function onceEvery<T>(intervalMs: number, compute: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let last: { at: number; result: Promise<T> } | undefined;
  return () => {
    const at = now();
    if (!last || at - last.at >= intervalMs) last = { at, result: compute() };
    return last.result;
  };
}
