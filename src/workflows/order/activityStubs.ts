import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createInventoryActivities } from '../../activities/inventory';
import type { createOrderStoreActivities } from '../../activities/orderStore';
import type { createPartnerActivities } from '../../activities/partners';
import type { createRuleActivities } from '../../activities/rules';
import { fairnessKeyFor, priorityKeyFor } from '../../domain/priority';
import type { PriorityClass } from '../../domain/rules/types';
import { withSummaries } from './summaries';

/**
 * The order's activities, one typed group per dependency, each proxied with its own timeouts,
 * retries and task queue: a group only offers its own activities, so calling the ERP through the
 * database group (`store.erpCreateSalesOrder`) is a type error. The registered names are the
 * function names in src/activities and never change with the grouping.
 */
export type OrderStoreActivities = ReturnType<typeof createOrderStoreActivities>;
export type InventoryActivities = ReturnType<typeof createInventoryActivities>;
export type RuleActivities = ReturnType<typeof createRuleActivities>;
type PartnerActivities = ReturnType<typeof createPartnerActivities>;
type PartnerGroup<Prefix extends string> = Pick<PartnerActivities, Extract<keyof PartnerActivities, `${Prefix}${string}`>>;
export type ErpActivities = PartnerGroup<'erp'>;
export type CrmActivities = PartnerGroup<'crm'>;
export type CarrierActivities = PartnerGroup<'carrier'>;
export type ChannelActivities = PartnerGroup<'channel'>;
export type GatewayActivities = PartnerGroup<'gateway'>;

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

/** Each partner system on its own task queue, so a slow ERP never starves label buying or the CRM. */
export interface PartnerTaskQueues {
  erp: string;
  crm: string;
  channel: string;
  /** Absent in orders started before the payment gateway existed: their captures run on the order's own queue. */
  gateway?: string;
}

export interface OrderActivityGroups {
  store: OrderStoreActivities;
  inventory: InventoryActivities;
  rules: RuleActivities;
  erp: ErpActivities;
  crm: CrmActivities;
  channel: ChannelActivities;
  /** The payment gateway: captures, voids and refunds of authorized orders. */
  gateway: GatewayActivities;
  /** Label buying, on the fulfillment task queue with the order's priority (it may change with the rules). */
  carrier(priorityClass: PriorityClass): CarrierActivities;
}

export interface ActivityPlacement {
  /** Omitted: DEFAULT_PARTNER_RETRY. */
  partnerRetry?: PartnerRetryPolicy;
  /** Omitted: partner calls run on the order's own task queue. */
  partnerTaskQueues?: PartnerTaskQueues;
  /** Omitted: labels are bought on the order's own task queue. */
  fulfillmentTaskQueue?: string;
}

/** Our own database: retried without limit, because a database outage must delay orders, not fail them. */
const DATABASE: ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};

/** `channel`: the order's sales channel, the fairness key of its label buying and channel calls. */
export function orderActivityGroups(placement: ActivityPlacement, channel: string): OrderActivityGroups {
  const partner = partnerOptions(placement.partnerRetry ?? DEFAULT_PARTNER_RETRY);
  const fairnessKey = fairnessKeyFor(channel);
  const on = (taskQueue: string | undefined): ActivityOptions => (taskQueue ? { ...partner, taskQueue } : partner);
  const queues = placement.partnerTaskQueues;
  return {
    // Each call carries a one-line summary for the Temporal UI's event list (summaries.ts).
    store: withSummaries(proxyActivities<OrderStoreActivities>(DATABASE)),
    inventory: withSummaries(proxyActivities<InventoryActivities>(DATABASE)),
    rules: withSummaries(proxyActivities<RuleActivities>(DATABASE)),
    erp: withSummaries(proxyActivities<ErpActivities>(on(queues?.erp))),
    crm: withSummaries(proxyActivities<CrmActivities>(on(queues?.crm))),
    // The channel queue is shared by every channel: one channel's burst is served fairly against the others, and its server-side rate limit is per key.
    channel: withSummaries(proxyActivities<ChannelActivities>({ ...on(queues?.channel), priority: { fairnessKey } })),
    gateway: withSummaries(proxyActivities<GatewayActivities>(on(queues?.gateway))),
    // Under a backlog the fulfillment workers serve urgent orders first (task queue priority keys), and within one priority class each channel fairly.
    carrier: (priorityClass) =>
      withSummaries(proxyActivities<CarrierActivities>({ ...on(placement.fulfillmentTaskQueue), priority: { priorityKey: priorityKeyFor(priorityClass), fairnessKey } })),
  };
}

/** Partner systems. Their 4xx answers (other than 408/429) are non-retryable and end the retries at once. */
function partnerOptions(retry: PartnerRetryPolicy): ActivityOptions {
  return {
    startToCloseTimeout: '15 seconds',
    scheduleToCloseTimeout: retry.budgetMs,
    retry: { initialInterval: retry.initialIntervalMs, backoffCoefficient: 2, maximumInterval: retry.maximumIntervalMs },
  };
}
