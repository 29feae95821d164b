/**
 * The connector's own count of eBay's call limit, so that the simulator's (and eBay's) counter of
 * calls over the limit stays at zero instead of the connector learning the limit from 429s. A
 * token bucket per eBay API: `perDay` calls refilled evenly, at most `burst` at once. Its state
 * travels in the poller workflow (RateState), so it survives activity retries and continue-as-new;
 * an activity retry starts with an empty bucket, since the failed attempt's calls were not counted.
 */
import type { RateState } from '../../workflows/marketplace/types';

export interface CallLimit {
  perDay: number;
  burst: number;
}

/** eBay's documented daily limit for the Sell Fulfillment API (developer.ebay.com, "API call limits"); the burst is the connector's choice. */
export const EBAY_FULFILLMENT_LIMIT: CallLimit = { perDay: 100_000, burst: 100 };

export class CallWait extends Error {
  constructor(readonly waitMs: number) {
    super(`eBay call limit: wait ${waitMs} ms`);
  }
}

export class CallGate {
  private readonly state: RateState;

  constructor(
    private readonly limit: CallLimit,
    state: RateState,
    startEmpty: boolean,
  ) {
    this.state = structuredClone(state);
    if (startEmpty) this.state.fulfillment = { tokens: 0, atMs: Date.now() };
  }

  /** Takes one call, or throws CallWait with how long until there is one. */
  take(nowMs = Date.now()): void {
    const { perDay, burst } = this.limit;
    const perMs = perDay / 86_400_000;
    const b = this.state.fulfillment ?? { tokens: burst, atMs: nowMs };
    b.tokens = Math.min(burst, b.tokens + (nowMs - b.atMs) * perMs);
    b.atMs = nowMs;
    this.state.fulfillment = b;
    if (b.tokens < 1) throw new CallWait(Math.ceil((1 - b.tokens) / perMs));
    b.tokens -= 1;
  }

  /** eBay said 429 anyway (another client of the same seller): nothing left for now. */
  drain(nowMs = Date.now()): void {
    this.state.fulfillment = { tokens: 0, atMs: nowMs };
  }

  snapshot(): RateState {
    return structuredClone(this.state);
  }
}
