export interface RateLimit {
  /** Sustained requests per minute per caller. */
  perMinute: number;
  /** Requests a caller may send at once after being idle (the bucket's size). */
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * One token bucket per caller (an API key's id, or an IP for anonymous requests), in memory:
 * each process limits on its own, so N API processes allow N times the rate. Idle full buckets
 * are dropped now and then so the map does not grow with every IP ever seen.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private lastSweep: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = limit.perMinute / 60_000;
    this.lastSweep = now();
  }

  take(caller: string): RateDecision {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(caller) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const refillMs = this.limit.burst / this.perMs;
    for (const [caller, b] of this.buckets) if (now - b.at >= refillMs) this.buckets.delete(caller);
  }
}
