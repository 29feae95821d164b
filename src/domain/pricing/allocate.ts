/**
 * Splitting an integer amount of minor units into integer parts that sum to it exactly.
 *
 * Every split in the money model goes through here, so there is one rounding rule for the whole
 * hub: largest remainder (Hamilton). Each part first gets the floor of its exact proportional
 * share; the units left over go one each to the parts with the largest remainders, ties to the
 * earlier part. That is deterministic (same input, same output, on every worker and on replay)
 * and no part ever differs from its exact share by a whole minor unit or more.
 *
 * Products such as 2,000,000,000 x 2,000,000,000 exceed 2^53, so the arithmetic is in BigInt.
 */

export class AllocationError extends Error {}

function assertMinor(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new AllocationError(`${name} must be a whole number of minor units >= 0, got ${value}`);
}

/**
 * `total` split in proportion to `weights` (largest remainder, ties to the lower index).
 * All weights zero: split evenly, because there is no proportion to follow and the amount must
 * still land somewhere. No weights at all is an error unless the total is zero.
 */
export function allocateLargestRemainder(total: number, weights: readonly number[]): number[] {
  assertMinor('total', total);
  weights.forEach((w, i) => assertMinor(`weights[${i}]`, w));
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new AllocationError(`cannot allocate ${total} over no parts`);
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  const effective = sum === 0 ? weights.map(() => 1) : weights;
  const big = effective.map(BigInt);
  const bigSum = big.reduce((a, b) => a + b, 0n);
  const bigTotal = BigInt(total);
  const parts = big.map((w) => (bigTotal * w) / bigSum);
  const remainders = big.map((w, i) => ({ i, r: (bigTotal * w) % bigSum }));
  let left = Number(bigTotal - parts.reduce((a, b) => a + b, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0) break;
    parts[i] += 1n;
    left -= 1;
  }
  return parts.map(Number);
}

/**
 * What the first `n` of `count` equal parts of `total` add up to, under the largest-remainder
 * split (with equal weights every remainder ties, so the first `total mod count` parts carry one
 * extra unit). Taking differences of this function gives the share of any run of parts, and
 * the shares of runs that cover all `count` parts always sum to `total`.
 */
export function cumulativeEqualShare(total: number, count: number, n: number): number {
  assertMinor('total', total);
  if (!Number.isSafeInteger(count) || count < 1) throw new AllocationError(`count must be a whole number >= 1, got ${count}`);
  if (!Number.isSafeInteger(n) || n < 0 || n > count) throw new AllocationError(`n must be between 0 and ${count}, got ${n}`);
  const base = Math.floor(total / count);
  const extra = total % count;
  return base * n + Math.min(n, extra);
}

/** floor(amount x numerator / denominator) without losing exactness above 2^53. */
export function mulDivFloor(amount: number, numerator: number, denominator: number): number {
  assertMinor('amount', amount);
  assertMinor('numerator', numerator);
  if (!Number.isSafeInteger(denominator) || denominator < 1) throw new AllocationError(`denominator must be >= 1, got ${denominator}`);
  return Number((BigInt(amount) * BigInt(numerator)) / BigInt(denominator));
}
