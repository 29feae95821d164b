import type { BackorderPolicy } from '../../activities/inventory';
import type { HoldReason } from '../../domain/rules/types';
import type { PartnerRetryPolicy, PartnerTaskQueues } from './activityStubs';

/** What an order is started with besides the order itself; each order keeps them for its whole life. */
export interface OrderWorkflowOptions {
  paymentTimeoutMs: number;
  /** How long a backordered order waits for stock before it is cancelled; default 14 days. */
  backorderTimeoutMs?: number;
  /** How old an uncaptured authorization may grow with nothing shipped before a `payment` hold; default 7 days. */
  authorizationHoldAfterMs?: number;
  /** Omitted: DEFAULT_PARTNER_RETRY in ./activities.ts. */
  partnerRetry?: PartnerRetryPolicy;
  /** For channels without a policy of their own; default 'backorder' (wait for the whole order). */
  backorderPolicy?: BackorderPolicy;
  /** Where label buying runs, by priority; omitted: the order's own task queue. */
  fulfillmentTaskQueue?: string;
  /** How long each kind of hold may stay open before it is escalated; defaults in src/domain/holds.ts. */
  holdSlaMs?: Partial<Record<HoldReason, number>>;
  /** Omitted: partner calls run on the order's own task queue. */
  partnerTaskQueues?: PartnerTaskQueues;
}

export type { PartnerRetryPolicy, PartnerTaskQueues };
