import { cancelOrders, deliverWebhookOrders, duplicatingCarrier } from '../driver';
import { driveReturns, planReturns, type PlannedReturn } from '../returns';
import { envNumber, type Scenario } from '../scenario';

/**
 * Every channel webhook (signed web store order) and every carrier event is delivered
 * CHAOS_COPIES (3) times, shuffled: carrier auto-advance is off and the scenario plays the carrier,
 * posting dispatched and delivered 3× each in random order. Every 10th order is cancelled before
 * dispatch (its cancel also sent 3×) and must end cancelled. Then every CHAOS_RETURN_EVERY-th
 * delivered order (5; 0: none) is sent back (chaos/returns.ts): the return opened 3× under one key
 * and once under another, its parcel's events 3× each, its receipt 3× under two keys; a third of
 * the returns are exchanges.
 */
export const duplicateEvents: Scenario = ({ orders, env }) => {
  const copies = envNumber(env, 'CHAOS_COPIES', 3);
  const cancelEvery = envNumber(env, 'CHAOS_CANCEL_EVERY', 10);
  const returnEvery = envNumber(env, 'CHAOS_RETURN_EVERY', 5);
  let carrier: ReturnType<typeof duplicatingCarrier> | undefined;
  let returns: PlannedReturn[] = [];
  return {
    harness: { carrierDispatchDelayMs: 0, carrierDeliveryDelayMs: 0 },
    async drive(h, { sku, stats, figures, fail }) {
      // Orders to cancel are picked by their position; the carrier never picks their parcels up.
      const toCancel = new Set<string>();
      carrier = duplicatingCarrier(h, stats, {
        copies,
        delayMs: 300,
        skip: async (orderId) => {
          const row = await h.db.order.findUnique({ where: { id: orderId }, select: { externalId: true } });
          return row !== null && toCancel.has(row.externalId);
        },
      });
      const base = Number(`${Date.now()}`.slice(-9)) * 1000;
      for (let i = 0; cancelEvery > 0 && i < orders; i += cancelEvery) toCancel.add(String(base + i * 7));
      const placed = await deliverWebhookOrders(h, stats, { count: orders, sku, copies, concurrency: 8, base });
      figures.webhookDeliveries = orders * copies;
      const cancelling = placed.filter((o) => toCancel.has(o.externalId));
      await cancelOrders(h, stats, cancelling, copies);
      figures.cancelled = cancelling.length;
      // Planned after the cancels (only delivered orders go back); each return waits for its order's delivery.
      returns = planReturns(placed, returnEvery);
      const outcome = await driveReturns(h, stats, returns, { sku, copies });
      outcome.unexpected.forEach(fail);
      return placed;
    },
    returns: () => returns,
    async afterSettle() {
      carrier?.stop();
      await carrier?.settle();
    },
  };
};
