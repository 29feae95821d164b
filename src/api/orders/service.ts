import { EXCHANGE_CHANNEL } from '../../domain/returns/exchange';
import { resolveListing } from '../../db/listings';
import type { CapturePolicy } from '../../domain/payment';
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Db } from '../../db/prisma';
import { directSql } from '../../db/directSql';
import { channelBufferJson } from '../../db/channelBufferSql';
import { Prisma } from '../../generated/prisma/client';
import { orderWorkflowId } from '../../domain/ids';
import { parseMoney } from '../../domain/money';
import { orderTotalsOf } from '../../domain/orderMoney';
import { DEFAULT_BUFFER, feedsChannel, type ChannelBuffer } from '../../domain/sellable';
import {
  acceptOrderUpdate,
  cancelOrderUpdate,
  correctAddressUpdate,
  placeHoldUpdate,
  recordPaymentUpdate,
  reevaluateRulesUpdate,
  releaseHoldUpdate,
  retryIntegrationUpdate,
  skipIntegrationUpdate,
  type CorrectAddressInput,
  type PlaceHoldInput,
  type ReevaluateInput,
  type ReleaseHoldInput,
  type RetryStepInput,
  type SkipStepInput,
} from '../../workflows/messages';
import type { OrderWorkflowOptions } from '../../workflows/order/options';
import { badRequest, HttpError, notFound, type FieldProblem } from '../httpError';
import { createOrderStarter, type OrderStarter } from './orderStarter';
import { writeAcceptedOrder } from './orderIntake';
import { lineListingRef, toOrderInput } from './toOrderInput';
import { rawPayloadOf } from '../channels/channelDeliveries';
import { toOrderView } from './orderView';
import { searchOrders, type OrderSearch } from './search';
import { toReturnSummary } from '../returns/returnView';
import { createUnmappedLines } from '../catalog/unmappedLines';
import type { CancelRequestBody, CreateOrderRequest } from './schemas';

export interface OrderServiceDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  orderOptions: OrderWorkflowOptions;
  /** Starts accepted orders' workflows (./orderStarter.ts); omitted: one of this service's own (the process's sweeper still covers every order). */
  starter?: Pick<OrderStarter, 'kick' | 'startNow'>;
}

export type OrderService = ReturnType<typeof createOrderService>;

export function createOrderService({ db, temporal, taskQueue, orderOptions, starter = createOrderStarter({ db, temporal }) }: OrderServiceDeps) {
  const unmapped = createUnmappedLines(db, temporal);
  async function findOrder(orderId: string) {
    const order = await db.order.findUnique({ where: { id: orderId } });
    if (!order) throw notFound(`order ${orderId}`);
    return order;
  }

  /** The channel order's id, workflow and status if the hub has it; on every accept, so straight to the pool (directSql). */
  async function existingOrder(channel: string, externalId: string): Promise<{ id: string; workflowId: string; status: string } | undefined> {
    const [row] = await directSql<{ id: string; workflowId: string; status: string }>(
      db,
      Prisma.sql`SELECT id, workflow_id AS "workflowId", status FROM orders WHERE channel_id = ${channel} AND external_id = ${externalId}`,
    );
    return row;
  }

  /** The channel's capture policy and stock buffer, read on every accept: straight to the pool (directSql). */
  async function channelOf(id: string): Promise<{ id: string; capturePolicy: string; buffer: ChannelBuffer | null } | undefined> {
    const [row] = await directSql<{ id: string; capturePolicy: string; buffer: ChannelBuffer | null }>(
      db,
      Prisma.sql`SELECT c.id, c.capture_policy AS "capturePolicy", ${channelBufferJson('c.id')} AS buffer FROM channels c WHERE c.id = ${id}`,
    );
    return row;
  }

  /**
   * Unknown channels and pickup stores are the client's mistake: refused before anything starts.
   * An unknown SKU is not: the channel sold it and took the money, so the order is accepted and
   * held (`unmapped_sku`) until the product exists. Answers with the SKUs the hub does not know and
   * the channel's capture policy.
   */
  async function checkReferences(req: CreateOrderRequest): Promise<{ lineSkus: (string | null)[]; productShipping: (boolean | undefined)[]; capturePolicy: CapturePolicy }> {
    const problems: FieldProblem[] = [];
    const channel = (await channelOf(req.channel)) ?? null;
    if (!channel) problems.push({ field: 'body.channel', message: `unknown channel "${req.channel}"` });
    // The hub's own channel: its external ids are `exchange-<returnId>`, and an order sent to it could take a replacement's.
    else if (channel.id === EXCHANGE_CHANNEL)
      problems.push({ field: 'body.channel', message: `channel "${EXCHANGE_CHANNEL}" is the hub's own (exchange replacements); orders cannot be sent to it` });
    if (req.fulfillment?.mode === 'pickup' && req.fulfillment.pickupLocationId !== undefined) {
      const problem = pickupProblem(await db.location.findUnique({ where: { id: req.fulfillment.pickupLocationId } }), req.fulfillment.pickupLocationId, channel);
      if (problem) problems.push({ field: 'body.fulfillment.pickupLocationId', message: problem });
    }
    if (problems.length > 0) throw badRequest(`invalid request: ${problems.map((p) => p.field).join(', ')}`, problems);
    const { lineSkus, productShipping } = await resolveLines(req);
    return { lineSkus, productShipping, capturePolicy: channel!.capturePolicy as CapturePolicy };
  }

  /**
   * Per line, the hub SKU (the one named if it is a product, else through the channel's listings;
   * null when neither) and its product's requiresShipping, the line's default when the channel did
   * not say (a gift card product ships nothing). One product read for the named SKUs; a second only
   * for SKUs found through listings.
   */
  async function resolveLines(req: CreateOrderRequest): Promise<{ lineSkus: (string | null)[]; productShipping: (boolean | undefined)[] }> {
    const products = (skus: string[]) =>
      skus.length === 0
        ? Promise.resolve([])
        : directSql<{ sku: string; requiresShipping: boolean }>(db, Prisma.sql`SELECT sku, requires_shipping AS "requiresShipping" FROM products WHERE sku = ANY(${skus}::text[])`);
    const shipping = new Map((await products([...new Set(req.lines.flatMap((l) => (l.sku ? [l.sku] : [])))])).map((p) => [p.sku, p.requiresShipping]));
    const lineSkus = await Promise.all(
      req.lines.map((l) => (l.sku && shipping.has(l.sku) ? l.sku : l.sku || l.listing ? resolveListing(db, req.channel, lineListingRef(l)) : null)),
    );
    const viaListings = [...new Set(lineSkus.filter((s): s is string => s !== null && !shipping.has(s)))];
    for (const p of await products(viaListings)) shipping.set(p.sku, p.requiresShipping);
    return { lineSkus, productShipping: lineSkus.map((sku) => (sku === null ? undefined : shipping.get(sku))) };
  }

  async function getOrder(orderId: string) {
    const order = await db.order.findUnique({
      where: { id: orderId },
      include: { lines: true, shipments: true, events: true, customer: true, holds: true, transactions: true, returns: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } },
    });
    if (!order) throw notFound(`order ${orderId}`);
    // A channel webhook's order keeps the native payload it arrived in (null for POST /orders).
    return { ...toOrderView(order), returns: order.returns.map(toReturnSummary), rawPayload: await rawPayloadOf(db, orderId) };
  }

  /**
   * Sends an update to the order's workflow. An order accepted a moment ago may have no workflow
   * yet (the starter is behind, or Temporal was down): its start is made now and the update sent
   * again, so a payment or a cancel right after the 202 is never refused for it. While the order is
   * still `received`, the update first waits (acceptOrder) until the workflow has recorded it and
   * decided its rules, as the 202 itself once did: a channel's hold or an operator's change sent
   * right after the accept is applied, not refused for "no rule decision yet".
   */
  async function updateOrder<A>(order: { id: string; workflowId: string; status: string }, update: UpdateDefinition<unknown, [A]>, request: A, updateId?: string): Promise<void> {
    const handle = temporal.workflow.getHandle(order.workflowId);
    const send = async () => {
      if (order.status === 'received') await handle.executeUpdate(acceptOrderUpdate);
      await handle.executeUpdate(update, { args: [request], ...(updateId && { updateId }) });
    };
    try {
      await send();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      // Started now if its start is still pending; if not, another starter may have started it a
      // moment ago: sent again either way, and a workflow that is really closed answers 409 again.
      await starter.startNow(order.id);
      await send();
    }
  }

  /** An operator's change through one of the workflow's validated updates; answers with the stored order. */
  async function control<A>(orderId: string, update: UpdateDefinition<unknown, [A]>, request: A) {
    await updateOrder(await findOrder(orderId), update, request);
    return getOrder(orderId);
  }

  return {
    getOrder,

    /**
     * Accepts the order: answered once the order and its workflow start are committed
     * (./orderIntake.ts), without waiting for the workflow, which the starter starts right after.
     * A channel order seen before, or committed first by a concurrent delivery, is answered with
     * the order it became (created: false).
     */
    async createOrder(req: CreateOrderRequest): Promise<{ created: boolean; body: { orderId: string; workflowId: string; status: string } }> {
      // Both reads at once (the accept is a few round trips): a channel order seen before is answered
      // 200 whatever its references say now, so the checks' verdict counts only for a new one.
      const [known, references] = await Promise.allSettled([existingOrder(req.channel, req.externalId), checkReferences(req)]);
      if (known.status === 'rejected') throw known.reason;
      if (known.value) return { created: false, body: { orderId: known.value.id, workflowId: known.value.workflowId, status: known.value.status } };
      if (references.status === 'rejected') throw references.reason;
      const { lineSkus, productShipping, capturePolicy } = references.value;

      const input = toOrderInput(randomUUID(), req, new Date(), { lineSkus, productShipping, capturePolicy });
      if (!(await writeAcceptedOrder(db, input, orderTotalsOf(input), { taskQueue, orderOptions }))) {
        const first = await existingOrder(req.channel, req.externalId);
        if (!first) throw new HttpError(409, 'conflict', `channel order ${req.externalId} is being accepted by another request; retry`);
        return { created: false, body: { orderId: first.id, workflowId: first.workflowId, status: first.status } };
      }
      void starter.kick();
      return { created: true, body: { orderId: input.orderId, workflowId: orderWorkflowId(input.channel, input.externalId), status: 'received' } };
    },

    listOrders: (q: OrderSearch) => searchOrders(db, q),

    /** Answers with the order as stored, once the workflow has recorded the payment. */
    async recordPayment(orderId: string, p: { amount: string; currency: string; reference: string; status: 'succeeded' | 'failed' }) {
      const order = await findOrder(orderId);
      let amountMinor: number;
      try {
        amountMinor = parseMoney(p.amount, p.currency);
      } catch (err) {
        throw badRequest('invalid request: body.amount', [{ field: 'body.amount', message: (err as Error).message }]);
      }
      await updateOrder(order, recordPaymentUpdate, { amountMinor, currency: p.currency, reference: p.reference, outcome: p.status });
      return getOrder(orderId);
    },

    placeHold: (orderId: string, request: PlaceHoldInput) => control(orderId, placeHoldUpdate, request),
    /**
     * An unmapped_sku release first maps the lines the catalog resolves now (as the sweeper would):
     * when that releases the hold, the order is answered as it is; otherwise the operator's release
     * goes on (and is refused while a line's SKU is still unknown).
     */
    async releaseHold(orderId: string, request: ReleaseHoldInput) {
      if (request.reason === 'unmapped_sku' && (await unmapped.forOrder(orderId)) > 0) {
        const open = await db.orderHold.count({ where: { orderId, reason: 'unmapped_sku', releasedAt: null } });
        if (open === 0) return getOrder(orderId);
      }
      return control(orderId, releaseHoldUpdate, request);
    },
    correctAddress: (orderId: string, request: CorrectAddressInput) => control(orderId, correctAddressUpdate, request),
    reevaluateRules: (orderId: string, request: ReevaluateInput) => control(orderId, reevaluateRulesUpdate, request),
    retryIntegration: (orderId: string, request: RetryStepInput) => control(orderId, retryIntegrationUpdate, request),
    skipIntegration: (orderId: string, request: SkipStepInput) => control(orderId, skipIntegrationUpdate, request),

    /**
     * Answers with the compensated order as stored. With lines, a partial cancel: its request id is
     * the Idempotency-Key when the client sent one (a retry is the same request), else a new one;
     * it is also the update's id, so Temporal answers a repeat without running it again.
     */
    async cancelOrder(orderId: string, body: CancelRequestBody, requestedBy: string, idempotencyKey?: string) {
      const order = await findOrder(orderId);
      if (order.status === 'cancelled') throw new HttpError(409, 'invalid_order_state', `order ${orderId} is already cancelled`);
      if (!body.lines) {
        await updateOrder(order, cancelOrderUpdate, { reason: body.reason!, requestedBy });
        return getOrder(orderId);
      }
      const requestId = idempotencyKey ? `${requestedBy}:${idempotencyKey}` : randomUUID();
      const reason = body.reason ?? [...new Set(body.lines.map((l) => l.reason!))].join('; ');
      const lines = body.lines.map(({ lineId, sku, quantity, reason: lineReason }) => ({ lineId, sku, quantity, reason: lineReason }));
      await updateOrder(order, cancelOrderUpdate, { reason, requestedBy, lines, requestId }, `cancel-lines:${requestId}`);
      return getOrder(orderId);
    },
  };
}

/**
 * Why a pickup cannot be taken at this location, if it cannot: a pickup takes its stock from its
 * store only, so a store that does not exist, has no counter, or that the channel does not sell
 * from would leave the order waiting for ever.
 */
function pickupProblem(location: { servesPickup: boolean } | null, locationId: string, channel: { id: string; buffer: ChannelBuffer | null } | null): string | undefined {
  if (!location) return `unknown location "${locationId}"`;
  if (!location.servesPickup) return `location ${locationId} does not serve pickups`;
  if (channel && !feedsChannel(channel.buffer ?? DEFAULT_BUFFER, locationId)) return `channel ${channel.id} does not sell from ${locationId} (its buffer's locationIds)`;
  return undefined;
}
