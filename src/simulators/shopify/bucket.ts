/**
 * Shopify's REST Admin rate limit: a leaky bucket per app and store. Each request adds one marble;
 * the bucket leaks 2 per second (standard plan) and holds 40; a request that finds it full is
 * refused with 429 and `Retry-After`. Every answer carries `X-Shopify-Shop-Api-Call-Limit: used/size`.
 * (shopify.dev/docs/api/admin-rest/usage/rate-limits)
 */
export interface BucketDecision {
  allowed: boolean;
  /** Marbles in the bucket after this request (for the call-limit header). */
  used: number;
  size: number;
  /** Seconds until one marble has leaked, when refused. */
  retryAfterSeconds: number;
}

export class LeakyBucket {
  private level = 0;
  private at: number;

  constructor(
    readonly size = 40,
    readonly leakPerSecond = 2,
    private readonly now: () => number = Date.now,
  ) {
    this.at = now();
  }

  take(): BucketDecision {
    const t = this.now();
    this.level = Math.max(0, this.level - ((t - this.at) / 1000) * this.leakPerSecond);
    this.at = t;
    if (this.level + 1 > this.size) {
      const retryAfterSeconds = (this.level + 1 - this.size) / this.leakPerSecond;
      return { allowed: false, used: Math.ceil(this.level), size: this.size, retryAfterSeconds };
    }
    this.level += 1;
    return { allowed: true, used: Math.ceil(this.level), size: this.size, retryAfterSeconds: 0 };
  }
}
