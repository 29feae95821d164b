import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { ExchangeActivities } from '../../activities/replacementOrder';
import type { createReturnPartnerActivities } from '../../activities/returns/returnPartners';
import type { createReturnStoreActivities } from '../../activities/returns/returnStore';
import { DEFAULT_PARTNER_RETRY } from '../order/activityStubs';
import type { ReturnWorkflowInput } from './messages';

/**
 * The return's activities, one typed group per dependency, each with its own timeouts, retries and
 * task queue (as the order's, src/workflows/order/activityStubs.ts): the database group retries
 * without limit (an outage delays a return, never loses it); each partner gives up after its budget
 * and the step then waits for an operator (./attention.ts). Only types are imported here.
 */
export type ReturnStoreActivities = ReturnType<typeof createReturnStoreActivities>;
type ReturnPartnerActivities = ReturnType<typeof createReturnPartnerActivities>;
type Group<Prefix extends string> = Pick<ReturnPartnerActivities, Extract<keyof ReturnPartnerActivities, `${Prefix}${string}`>>;

export interface ReturnActivityGroups {
  store: ReturnStoreActivities;
  carrier: Group<'carrier'>;
  gateway: Group<'gateway'>;
  erp: Group<'erp'>;
  channel: Group<'channel'>;
  /** An exchange's replacement order and held stock (src/activities/replacementOrder.ts): database and Temporal only, retried like the store. */
  exchange: ExchangeActivities;
}

const DATABASE: ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};

export function returnActivityGroups(input: Pick<ReturnWorkflowInput, 'partnerRetry' | 'partnerTaskQueues' | 'fulfillmentTaskQueue'>): ReturnActivityGroups {
  const retry = input.partnerRetry ?? DEFAULT_PARTNER_RETRY;
  const partner: ActivityOptions = {
    startToCloseTimeout: '15 seconds',
    scheduleToCloseTimeout: retry.budgetMs,
    retry: { initialInterval: retry.initialIntervalMs, backoffCoefficient: 2, maximumInterval: retry.maximumIntervalMs },
  };
  const on = (taskQueue: string | undefined): ActivityOptions => (taskQueue ? { ...partner, taskQueue } : partner);
  const queues = input.partnerTaskQueues;
  return {
    store: proxyActivities<ReturnStoreActivities>(DATABASE),
    exchange: proxyActivities<ExchangeActivities>(DATABASE),
    // The return label is bought where outbound labels are (the fulfillment queue).
    carrier: proxyActivities<Group<'carrier'>>(on(input.fulfillmentTaskQueue)),
    gateway: proxyActivities<Group<'gateway'>>(on(queues?.gateway)),
    erp: proxyActivities<Group<'erp'>>(on(queues?.erp)),
    channel: proxyActivities<Group<'channel'>>(on(queues?.channel)),
  };
}
