import { resolveListing } from '../../db/listings';
import type { CapturePolicy } from '../../domain/payment';
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Db } from '../../db/prisma';
import { parseMoney } from '../../domain/money';
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
import type { orderWorkflow } from '../../workflows';
import type { OrderWorkflowOptions } from '../../workflows/order/options';
import { orderStartOptions } from '../../temporal/orderStart';
import { badRequest, HttpError, notFound, type FieldProblem } from '../httpError';
import { temporalErrorToHttp } from '../temporalErrors';
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
}

export type OrderService = ReturnType<typeof createOrderService>;

export function createOrderService({ db, temporal, taskQueue, orderOptions }: OrderServiceDeps) {
  const unmapped = createUnmappedLines(db, temporal);
  async function findOrder(orderId: string) {
    const order = await db.order.findUnique({ where: { id: orderId } });
    if (!order) throw notFound(`order ${orderId}`);
    return order;
  }

  async function existingOrder(channel: string, externalId: string) {
    return db.order.findUnique({ where: { channelId_externalId: { channelId: channel, externalId } } });
  }

  /**
   * Unknown channels and pickup stores are the client's mistake: refused before anything starts.
   * An unknown SKU is not: the channel sold it and took the money, so the order is accepted and
   * held (`unmapped_sku`) until the product exists. Answers with the SKUs the hub does not know and
   * the channel's capture policy.
   */
  async function checkReferences(req: CreateOrderRequest): Promise<{ lineSkus: (string | null)[]; productShipping: (boolean | undefined)[]; capturePolicy: CapturePolicy }> {
    const problems: FieldProblem[] = [];
    const channel = await db.channel.findUnique({ where: { id: req.channel }, include: { buffer: true } });
    if (!channel) problems.push({ field: 'body.channel', message: `unknown channel "${req.channel}"` });
    if (req.fulfillment?.mode === 'pickup' && req.fulfillment.pickupLocationId !== undefined) {
      const problem = pickupProblem(await db.location.findUnique({ where: { id: req.fulfillment.pickupLocationId } }), req.fulfillment.pickupLocationId, channel);
      if (problem) problems.push({ field: 'body.fulfillment.pickupLocationId', message: problem });
    }
    if (problems.length > 0) throw badRequest(`invalid request: ${problems.map((p) => p.field).join(', ')}`, problems);
    const lineSkus = await resolveLineSkus(req);
    return { lineSkus, productShipping: await productShippingOf(lineSkus), capturePolicy: channel!.capturePolicy as CapturePolicy };
  }

  /** Per line, its product's requiresShipping: the line's default when the channel did not say (a gift card product ships nothing). */
  async function productShippingOf(lineSkus: (string | null)[]): Promise<(boolean | undefined)[]> {
    const skus = [...new Set(lineSkus.filter((s): s is string => s !== null))];
    const rows = await db.product.findMany({ where: { sku: { in: skus } }, select: { sku: true, requiresShipping: true } });
    const bySku = new Map(rows.map((p) => [p.sku, p.requiresShipping]));
    return lineSkus.map((sku) => (sku === null ? undefined : bySku.get(sku)));
  }

  /** Per line, the hub SKU: the one named if it is a product, else through the channel's listings; null when neither. */
  async function resolveLineSkus(req: CreateOrderRequest): Promise<(string | null)[]> {
    const named = [...new Set(req.lines.flatMap((l) => (l.sku ? [l.sku] : [])))];
    const known = new Set((await db.product.findMany({ where: { sku: { in: named } }, select: { sku: true } })).map((p) => p.sku));
    return Promise.all(req.lines.map((l) => (l.sku && known.has(l.sku) ? l.sku : l.sku || l.listing ? resolveListing(db, req.channel, lineListingRef(l)) : null)));
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

  /** An operator's change through one of the workflow's validated updates; answers with the stored order. */
  async function control<A>(orderId: string, update: UpdateDefinition<unknown, [A]>, request: A) {
    const order = await findOrder(orderId);
    await temporal.workflow.getHandle(order.workflowId).executeUpdate(update, { args: [request] });
    return getOrder(orderId);
  }

  return {
    getOrder,

    /** Starts the order's workflow, or returns the order that the same channel order already became. */
    async createOrder(req: CreateOrderRequest): Promise<{ created: boolean; body: { orderId: string; workflowId: string; status: string } }> {
      const known = await existingOrder(req.channel, req.externalId);
      if (known) return { created: false, body: { orderId: known.id, workflowId: known.workflowId, status: known.status } };
      const { lineSkus, productShipping, capturePolicy } = await checkReferences(req);

      const input = toOrderInput(randomUUID(), req, new Date(), { lineSkus, productShipping, capturePolicy });
      const start = orderStartOptions(input, taskQueue, orderOptions);
      const workflowId = start.workflowId;
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof orderWorkflow>('orderWorkflow', start);
      try {
        const accepted = await temporal.workflow.executeUpdateWithStart(acceptOrderUpdate, { startWorkflowOperation });
        return { created: accepted.created, body: { orderId: accepted.orderId, workflowId, status: accepted.status } };
      } catch (err) {
        // The workflow already finished (it was closed before this delivery, or it closed while the
        // update was on its way: a redelivery racing a cancellation): the order is in the database,
        // and a repeated delivery of a closed order is answered as one of an open order is.
        if (!(err instanceof WorkflowExecutionAlreadyStartedError) && temporalErrorToHttp(err)?.code !== 'order_closed') throw err;
        const closed = await existingOrder(req.channel, req.externalId);
        if (!closed) throw new HttpError(409, 'conflict', `channel order ${req.externalId} was processed before and is closed`);
        return { created: false, body: { orderId: closed.id, workflowId: closed.workflowId, status: closed.status } };
      }
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
      await temporal.workflow.getHandle(order.workflowId).executeUpdate(recordPaymentUpdate, {
        args: [{ amountMinor, currency: p.currency, reference: p.reference, outcome: p.status }],
      });
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
      const handle = temporal.workflow.getHandle(order.workflowId);
      if (!body.lines) {
        await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: body.reason!, requestedBy }] });
        return getOrder(orderId);
      }
      const requestId = idempotencyKey ? `${requestedBy}:${idempotencyKey}` : randomUUID();
      const reason = body.reason ?? [...new Set(body.lines.map((l) => l.reason!))].join('; ');
      const lines = body.lines.map(({ lineId, sku, quantity, reason: lineReason }) => ({ lineId, sku, quantity, reason: lineReason }));
      await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason, requestedBy, lines, requestId }], updateId: `cancel-lines:${requestId}` });
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
