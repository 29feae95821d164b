/**
 * Nearest-rank percentile over integer samples (the reports use whole milliseconds): the
 * smallest sample such that at least p% of all samples are <= it. It always returns one of the
 * samples, never an interpolation, so the same data gives the same answer on every run and
 * every machine, with no floating-point drift. Null for no samples.
 */
export function nearestRankPercentile(samples: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (samples.length === 0) return null;
  for (const s of samples) {
    if (!Number.isSafeInteger(s)) throw new RangeError(`samples must be integers, got ${s}`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  // Integer arithmetic where possible: p is usually a whole number (50, 95), so p * n is exact.
  const rank = Math.ceil((p * sorted.length) / 100);
  return sorted[Math.max(rank, 1) - 1];
}
