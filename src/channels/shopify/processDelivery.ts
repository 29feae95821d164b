/**
 * What a stored Shopify delivery does, by topic (docs/shopify.md):
 *
 * - orders/create, orders/updated, orders/paid, orders/cancelled carry the whole order. An order the
 *   hub does not have yet is imported (whichever topic arrives first), through the same createOrder
 *   as POST /api/v1/orders; one it has is compared with the last state applied:
 *   an older `updated_at` is ignored (stale); a cancelled order is cancelled; a payment Shopify
 *   captured is recorded; a changed shipping address goes through the address correction; any
 *   other edit (lines, quantities, prices, totals) holds the order `manual` for an operator.
 * - refunds/create records the refund (never repeated by the hub) and, when it refunds units of
 *   an order not shipped yet, holds the order `manual` so an operator cancels what must not ship.
 * - anything else is ignored (the delivery stays in the inbox as a record).
 */
import type { Db } from '../../db/prisma';
import { addressSchema, createOrderSchema, type CreateOrderRequest } from '../../api/orders/schemas';
import type { OrderService } from '../../api/orders/service';
import { temporalErrorToHttp } from '../../api/temporalErrors';
import { HttpError } from '../../api/httpError';
import { isObj, own } from '../common';
import { recordPlatformRefunds } from '../platformRefunds';
import { PermanentDeliveryError, type ClaimedDelivery, type ProcessOutcome } from './inbox';
import { idText } from './losslessJson';
import { mapShopifyOrder, refundAmount, type MappedShopifyOrder } from './orderMapping';

export const ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled'] as const;
export const HANDLED_TOPICS: readonly string[] = [...ORDER_TOPICS, 'refunds/create'];

/** Who the hub's own records name as the actor of what Shopify did. */
const ACTOR = 'shopify';

export type ShopifyOrderActions = Pick<OrderService, 'createOrder' | 'cancelOrder' | 'correctAddress' | 'placeHold' | 'recordPayment'>;

/** The resource a delivery is about, for ordering one order's deliveries: the order's id. */
export function resourceIdOf(topic: string, payload: unknown): string | undefined {
  if (!isObj(payload)) return undefined;
  return idText(own(payload, topic.startsWith('refunds/') ? 'order_id' : 'id'));
}

export function createDeliveryProcessor(db: Db, orders: ShopifyOrderActions) {
  /** Runs a workflow change; a state that no longer allows it (closed, shipped) is an outcome to record, not a failure to retry. */
  async function attempt(what: string, run: () => Promise<unknown>): Promise<string> {
    try {
      await run();
      return what;
    } catch (err) {
      const http = err instanceof HttpError ? err : temporalErrorToHttp(err);
      // 409: the order's state no longer allows it (closed, shipped); 422: the hub refuses it (a payment that is not the order's total). Recorded, not retried.
      if (http && (http.status === 409 || http.status === 422)) return `${what} not applied (${http.message})`;
      throw err;
    }
  }

  async function importOrder(mapped: MappedShopifyOrder): Promise<ProcessOutcome> {
    const parsed = createOrderSchema.safeParse(mapped.request);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join('.') || 'order'}: ${i.message}`);
      throw new PermanentDeliveryError(`the Shopify order cannot be imported: ${fields.join('; ')}`);
    }
    const req: CreateOrderRequest = parsed.data;
    const result = await orders.createOrder(req);
    const orderId = result.body.orderId;
    const done = [result.created ? 'created' : 'already imported'];
    if (await recordPlatformRefunds(db, orderId, req.currency, mapped.refunds)) done.push('refunds recorded');
    if (result.created) {
      for (const hold of mapped.holds) done.push(await attempt(`held ${hold.reason}`, () => orders.placeHold(orderId, { reason: hold.reason, note: hold.note, placedBy: ACTOR })));
      if (mapped.notes.length) done.push(`notes: ${mapped.notes.join('; ')}`);
    }
    // Already cancelled (or voided) on Shopify: recorded as cancelled, never fulfilled. Its payment is pending, so nothing was reserved for shipping yet and nothing is refunded.
    if (mapped.cancelled && result.body.status !== 'cancelled') done.push(await cancel(orderId, mapped.cancelReason ?? 'cancelled on Shopify'));
    return { status: 'processed', outcome: done.join(', '), orderId };
  }

  async function cancel(orderId: string, reason: string): Promise<string> {
    try {
      await orders.cancelOrder(orderId, { reason }, ACTOR);
      return 'cancelled';
    } catch (err) {
      const http = err instanceof HttpError ? err : temporalErrorToHttp(err);
      if (http?.code === 'invalid_order_state' && /already cancelled/.test(http.message)) return 'already cancelled';
      if (http && http.status === 409) return `cancel not applied (${http.message})`;
      throw err;
    }
  }

  /** A known order: what changed since the last state applied. */
  async function applyUpdate(
    topic: string,
    mapped: MappedShopifyOrder,
    order: { id: string; status: string; paymentStatus: string },
    last: { addressHash: string | null; contentHash: string | null } | null,
  ) {
    const done: string[] = [];
    const req = mapped.request as CreateOrderRequest;
    if (await recordPlatformRefunds(db, order.id, req.currency, mapped.refunds)) done.push('refunds recorded');
    if (order.status === 'cancelled') return [...done, 'order already cancelled in the hub'];
    if (mapped.cancelled) return [...done, await cancel(order.id, mapped.cancelReason ?? 'cancelled on Shopify')];
    const paidNow = mapped.financialStatus === 'paid' && order.paymentStatus === 'pending';
    if (paidNow && req.channelTotals) {
      done.push(
        await attempt('payment recorded', () =>
          orders.recordPayment(order.id, { amount: req.channelTotals!.total, currency: req.currency, reference: `shopify:${mapped.externalId}`, status: 'succeeded' }),
        ),
      );
    } else if (topic === 'orders/paid' && order.paymentStatus === 'pending') {
      done.push(`orders/paid with financial_status ${mapped.financialStatus ?? 'missing'}: payment not recorded`);
    }
    if (last && last.addressHash !== mapped.addressKey) {
      const address = addressSchema.safeParse(req.shippingAddress ?? {});
      done.push(
        address.success
          ? await attempt('address corrected', () => orders.correctAddress(order.id, { address: address.data, changedBy: ACTOR }))
          : await attempt('held address (incomplete new address)', () =>
              orders.placeHold(order.id, { reason: 'address', note: 'Shopify changed the shipping address to an incomplete one', placedBy: ACTOR }),
            ),
      );
    }
    if (last && last.contentHash !== mapped.contentKey) {
      done.push(
        await attempt('held manual (order edited on Shopify)', () =>
          orders.placeHold(order.id, {
            reason: 'manual',
            note: 'The order was edited on Shopify (lines, quantities, prices or totals): compare it with the hub before it ships',
            placedBy: ACTOR,
          }),
        ),
      );
    }
    return done.length ? done : ['no change'];
  }

  async function processOrderTopic(d: ClaimedDelivery): Promise<ProcessOutcome> {
    const mapped = mapShopifyOrder(d.channelId, d.payload);
    if (!mapped.ok) throw new PermanentDeliveryError(`not a Shopify order: ${mapped.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
    const where = { channelId_externalId: { channelId: d.channelId, externalId: mapped.externalId } };
    const last = await db.channelOrderVersion.findUnique({ where });
    const updatedAt = mapped.updatedAt ? new Date(mapped.updatedAt) : undefined;
    // Shopify does not deliver in order: an update older than the state applied changes nothing.
    if (last && updatedAt && updatedAt < last.updatedAt)
      return { status: 'ignored', outcome: `stale: updated_at ${mapped.updatedAt} is older than the state applied (${last.updatedAt.toISOString()})` };

    const known = await db.order.findUnique({ where: { channelId_externalId: { channelId: d.channelId, externalId: mapped.externalId } } });
    const outcome = known ? { status: 'processed' as const, outcome: (await applyUpdate(d.topic, mapped, known, last)).join(', '), orderId: known.id } : await importOrder(mapped);
    const version = {
      updatedAt: updatedAt && (!last || updatedAt > last.updatedAt) ? updatedAt : (last?.updatedAt ?? updatedAt ?? new Date()),
      addressHash: mapped.addressKey,
      contentHash: mapped.contentKey,
      financialStatus: mapped.financialStatus ?? null,
      cancelled: mapped.cancelled || (last?.cancelled ?? false),
    };
    await db.channelOrderVersion.upsert({ where, create: { channelId: d.channelId, externalId: mapped.externalId, ...version }, update: version });
    return outcome;
  }

  async function processRefund(d: ClaimedDelivery): Promise<ProcessOutcome> {
    const refund = d.payload;
    const orderExternalId = isObj(refund) ? idText(own(refund, 'order_id')) : undefined;
    const refundId = isObj(refund) ? idText(own(refund, 'id')) : undefined;
    if (!isObj(refund) || !orderExternalId || !refundId) throw new PermanentDeliveryError('not a Shopify refund: id and order_id are required');
    const order = await db.order.findUnique({ where: { channelId_externalId: { channelId: d.channelId, externalId: orderExternalId } } });
    // The order's own delivery may still be on its way: retried (with a backoff) until it is in.
    if (!order) throw new Error(`refund ${refundId} is for Shopify order ${orderExternalId}, which the hub has not received yet`);
    const amount = refundAmount(refund, order.currency);
    const at = typeof own(refund, 'created_at') === 'string' ? String(own(refund, 'created_at')) : undefined;
    const done: string[] = [];
    const recorded = amount ? await recordPlatformRefunds(db, order.id, order.currency, [{ id: refundId, amount, ...(at && !Number.isNaN(Date.parse(at)) && { at }) }]) : 0;
    done.push(amount ? (recorded ? `refund ${amount} ${order.currency} recorded` : 'refund already recorded') : 'refund without a successful refund transaction');
    // Units refunded on Shopify (restocked or not) must not leave the warehouse unnoticed; what to do is the operator's call (cancel those units, or ship anyway).
    const units = Array.isArray(own(refund, 'refund_line_items')) ? (own(refund, 'refund_line_items') as unknown[]).filter(isObj) : [];
    if (units.length && recorded && !['cancelled', 'shipped', 'delivered', 'partially_shipped'].includes(order.status)) {
      const list = units
        .map((u) => `${String(own(u, 'quantity'))} x line ${idText(own(u, 'line_item_id')) ?? '?'} (restock ${String(own(u, 'restock_type') ?? 'no_restock')})`)
        .join(', ');
      done.push(
        await attempt('held manual (units refunded on Shopify)', () =>
          orders.placeHold(order.id, { reason: 'manual', note: `Shopify refund ${refundId} returned ${list}: cancel those units here if they must not ship`, placedBy: ACTOR }),
        ),
      );
    }
    return { status: 'processed', outcome: done.join(', '), orderId: order.id };
  }

  return async function processDelivery(d: ClaimedDelivery): Promise<ProcessOutcome> {
    if ((ORDER_TOPICS as readonly string[]).includes(d.topic)) return processOrderTopic(d);
    if (d.topic === 'refunds/create') return processRefund(d);
    return { status: 'ignored', outcome: `topic ${d.topic} is not one the hub acts on` };
  };
}
