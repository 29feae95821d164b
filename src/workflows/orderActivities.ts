import { proxyActivities } from '@temporalio/workflow';
import type { OrderActivities } from '../activities';

/**
 * Activity stubs, one group per kind of dependency, each with its own timeouts and retries.
 * The workflow imports activity types only.
 */

// Our own database: retried without limit, because a database outage must delay orders, not fail them.
export const db = proxyActivities<OrderActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

// Partner systems: a long budget, so an outage of hours delays an order but never loses it.
// Their 4xx answers (other than 408/429) are non-retryable and end the retries at once.
const partnerOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '48 hours',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
} as const;

export const erp = proxyActivities<OrderActivities>(partnerOptions);
export const crm = proxyActivities<OrderActivities>(partnerOptions);
export const carrier = proxyActivities<OrderActivities>(partnerOptions);
export const channel = proxyActivities<OrderActivities>(partnerOptions);
