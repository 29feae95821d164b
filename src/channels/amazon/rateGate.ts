/**
 * The client's side of SP-API usage plans: one token bucket per operation of a channel, whose
 * state the poller workflow owns and hands to each activity (and gets back). Kept in the
 * workflow, the buckets survive worker restarts and moves between workers; an activity never
 * sleeps on an empty bucket (that would hold a worker slot other channels need): it stops and
 * returns how long to wait, and the workflow waits on a durable timer.
 *
 * Conservative on purpose: a bucket starts empty (Amazon's may be drained by a call we never
 * heard back from), a retried attempt starts empty again, and the rate used is a little below
 * the plan's.
 */
export interface UsagePlan {
  rate: number;
  burst: number;
}

export interface BucketState {
  tokens: number;
  atMs: number;
}

export type Buckets = Record<string, BucketState>;

/** Thrown inside an activity when an operation's bucket is empty; caught at its top, which returns waitMs. */
export class RateWait extends Error {
  constructor(
    readonly operation: string,
    readonly waitMs: number,
  ) {
    super(`${operation}: usage plan exhausted, next request in ${waitMs} ms`);
  }
}

const SAFETY = 0.95;

export class RateGate {
  private readonly buckets: Buckets;

  constructor(
    private readonly plans: Record<string, UsagePlan>,
    buckets: Buckets | undefined,
    /** A retried activity attempt: what the failed one spent is unknown, so every bucket starts empty. */
    distrustBuckets: boolean,
    private readonly now: () => number = Date.now,
  ) {
    const at = now();
    this.buckets = distrustBuckets ? {} : { ...buckets };
    for (const op of Object.keys(plans)) this.buckets[op] ??= { tokens: 0, atMs: at };
  }

  /** Spends one request of the operation's plan, or throws RateWait with the time until there is one. */
  take(operation: string): void {
    const plan = this.plans[operation];
    if (!plan) throw new Error(`no usage plan for ${operation}`);
    const rate = plan.rate * SAFETY;
    const now = this.now();
    const b = this.buckets[operation] ?? { tokens: 0, atMs: now };
    const tokens = Math.min(plan.burst, b.tokens + ((now - b.atMs) / 1000) * rate);
    if (tokens < 1) {
      this.buckets[operation] = { tokens, atMs: now };
      throw new RateWait(operation, Math.ceil(((1 - tokens) / rate) * 1000));
    }
    this.buckets[operation] = { tokens: tokens - 1, atMs: now };
  }

  /** Amazon answered 429 anyway: the bucket is empty now. */
  drain(operation: string): void {
    this.buckets[operation] = { tokens: 0, atMs: this.now() };
  }

  /** Amazon's x-amzn-RateLimit-Limit header: the rate this seller actually has (never raised above the configured burst). */
  learnRate(operation: string, header: string | null): void {
    const rate = header === null ? NaN : Number(header);
    if (Number.isFinite(rate) && rate > 0 && this.plans[operation]) this.plans[operation] = { ...this.plans[operation], rate: Math.min(rate, this.plans[operation].rate) };
  }

  snapshot(): Buckets {
    return { ...this.buckets };
  }
}
