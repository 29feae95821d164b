import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { computeTotals, type OrderInput, type OrderState, type ShipmentState } from '../domain/order';
import type { BackorderPolicy, ReserveResult } from '../activities/inventory';
import { isCancellable, type OrderStatus } from '../domain/orderStatus';
import { hasLeftWarehouse, planShipments, statusFromShipments } from '../domain/shipments';
import { CompensationStack } from './compensationStack';
import {
  acceptOrderUpdate,
  cancelOrderUpdate,
  carrierEventSignal,
  orderStateQuery,
  stockReservedSignal,
  recordPaymentUpdate,
  OrderErrorType,
  type CancelInput,
  type CarrierEvent,
  type PaymentInput,
} from './messages';
import { orderActivityStubs, type OrderActivityStubs, type PartnerRetryPolicy } from './orderActivities';
import { OrderStatusKey, PaymentStatusKey } from './searchAttributes';

export const BACKORDERS_PATCH = 'backorders';
export const REFUND_PREPAID_PATCH = 'refund-prepaid-when-cancelled-early';
const DEFAULT_BACKORDER_TIMEOUT_MS = 14 * 24 * 3_600_000;
const BACKORDER_RECHECK_MS = 3_600_000;

export interface OrderWorkflowOptions {
  paymentTimeoutMs: number;
  /** How long a backordered order waits for stock before it is cancelled; default 14 days. */
  backorderTimeoutMs?: number;
  /** Omitted: the defaults in orderActivities.ts. */
  partnerRetry?: PartnerRetryPolicy;
  /** For channels without a policy of their own; default 'backorder' (wait for the whole order). */
  backorderPolicy?: BackorderPolicy;
}

/**
 * One order from receipt to delivery or cancellation. Business rules live in src/domain; this
 * function only sequences them, waits, and keeps the compensation stack.
 */
export async function orderWorkflow(input: OrderInput, options: OrderWorkflowOptions): Promise<OrderState> {
  const activities = orderActivityStubs(options.partnerRetry);
  const { db, erp, crm, channel } = activities;
  const totals = computeTotals(input.lines, input.shippingMinor);
  const state: OrderState = {
    orderId: input.orderId,
    workflowId: workflowInfo().workflowId,
    channel: input.channel,
    externalId: input.externalId,
    status: 'received',
    paymentStatus: 'pending',
    fulfillmentStatus: 'unfulfilled',
    currency: input.currency,
    totals,
    allocations: [],
    shipments: [],
    recorded: false,
  };
  const undo = new CompensationStack();
  const carrierEvents: CarrierEvent[] = [];
  // Messages land here; an object rather than lets, so the flow below re-reads them after each wait.
  const inbox: { payment?: PaymentInput; cancel?: CancelInput; stockReserved?: boolean } = {};
  const pendingCancel = (): CancelInput | undefined => inbox.cancel;
  let accepts = 0;
  // Update handlers answer only once what they changed is also in the database.
  let writesInFlight = 0;
  const persisted = () => writesInFlight === 0;

  setHandler(orderStateQuery, () => state);
  setHandler(acceptOrderUpdate, async () => {
    await condition(() => state.recorded);
    accepts += 1;
    return { orderId: state.orderId, workflowId: state.workflowId, status: state.status, created: accepts === 1 };
  });
  setHandler(
    recordPaymentUpdate,
    async (p) => {
      inbox.payment = p;
      await condition(() => (state.paymentStatus !== 'pending' || state.status === 'cancelled') && persisted());
      return state;
    },
    { validator: (p) => validatePayment(state, input.payment.status === 'paid' ? input.payment : inbox.payment, p) },
  );
  setHandler(
    cancelOrderUpdate,
    async (request) => {
      inbox.cancel = request;
      await condition(() => state.status === 'cancelled' && persisted());
      return state;
    },
    { validator: (_request) => validateCancel(state, inbox.cancel) },
  );
  setHandler(carrierEventSignal, (event) => void carrierEvents.push(event));
  setHandler(stockReservedSignal, () => void (inbox.stockReserved = true));

  const progress = async (
    patch: Partial<Pick<OrderState, 'status' | 'paymentStatus' | 'fulfillmentStatus' | 'paymentReference' | 'cancelReason'>>,
    event: { type: string; message: string; data?: Record<string, unknown>; dedupeKey?: string },
  ) => {
    Object.assign(state, patch);
    publish(state);
    writesInFlight += 1;
    try {
      await db.saveOrderProgress(state.orderId, { ...patch, at: new Date().toISOString() }, {
        ...event,
        dedupeKey: event.dedupeKey ?? event.type,
      });
    } finally {
      writesInFlight -= 1;
    }
  };

  /** A partner step whose permanent failure must not stop the order: it is put on the timeline instead. */
  const bestEffort = async (step: string, call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (err) {
      await progress({}, { type: 'integration_failed', message: `${step} failed: ${errorMessage(err)}`, data: { step }, dedupeKey: `integration_failed:${step}` });
    }
  };

  const cancel = async (reason: string, data?: Record<string, unknown>) => {
    state.waitingFor = 'compensation to finish';
    publish(state);
    // The channel took the money before we had stock for it: give it back.
    if (input.payment.status === 'paid' && state.paymentStatus === 'pending' && patched(REFUND_PREPAID_PATCH)) {
      state.paymentStatus = 'paid';
      undo.push(REFUND_STEP, refundPayment);
    }
    const failures = await undo.unwind();
    if (state.paymentStatus === 'paid' && !failures.some((f) => f.name === REFUND_STEP)) state.paymentStatus = 'refunded';
    await Promise.all([
      bestEffort('tell the channel', () => channel.channelCancelOrder(input.channel, input.externalId, input.orderId, reason)),
      bestEffort('tell the CRM', () => crm.crmRecordOrderEvent(input.orderId, 'cancelled', reason)),
    ]);
    state.waitingFor = undefined;
    await progress(
      {
        status: 'cancelled',
        cancelReason: reason,
        paymentStatus: state.paymentStatus,
        fulfillmentStatus: state.allocations.length > 0 ? 'released' : state.fulfillmentStatus,
      },
      { type: 'cancelled', message: `Order cancelled: ${reason}`, data: { ...data, compensationFailures: failures } },
    );
    return finish();
  };

  const refundPayment = () => channel.channelRefund(input.channel, input.externalId, input.orderId, totals.totalMinor, input.currency, 'order cancelled');

  const finish = async () => {
    await condition(allHandlersFinished);
    return state;
  };

  // 1. Record.
  await db.recordOrder(input, totals);
  state.recorded = true;
  publish(state);

  // 2. Reserve, all or nothing; when short, wait in the backorder queue (orders started before
  // backorders existed keep cancelling, so their histories replay).
  let reservation = await db.reserveStock(input.orderId, options.backorderPolicy);
  if (!reservation.ok) {
    if (!patched(BACKORDERS_PATCH) || reservation.backorderPolicy === 'cancel') {
      return cancel('insufficient_stock', { shortfall: reservation.shortfall });
    }
    reservation = await waitInBackorderQueue(reservation);
    if (!reservation.ok) {
      const request = pendingCancel();
      return request ? cancel(request.reason, { requestedBy: request.requestedBy }) : cancel('backorder_timeout', { shortfall: reservation.shortfall });
    }
  }
  state.allocations = reservation.allocations;
  undo.push('release stock', () => db.releaseStock(input.orderId, 'order cancelled'));
  await progress({ fulfillmentStatus: 'reserved' }, { type: 'stock_reserved', message: 'Stock reserved', data: { allocations: reservation.allocations } });

  // 3. Payment.
  if (input.payment.status === 'paid') {
    inbox.payment = { amountMinor: totals.totalMinor, currency: input.currency, reference: input.payment.reference ?? 'channel', outcome: 'succeeded' };
  } else {
    state.waitingFor = 'payment';
    await progress({ status: 'awaiting_payment' }, { type: 'awaiting_payment', message: 'Waiting for payment' });
    const settled = await condition(() => inbox.payment !== undefined || inbox.cancel !== undefined, options.paymentTimeoutMs);
    state.waitingFor = undefined;
    if (!settled) return cancel('payment_timeout');
  }
  if (inbox.cancel) return cancel(inbox.cancel.reason, { requestedBy: inbox.cancel.requestedBy });
  if (inbox.payment!.outcome === 'failed') {
    await progress({ paymentStatus: 'failed' }, { type: 'payment_failed', message: 'Payment failed', data: { reference: inbox.payment!.reference } });
    return cancel('payment_failed');
  }
  undo.push(REFUND_STEP, refundPayment);
  await progress(
    { paymentStatus: 'paid', paymentReference: inbox.payment!.reference },
    { type: 'paid', message: 'Payment received', data: { reference: inbox.payment!.reference } },
  );

  // 4. Tell ERP and CRM, and buy labels, in parallel.
  state.shipments = planShipments(input.orderId, state.allocations);
  state.waitingFor = 'ERP, CRM and carrier';
  await progress({ status: 'fulfilling' }, { type: 'fulfilling', message: 'Fulfilment started' });
  const steps = await Promise.allSettled([
    erp.erpCreateSalesOrder(input, totals).then(() =>
      undo.push('ERP credit note', () => erp.erpCreateCreditNote(input.orderId, totals.totalMinor, input.currency, 'order cancelled')),
    ),
    crm.crmRecordOrder(input, totals),
    ...state.shipments.map((shipment) => buyLabel(activities, input, shipment, undo)),
  ]);
  const failed = steps.flatMap((s) => (s.status === 'rejected' ? [errorMessage(s.reason)] : []));
  if (failed.length > 0) return cancel('integration_error', { errors: failed });
  await progress({ fulfillmentStatus: 'label_created' }, { type: 'labels_created', message: 'Shipping labels created' });

  // 5. Follow the parcels.
  for (;;) {
    state.waitingFor = inbox.cancel ? undefined : 'carrier events';
    publish(state);
    await condition(() => carrierEvents.length > 0 || (inbox.cancel !== undefined && !state.shipments.some(hasLeftWarehouse)));
    const request = pendingCancel();
    if (request && !state.shipments.some(hasLeftWarehouse)) {
      return cancel(request.reason, { requestedBy: request.requestedBy });
    }
    await applyCarrierEvent(carrierEvents.shift()!);
    if (state.status === 'delivered') break;
  }
  state.waitingFor = undefined;
  publish(state);
  return finish();

  /** Waits for a receipt or release to reserve the stock, until the backorder timeout or a cancel. */
  async function waitInBackorderQueue(short: Extract<ReserveResult, { ok: false }>): Promise<ReserveResult> {
    const { shortfall, backorderPolicy } = short;
    const holding = short.allocations ?? [];
    await db.registerBackorder(input.orderId, state.workflowId, shortfall, { partial: backorderPolicy === 'reserve_available' });
    state.waitingFor = 'stock';
    state.allocations = holding;
    const units = shortfall.map((s) => `${s.requested - s.available} × ${s.sku}`).join(', ');
    const held = holding.length > 0 ? `; holding ${holding.map((a) => `${a.quantity} × ${a.sku} at ${a.locationId}`).join(', ')}` : '';
    await progress({ status: 'backordered' }, { type: 'backordered', message: `Backordered: short of ${units}${held}`, data: { shortfall, holding } });
    const deadline = Date.now() + (options.backorderTimeoutMs ?? DEFAULT_BACKORDER_TIMEOUT_MS);
    let result: ReserveResult = short;
    while (!result.ok) {
      const left = deadline - Date.now();
      if (left <= 0 || inbox.cancel) break;
      // A receipt that reserved for us signals; the hourly re-check covers a lost signal.
      await condition(() => inbox.stockReserved || inbox.cancel !== undefined, Math.min(left, BACKORDER_RECHECK_MS));
      inbox.stockReserved = false;
      if (!inbox.cancel) result = await db.reserveStock(input.orderId, options.backorderPolicy);
    }
    state.waitingFor = undefined;
    if (result.ok) {
      await db.closeBackorder(input.orderId, 'reserved');
    } else {
      await db.closeBackorder(input.orderId, 'cancelled');
      // A receipt may have reserved for us in the same moment: give it back.
      await db.releaseStock(input.orderId, 'backorder ended');
    }
    return result;
  }

  async function applyCarrierEvent(event: CarrierEvent): Promise<void> {
    const shipment = state.shipments.find((s) => (event.shipmentId ? s.shipmentId === event.shipmentId : s.trackingNumber === event.trackingNumber));
    if (!shipment) return;
    if ((event.type === 'dispatched' || event.type === 'delivered') && !hasLeftWarehouse(shipment)) {
      await dispatch(shipment);
    }
    if (event.type === 'in_transit' && shipment.status === 'dispatched') shipment.status = 'in_transit';
    if (event.type === 'delivered' && shipment.status !== 'delivered') shipment.status = 'delivered';
    if (event.type === 'exception') {
      await progress({}, { type: 'carrier_exception', message: `Carrier reported an exception for ${shipment.trackingNumber}`, dedupeKey: `exception:${event.trackingNumber}:${event.at}` });
      return;
    }
    await db.saveShipment(input.orderId, shipment, input.shippingService, event.at);
    const next = statusFromShipments(state.shipments);
    if (next !== state.status) {
      await progress({ status: next, fulfillmentStatus: next === 'fulfilling' ? state.fulfillmentStatus : next }, {
        type: next,
        message: describeStatus(next),
        data: { trackingNumber: shipment.trackingNumber },
      });
    }
  }

  async function dispatch(shipment: ShipmentState): Promise<void> {
    shipment.status = 'dispatched';
    await db.commitShipmentStock(input.orderId, shipment.locationId);
    await Promise.all([
      bestEffort(`ERP invoice for ${shipment.shipmentId}`, () => erp.erpCreateInvoice(input.orderId, shipment)),
      bestEffort(`channel fulfilment for ${shipment.shipmentId}`, () => channel.channelConfirmFulfillment(input.channel, input.externalId, input.orderId, shipment)),
    ]);
  }
}

async function buyLabel({ db, carrier }: OrderActivityStubs, input: OrderInput, shipment: ShipmentState, undo: CompensationStack): Promise<void> {
  // The parcel is on record before its label exists, so a carrier event can never outrun it.
  await db.saveShipment(input.orderId, shipment, input.shippingService);
  const label = await carrier.carrierCreateShipment(input, shipment);
  Object.assign(shipment, { trackingNumber: label.trackingNumber, carrier: label.carrier, status: 'label_created' });
  undo.push(`void label ${label.trackingNumber}`, async () => {
    await carrier.carrierVoidShipment(input.orderId, label.trackingNumber);
    shipment.status = 'voided';
    await db.saveShipment(input.orderId, shipment, input.shippingService);
  });
  await db.saveShipment(input.orderId, shipment, input.shippingService);
}

const REFUND_STEP = 'refund payment';

function validatePayment(state: OrderState, already: unknown, p: PaymentInput): void {
  if (already || state.paymentStatus !== 'pending' || !(state.status === 'received' || state.status === 'awaiting_payment')) {
    throw ApplicationFailure.create({ type: OrderErrorType.InvalidState, message: `order is ${state.status} with payment ${state.paymentStatus}; it does not await a payment`, nonRetryable: true });
  }
  if (p.outcome === 'succeeded' && (p.currency !== state.currency || p.amountMinor !== state.totals.totalMinor)) {
    throw ApplicationFailure.create({
      type: OrderErrorType.PaymentMismatch,
      message: `payment of ${p.amountMinor} ${p.currency} (minor units) does not match the order total of ${state.totals.totalMinor} ${state.currency}`,
      nonRetryable: true,
    });
  }
}

function validateCancel(state: OrderState, already: CancelInput | undefined): void {
  if (already) throw ApplicationFailure.create({ type: OrderErrorType.InvalidState, message: 'order is already being cancelled', nonRetryable: true });
  if (!isCancellable(state.status) || state.shipments.some(hasLeftWarehouse)) {
    throw ApplicationFailure.create({ type: OrderErrorType.InvalidState, message: `order is ${state.status}; it can no longer be cancelled`, nonRetryable: true });
  }
}

/** Keeps the Temporal UI's search attributes and "current details" in step with the order. */
function publish(state: OrderState): void {
  // Only attributes the order was started with: a server without them (the time-skipping test
  // server) would otherwise reject the workflow task.
  const present = workflowInfo().typedSearchAttributes;
  const updates = [
    { key: OrderStatusKey, value: state.status },
    { key: PaymentStatusKey, value: state.paymentStatus },
  ].filter((u) => present.get(u.key) !== undefined);
  if (updates.length > 0) upsertSearchAttributes(updates);
  const parcels = state.shipments.map((s) => `${s.locationId}: ${s.status}${s.trackingNumber ? ` (${s.trackingNumber})` : ''}`);
  setCurrentDetails(
    [
      `**${describeStatus(state.status)}**`,
      `payment: ${state.paymentStatus}, fulfilment: ${state.fulfillmentStatus}`,
      state.waitingFor ? `waiting for: ${state.waitingFor}` : '',
      parcels.length > 0 ? `parcels: ${parcels.join('; ')}` : '',
      state.cancelReason ? `cancel reason: ${state.cancelReason}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

function describeStatus(status: OrderStatus): string {
  return status.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

function errorMessage(err: unknown): string {
  const cause = (err as { cause?: unknown })?.cause;
  if (cause instanceof Error) return cause.message;
  return err instanceof Error ? err.message : String(err);
}
