import { ApplicationFailure } from '@temporalio/common';
import type { OrderInput } from '../../../src/domain/order';
import type { Action, Rule } from '../../../src/domain/rules/types';

/**
 * In-memory stand-ins for the order workflow's activities, keyed by activity NAME only: the
 * workflow and its activity modules are going to be regrouped, and these tests must hold across
 * that. Each stub records its calls, so a test asserts which partner effects happened (a refund
 * once, labels voided, no invoice), and the world it answers from (stock, rules, failing
 * partners) is plain data a test can change mid-run.
 */
export interface StubCall {
  name: string;
  args: unknown[];
  /** False when the stub threw (a partner refusing): the effect did not happen. */
  ok: boolean;
  /** What the stub answered (a label's tracking number, a reservation). */
  result?: unknown;
}

export interface StubWorld {
  /** Whether the whole order can be reserved now; false: it is backordered. */
  stockAvailable: boolean;
  /** The rule set every evaluation sees (version 1). */
  rules: Rule[];
  /** Activity name -> error message: that call fails at once, non-retryable (a partner's 4xx). */
  failing: Map<string, string>;
  /** SKUs the hub has no product for (an unmapped_sku hold's release asks); add or delete to change. */
  unknownSkus: Set<string>;
}

export const LOCATION = 'WH-EAST';

type Activity = (...args: any[]) => Promise<unknown>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The database activities: their writes are the hub's business, not the test's; only results matter. */
const DATABASE_ACTIVITIES = [
  'receiveOrder',
  'recordOrder',
  'loadRuleContext',
  'unknownSkus',
  'saveOrderProgress',
  'saveOrderChanges',
  'saveShipment',
  'reserveStock',
  'releaseStock',
  'registerBackorder',
  'closeBackorder',
  'commitShipmentStock',
  'releaseOrderUnits',
] as const;

/** The partner effects the tests assert on. */
export const PARTNER_ACTIVITIES = [
  'erpCreateSalesOrder',
  'erpCreateInvoice',
  'erpCreateCreditNote',
  'crmRecordOrder',
  'crmRecordOrderEvent',
  'carrierCreateShipment',
  'carrierVoidShipment',
  'channelConfirmFulfillment',
  'channelRefund',
  'channelCancelOrder',
  'gatewayCapture',
  'gatewayVoid',
  'gatewayRefund',
  'gatewayRelease',
  'gatewayRefundShare',
  'channelRefundShare',
  'erpCreatePartialCreditNote',
  'channelCancelLines',
] as const;

export type ActivityName = (typeof DATABASE_ACTIVITIES)[number] | (typeof PARTNER_ACTIVITIES)[number];

export interface StubActivities {
  activities: Record<ActivityName, Activity>;
  world: StubWorld;
  calls: StubCall[];
  /** Successful calls of `name`, in order. */
  done(name: ActivityName): StubCall[];
  /** How many calls of `name` succeeded. */
  count(name: ActivityName): number;
}

export function stubActivities(init: Partial<Omit<StubWorld, 'failing' | 'unknownSkus'>> & { failing?: Record<string, string>; unknownSkus?: string[] } = {}): StubActivities {
  const world: StubWorld = {
    stockAvailable: init.stockAvailable ?? true,
    rules: init.rules ?? [],
    failing: new Map(Object.entries(init.failing ?? {})),
    unknownSkus: new Set(init.unknownSkus ?? []),
  };
  const calls: StubCall[] = [];
  const orders = new Map<string, OrderInput>();
  let labels = 0;

  const ruleContext = () => ({ ruleSetVersion: 1, rules: world.rules, customerOrderCount: 0, riskScore: 0 });
  const reserve = (orderId: string, hubPolicy = 'backorder') => {
    // As the hub's reservation: lines that need no shipping take no stock.
    const lines = (orders.get(orderId)?.lines ?? []).filter((l) => l.requiresShipping !== false);
    if (world.stockAvailable) {
      return { ok: true, allocations: lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, locationId: LOCATION, quantity: l.quantity })), backorderPolicy: hubPolicy };
    }
    return { ok: false, shortfall: lines.map((l) => ({ sku: l.sku, requested: l.quantity, available: 0 })), backorderPolicy: hubPolicy };
  };
  const results: Partial<Record<ActivityName, Activity>> = {
    receiveOrder: async (input: OrderInput) => (orders.set(input.orderId, input), ruleContext()),
    recordOrder: async (input: OrderInput) => void orders.set(input.orderId, input),
    loadRuleContext: async () => ruleContext(),
    unknownSkus: async (skus: string[]) => skus.filter((sku) => world.unknownSkus.has(sku)),
    reserveStock: async (orderId: string, hubPolicy?: string) => reserve(orderId, hubPolicy),
    erpCreateSalesOrder: async (order: OrderInput) => `ERP-${order.orderId}`,
    gatewayCapture: async (_ref: string, orderId: string, _amount: number, _currency: string, step: string) => `${orderId}:gateway.capture.${step}`,
    gatewayVoid: async (_ref: string, orderId: string) => `${orderId}:gateway.void`,
    gatewayRefund: async (_ref: string, orderId: string) => `${orderId}:gateway.refund`,
    gatewayRelease: async (_ref: string, orderId: string, ...rest: unknown[]) => `${orderId}:gateway.release.${String(rest[3])}`,
    gatewayRefundShare: async (_ref: string, orderId: string, ...rest: unknown[]) => `${orderId}:gateway.refund.partial.${String(rest[3])}`,
    carrierCreateShipment: async () => ({ trackingNumber: `TRK-${++labels}`, labelId: `LBL-${labels}`, carrier: 'stub-carrier' }),
  };

  const stub =
    (name: ActivityName): Activity =>
    async (...args: unknown[]) => {
      const failure = world.failing.get(name);
      const call: StubCall = { name, args, ok: failure === undefined };
      calls.push(call);
      if (failure !== undefined) throw ApplicationFailure.nonRetryable(failure, 'PartnerRejected');
      call.result = await results[name]?.(...args);
      return call.result;
    };
  const activities = Object.fromEntries([...DATABASE_ACTIVITIES, ...PARTNER_ACTIVITIES].map((name) => [name, stub(name)])) as Record<ActivityName, Activity>;
  const done = (name: ActivityName) => calls.filter((c) => c.name === name && c.ok);
  return { activities, world, calls, done, count: (name) => done(name).length };
}

/** A rule that matches every order (an empty `all`) and does `actions`. */
export function everyOrder(id: string, ...actions: Action[]): Rule {
  return { id, name: id, enabled: true, order: 1, when: { all: [] }, actions, stopProcessing: false };
}
