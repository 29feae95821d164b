import { proxyActivities } from '@temporalio/workflow';
import type { OrderActivities } from '../activities';

export interface PartnerRetryPolicy {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  /** How long a step may keep retrying before the order gives up on it. */
  budgetMs: number;
}

/** Defaults: an outage of hours delays an order but never loses it. */
export const DEFAULT_PARTNER_RETRY: PartnerRetryPolicy = {
  initialIntervalMs: 1_000,
  maximumIntervalMs: 5 * 60_000,
  budgetMs: 48 * 3_600_000,
};

/**
 * Activity stubs, one group per kind of dependency, each with its own timeouts and retries.
 * The workflow imports activity types only.
 */
/** Each partner system on its own task queue, so a slow ERP never starves label buying or the CRM. */
export interface PartnerTaskQueues {
  erp: string;
  crm: string;
  channel: string;
}

export function orderActivityStubs(partnerRetry: PartnerRetryPolicy = DEFAULT_PARTNER_RETRY, queues?: PartnerTaskQueues) {
  // Our own database: retried without limit, because a database outage must delay orders, not fail them.
  const db = proxyActivities<OrderActivities>({
    startToCloseTimeout: '15 seconds',
    retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  });
  const partner = proxyActivities<OrderActivities>(partnerOptions(partnerRetry));
  const on = (taskQueue: string | undefined) => (taskQueue ? proxyActivities<OrderActivities>({ ...partnerOptions(partnerRetry), taskQueue }) : partner);
  return { db, erp: on(queues?.erp), crm: on(queues?.crm), carrier: partner, channel: on(queues?.channel) };
}

export type OrderActivityStubs = ReturnType<typeof orderActivityStubs>;

/**
 * The fulfilment step (buying the parcel's label) on its own task queue, with the order's
 * priority key: under a backlog the fulfilment workers serve urgent orders first.
 */
export function fulfilmentActivityStubs(partnerRetry: PartnerRetryPolicy = DEFAULT_PARTNER_RETRY, taskQueue: string | undefined, priorityKey: number) {
  return proxyActivities<OrderActivities>({ ...partnerOptions(partnerRetry), ...(taskQueue !== undefined && { taskQueue }), priority: { priorityKey } });
}

/** Partner systems. Their 4xx answers (other than 408/429) are non-retryable and end the retries at once. */
function partnerOptions(partnerRetry: PartnerRetryPolicy) {
  return {
    startToCloseTimeout: '15 seconds',
    scheduleToCloseTimeout: partnerRetry.budgetMs,
    retry: { initialInterval: partnerRetry.initialIntervalMs, backoffCoefficient: 2, maximumInterval: partnerRetry.maximumIntervalMs },
  } as const;
}
