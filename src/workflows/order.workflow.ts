import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { computeTotals, type Address, type OrderInput, type OrderState, type ShipmentState } from '../domain/order';
import type { BackorderPolicy, ReserveResult } from '../activities/inventory';
import type { ControlPatch, OrderChanges } from '../activities/orderStore';
import {
  DEFAULT_HOLD_SLA_MS,
  SYSTEM_ACTOR,
  applyHoldChanges,
  holdsToEscalate,
  nextEscalationAt,
  noHoldChanges,
  openHolds,
  openReasons,
  placeHoldProblem,
  releaseAll,
  releaseHoldProblem,
  type HoldChanges,
} from '../domain/holds';
import { decideOrder, describeDecision, type DecisionContext } from '../domain/orderDecision';
import { isCancellable, type OrderStatus } from '../domain/orderStatus';
import { priorityKeyFor } from '../domain/priority';
import { HOLD_REASONS, type HoldReason } from '../domain/rules/types';
import { hasLeftWarehouse, planShipments, statusFromShipments } from '../domain/shipments';
import { CompensationStack } from './compensationStack';
import {
  acceptOrderUpdate,
  cancelOrderUpdate,
  correctAddressUpdate,
  placeHoldUpdate,
  reevaluateRulesUpdate,
  releaseHoldUpdate,
  retryIntegrationUpdate,
  skipIntegrationUpdate,
  carrierEventSignal,
  orderStateQuery,
  stockReservedSignal,
  recordPaymentUpdate,
  OrderErrorType,
  type CancelInput,
  type CarrierEvent,
  type PaymentInput,
} from './messages';
import { fulfilmentActivityStubs, orderActivityStubs, type OrderActivityStubs, type PartnerRetryPolicy, type PartnerTaskQueues } from './orderActivities';
import { EscalatedHoldsKey, HoldReasonsKey, IsLateKey, OrderStatusKey, PaymentStatusKey, PriorityClassKey, ShipByKey } from './searchAttributes';

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
  /** Where label buying runs, by priority; omitted: the order's own task queue. */
  fulfillmentTaskQueue?: string;
  /** How long each kind of hold may stay open before it is escalated; defaults in src/domain/holds.ts. */
  holdSlaMs?: Partial<Record<HoldReason, number>>;
  /** Omitted: partner calls run on the order's own task queue. */
  partnerTaskQueues?: PartnerTaskQueues;
}

/**
 * One order from receipt to delivery or cancellation. Business rules live in src/domain; this
 * function only sequences them, waits, and keeps the compensation stack.
 */
export async function orderWorkflow(input: OrderInput, options: OrderWorkflowOptions): Promise<OrderState> {
  const activities = orderActivityStubs(options.partnerRetry, options.partnerTaskQueues);
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
  const publish = publisher();
  const undo = new CompensationStack();
  const carrierEvents: CarrierEvent[] = [];
  // Messages land here; an object rather than lets, so the flow below re-reads them after each wait.
  const inbox: { payment?: PaymentInput; cancel?: CancelInput; stockReserved?: boolean } = {};
  const pendingCancel = (): CancelInput | undefined => inbox.cancel;
  let accepts = 0;
  // Update handlers answer only once what they changed is also in the database.
  let writesInFlight = 0;
  // Writes held back for the next database activity.
  const pending: OrderChanges = { shipments: [], progress: [] };
  const persisted = () => writesInFlight === 0 && pending.shipments.length === 0 && pending.progress.length === 0;
  let ruleContext: DecisionContext | undefined;
  // Bumped on every rules or holds change: the deadline watcher re-plans, timeline keys stay unique.
  let controlVersion = 0;
  let done = false;
  const sla = { ...DEFAULT_HOLD_SLA_MS, ...options.holdSlaMs };
  const receivedAt = workflowInfo().runStartTime.toISOString();
  // Rule evaluations, hold changes and label purchases never interleave.
  const exclusive = serializer();
  const address = (): Address => state.shippingAddress ?? input.shippingAddress;
  // Partner steps that failed past their budget, by step name, with the operator's decision once taken.
  const attention = new Map<string, { system: string; error: string; skippable: boolean; decision?: 'retry' | 'skip'; by?: string; reason?: string }>();
  const requireRules = () => {
    if (!state.rules) throw invalidState('the order has no rule decision yet');
  };

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
  setHandler(
    placeHoldUpdate,
    (request) =>
      exclusive(async () => {
        const problem = placeHoldProblem(state.holds ?? [], request.reason, canStillHold(state));
        if (problem) throw invalidState(problem);
        const note = request.note ? `: ${request.note}` : '';
        await changeHolds(
          { ...noHoldChanges(), placed: [{ reason: request.reason, ...(request.note && { note: request.note }), placedBy: request.placedBy, placedAt: nowIso() }] },
          { type: 'hold_placed', message: `${request.reason} hold placed by ${request.placedBy}${note}`, data: { ...request } },
        );
        return state;
      }),
    {
      validator: (request) => {
        requireRules();
        requireInput(isHoldReason(request?.reason) && isText(request.placedBy), `reason must be one of ${HOLD_REASONS.join(', ')} and placedBy must be given`);
        const problem = placeHoldProblem(state.holds ?? [], request.reason, canStillHold(state));
        if (problem) throw invalidState(problem);
      },
    },
  );
  setHandler(
    releaseHoldUpdate,
    (request) =>
      exclusive(async () => {
        const hold = openHolds(state.holds ?? []).find((h) => h.reason === request.reason);
        if (!hold) throw invalidState(`the order has no open ${request.reason} hold`);
        const note = request.note ? `: ${request.note}` : '';
        await changeHolds(
          { ...noHoldChanges(), released: [{ reason: hold.reason, placedAt: hold.placedAt, releasedAt: nowIso(), releasedBy: request.releasedBy, ...(request.note && { note: request.note }) }] },
          { type: 'hold_released', message: `${request.reason} hold released by ${request.releasedBy}${note}`, data: { ...request } },
        );
        return state;
      }),
    {
      validator: (request) => {
        requireRules();
        requireInput(isHoldReason(request?.reason) && isText(request.releasedBy), `reason must be one of ${HOLD_REASONS.join(', ')} and releasedBy must be given`);
        const problem = releaseHoldProblem(state.holds ?? [], request.reason);
        if (problem) throw invalidState(problem);
      },
    },
  );
  setHandler(
    correctAddressUpdate,
    (request) =>
      exclusive(async () => {
        if (!canCorrectAddress(state)) throw invalidState(`order is ${state.status}; a parcel has left, the address can no longer change`);
        state.shippingAddress = { ...request.address };
        controlVersion += 1;
        await progress(
          {},
          { type: 'address_corrected', message: `Shipping address corrected by ${request.changedBy}`, data: { address: request.address, changedBy: request.changedBy }, dedupeKey: `address:${controlVersion}` },
          { shippingAddress: request.address },
        );
        await relabel();
        await evaluate('address corrected');
        return state;
      }),
    {
      validator: (request) => {
        requireRules();
        requireInput(isText(request?.changedBy) && isText(request.address?.country) && isText(request.address?.line1), 'address (with line1 and country) and changedBy must be given');
        if (!canCorrectAddress(state)) throw invalidState(`order is ${state.status}; a parcel has left, the address can no longer change`);
      },
    },
  );
  setHandler(
    reevaluateRulesUpdate,
    (request) =>
      exclusive(async () => {
        await evaluate(`requested by ${request.requestedBy}`, request.useLatestRules === true);
        return state;
      }),
    {
      validator: (request) => {
        requireRules();
        requireInput(isText(request?.requestedBy), 'requestedBy must be given');
        if (state.status === 'cancelled' || state.status === 'delivered') throw invalidState(`order is ${state.status}`);
      },
    },
  );
  setHandler(
    retryIntegrationUpdate,
    async (request) => {
      const steps = request.step ? [request.step] : [...attention.keys()];
      for (const step of steps) Object.assign(attention.get(step) ?? {}, { decision: 'retry', by: request.requestedBy });
      await condition(() => steps.every((step) => !attention.has(step)) && persisted());
      return state;
    },
    {
      validator: (request) => {
        requireInput(isText(request?.requestedBy), 'requestedBy must be given');
        if (attention.size === 0) throw invalidState(`order is ${state.status}; no step waits for a retry`);
        if (request.step !== undefined && !attention.has(request.step)) throw invalidState(`no failed step "${request.step}"; failed: ${[...attention.keys()].join(', ')}`);
      },
    },
  );
  setHandler(
    skipIntegrationUpdate,
    async (request) => {
      Object.assign(attention.get(request.step)!, { decision: 'skip', by: request.requestedBy, reason: request.reason });
      await condition(() => !attention.has(request.step) && persisted());
      return state;
    },
    {
      validator: (request) => {
        requireInput(isText(request?.requestedBy) && isText(request.step) && isText(request.reason), 'requestedBy, step and reason must be given');
        const entry = attention.get(request.step);
        if (!entry) throw invalidState(`no failed step "${request.step}"; failed: ${[...attention.keys()].join(', ') || 'none'}`);
        if (!entry.skippable) throw invalidState(`"${request.step}" cannot be skipped: a parcel needs its label; retry it or cancel the order`);
      },
    },
  );
  setHandler(carrierEventSignal, (event) => void carrierEvents.push(event));
  setHandler(stockReservedSignal, () => void (inbox.stockReserved = true));

  /** Runs a database activity that also carries the held-back writes, in its transaction. */
  const withPending = async <T>(call: (changes: OrderChanges | undefined) => Promise<T>): Promise<T> => {
    const changes = pending.shipments.length + pending.progress.length > 0 ? { shipments: pending.shipments.splice(0), progress: pending.progress.splice(0) } : undefined;
    writesInFlight += 1;
    try {
      return await call(changes);
    } finally {
      writesInFlight -= 1;
    }
  };
  const flush = () => withPending(async (changes) => changes && db.saveOrderChanges(state.orderId, changes));
  const holdBackShipment = (shipment: ShipmentState, at?: string) =>
    void pending.shipments.push({ shipment: { ...shipment }, service: input.shippingService, ...(at && { at }) });

  /** `later`: held back for the database activity that comes next (the caller makes sure one does). */
  const progress = async (
    patch: Partial<Pick<OrderState, 'status' | 'paymentStatus' | 'fulfillmentStatus' | 'paymentReference' | 'cancelReason'>>,
    event: { type: string; message: string; data?: Record<string, unknown>; dedupeKey?: string },
    control?: ControlPatch,
    later = false,
  ) => {
    Object.assign(state, patch);
    publish(state);
    const timelineEvent = { ...event, dedupeKey: event.dedupeKey ?? event.type };
    const at = new Date().toISOString();
    pending.progress.push({ patch: { ...patch, at }, event: timelineEvent, ...(control && { control }) });
    if (!later) await flush();
  };

  const changeHolds = async (changes: HoldChanges, event: { type: string; message: string; data?: Record<string, unknown> }) => {
    state.holds = applyHoldChanges(state.holds ?? [], changes);
    controlVersion += 1;
    await progress({}, { ...event, dedupeKey: `${event.type}:${controlVersion}` }, { holds: changes });
  };

  /** Runs the rules (the version first used, unless `latest`) and records what they decided. */
  const evaluate = async (trigger: string, latest = false, later = false) => {
    if (!ruleContext || latest) {
      ruleContext = await db.loadRuleContext(input.orderId, latest ? undefined : ruleContext?.ruleSetVersion, input.billingCountry);
    }
    const paymentStatus = input.payment.status === 'paid' ? 'paid' : state.paymentStatus;
    const decision = decideOrder(ruleContext, { ...input, shippingAddress: address() }, { paymentStatus, holds: state.holds ?? [], previous: state.rules }, receivedAt, nowIso());
    state.rules = decision.outcome;
    state.holds = decision.holds;
    controlVersion += 1;
    const { log, evaluations, late: _late, preferredLocationId: _preferred, ...columns } = decision.outcome;
    await progress(
      {},
      {
        type: 'rules_evaluated',
        message: describeDecision(trigger, decision),
        data: {
          trigger,
          ruleSetVersion: ruleContext.ruleSetVersion,
          matched: log.filter((l) => l.matched),
          notMatched: log.filter((l) => !l.matched).map((l) => l.ruleId),
          holdsPlaced: decision.changes.placed.map((h) => h.reason),
          holdsReleased: decision.changes.released.map((h) => h.reason),
        },
        dedupeKey: `rules:${evaluations}`,
      },
      { rules: columns, holds: decision.changes },
      later,
    );
  };

  /** Labels bought for the old address are voided and bought again for the new one. */
  const relabel = async () => {
    for (const shipment of state.shipments.filter((s) => s.status === 'label_created' && s.trackingNumber)) {
      await fulfilment().carrierVoidShipment(input.orderId, shipment.trackingNumber!);
      shipment.labelVersion = (shipment.labelVersion ?? 1) + 1;
      const label = await fulfilment().carrierCreateShipment(carrierOrder(), shipment);
      Object.assign(shipment, { trackingNumber: label.trackingNumber, carrier: label.carrier });
      await db.saveShipment(input.orderId, shipment, input.shippingService);
    }
  };

  const carrierOrder = (): OrderInput => ({ ...input, shippingAddress: address() });
  const fulfilment = () => fulfilmentActivityStubs(options.partnerRetry, options.fulfillmentTaskQueue, priorityKeyFor(state.rules?.priorityClass ?? 'normal'));

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
    await flush();
    // The channel took the money before we had stock for it: give it back.
    if (input.payment.status === 'paid' && state.paymentStatus === 'pending') {
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
    const holdsLeft = openHolds(state.holds ?? []).length > 0 ? releaseAll(state.holds ?? [], SYSTEM_ACTOR, nowIso(), 'order cancelled') : undefined;
    if (holdsLeft) state.holds = applyHoldChanges(state.holds ?? [], holdsLeft);
    await progress(
      {
        status: 'cancelled',
        cancelReason: reason,
        paymentStatus: state.paymentStatus,
        fulfillmentStatus: state.allocations.length > 0 ? 'released' : state.fulfillmentStatus,
      },
      { type: 'cancelled', message: `Order cancelled: ${reason}`, data: { ...data, compensationFailures: failures } },
      holdsLeft && { holds: holdsLeft },
    );
    return finish();
  };

  const refundPayment = () => channel.channelRefund(input.channel, input.externalId, input.orderId, totals.totalMinor, input.currency, 'order cancelled');

  const finish = async () => {
    await flush();
    done = true;
    await condition(allHandlersFinished);
    return state;
  };

  // 1. Record, and decide priority, deadlines and holds by the rules.
  ruleContext = await db.receiveOrder(input, totals);
  state.recorded = true;
  publish(state);
  state.holds = [];
  state.shippingAddress = input.shippingAddress;
  // The decision is written with the reservation below.
  await exclusive(() => evaluate('order received', false, true));
  void watchDeadlines();

  // 2. Reserve, all or nothing; when short, wait in the backorder queue.
  const preferredLocationId = input.fulfillment?.pickupLocationId ?? state.rules?.preferredLocationId;
  let reservation = await withPending((changes) => db.reserveStock(input.orderId, options.backorderPolicy, preferredLocationId, changes));
  if (!reservation.ok) {
    if (reservation.backorderPolicy === 'cancel') {
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
  const inventoryHold = openHolds(state.holds ?? []).find((h) => h.reason === 'inventory');
  const stockArrived: HoldChanges | undefined = inventoryHold && {
    ...noHoldChanges(),
    released: [{ reason: 'inventory', placedAt: inventoryHold.placedAt, releasedAt: nowIso(), releasedBy: SYSTEM_ACTOR }],
  };
  if (stockArrived) state.holds = applyHoldChanges(state.holds ?? [], stockArrived);
  await progress(
    { fulfillmentStatus: 'reserved' },
    { type: 'stock_reserved', message: 'Stock reserved', data: { allocations: reservation.allocations } },
    stockArrived && { holds: stockArrived },
    true,
  );

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
  // Batched: written with the hold gate's or the fulfilment start's write below.
  await progress(
    { paymentStatus: 'paid', paymentReference: inbox.payment!.reference },
    { type: 'paid', message: 'Payment received', data: { reference: inbox.payment!.reference } },
    undefined,
    true,
  );
  // A prepaid order was decided as paid already; a later payment may lift the payment hold.
  if (input.payment.status !== 'paid') await exclusive(() => evaluate('payment received', false, true));
  // 3b. Holds: fraud review, address, manual. The order waits here, reserved and paid.
  if (!(await waitForHolds())) return cancel(inbox.cancel!.reason, { requestedBy: inbox.cancel!.requestedBy });

  // 4. Tell ERP and CRM, and buy labels, in parallel. A pickup (point of sale) has no parcel.
  const pickup = input.fulfillment?.mode === 'pickup';
  state.shipments = pickup ? [] : planShipments(input.orderId, state.allocations);
  state.waitingFor = pickup ? 'ERP and CRM' : 'ERP, CRM and carrier';
  // The parcels are on record before their labels exist, so a carrier event can never outrun them.
  state.shipments.forEach((shipment) => holdBackShipment(shipment));
  await progress({ status: 'fulfilling' }, { type: 'fulfilling', message: 'Fulfilment started' });
  const salesOrder = () =>
    erp.erpCreateSalesOrder(input, totals).then(() =>
      undo.push('ERP credit note', () => erp.erpCreateCreditNote(input.orderId, totals.totalMinor, input.currency, 'order cancelled')),
    );
  const outcomes = await Promise.all([
    critical('ERP', 'ERP sales order', salesOrder),
    critical('CRM', 'CRM order record', () => crm.crmRecordOrder(input, totals)),
    ...state.shipments.map((shipment) =>
      critical('carrier', `label ${shipment.shipmentId}`, () => exclusive(() => buyLabel(fulfilment(), carrierOrder(), shipment, undo, holdBackShipment)), false),
    ),
  ]);
  if (outcomes.includes('cancelled')) return cancel(inbox.cancel!.reason, { requestedBy: inbox.cancel!.requestedBy });
  if (pickup) return handOver();
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
    const queueOptions = { partial: backorderPolicy === 'reserve_available', priorityScore: state.rules?.priorityScore ?? 0 };
    await db.registerBackorder(input.orderId, state.workflowId, shortfall, queueOptions);
    state.waitingFor = 'stock';
    state.allocations = holding;
    const units = shortfall.map((s) => `${s.requested - s.available} × ${s.sku}`).join(', ');
    const held = holding.length > 0 ? `; holding ${holding.map((a) => `${a.quantity} × ${a.sku} at ${a.locationId}`).join(', ')}` : '';
    const outOfStock: HoldChanges = { ...noHoldChanges(), placed: [{ reason: 'inventory', note: `short of ${units}`, placedBy: SYSTEM_ACTOR, placedAt: nowIso() }] };
    state.holds = applyHoldChanges(state.holds ?? [], outOfStock);
    await progress({ status: 'backordered' }, { type: 'backordered', message: `Backordered: short of ${units}${held}`, data: { shortfall, holding } }, { holds: outOfStock });
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

  /**
   * Runs a partner step; when it fails past its retry budget the order needs attention: an
   * integration hold names the system and the error, and an operator retries or skips the step.
   */
  async function critical(system: string, step: string, call: () => Promise<unknown>, skippable = true): Promise<'done' | 'skipped' | 'cancelled'> {
    for (;;) {
      try {
        await call();
        return 'done';
      } catch (err) {
        const error = errorMessage(err);
        attention.set(step, { system, error, skippable });
        await flagAttention(system, step, error);
        await condition(() => attention.get(step)?.decision !== undefined || inbox.cancel !== undefined);
        const entry = attention.get(step)!;
        attention.delete(step);
        if (inbox.cancel) return 'cancelled';
        await settleAttention(step, entry);
        if (entry.decision === 'skip') return 'skipped';
      }
    }
  }

  async function flagAttention(system: string, step: string, error: string): Promise<void> {
    const open = openHolds(state.holds ?? []).some((h) => h.reason === 'integration');
    const changes: HoldChanges | undefined = open
      ? undefined
      : { ...noHoldChanges(), placed: [{ reason: 'integration', note: `${system}: ${step} failed: ${error}`, placedBy: SYSTEM_ACTOR, placedAt: nowIso() }] };
    if (changes) state.holds = applyHoldChanges(state.holds ?? [], changes);
    controlVersion += 1;
    state.waitingFor = `an operator: ${[...attention.keys()].join(', ')} failed`;
    await progress(
      { status: 'needs_attention' },
      { type: 'needs_attention', message: `${system} failed past its retry budget (${step}): ${error}`, data: { system, step, error }, dedupeKey: `needs_attention:${controlVersion}` },
      changes && { holds: changes },
    );
  }

  async function settleAttention(step: string, entry: { decision?: 'retry' | 'skip'; by?: string; reason?: string }): Promise<void> {
    const hold = attention.size === 0 ? openHolds(state.holds ?? []).find((h) => h.reason === 'integration') : undefined;
    const changes: HoldChanges | undefined = hold && {
      ...noHoldChanges(),
      released: [{ reason: 'integration', placedAt: hold.placedAt, releasedAt: nowIso(), releasedBy: entry.by ?? SYSTEM_ACTOR }],
    };
    if (changes) state.holds = applyHoldChanges(state.holds ?? [], changes);
    controlVersion += 1;
    if (attention.size === 0) state.waitingFor = undefined;
    const message = entry.decision === 'skip' ? `${step} skipped by ${entry.by}: ${entry.reason}` : `${step} retried by ${entry.by}`;
    await progress(
      attention.size === 0 ? { status: 'fulfilling' } : {},
      { type: entry.decision === 'skip' ? 'integration_skipped' : 'integration_retried', message, data: { step, by: entry.by, reason: entry.reason }, dedupeKey: `attention:${controlVersion}` },
      changes && { holds: changes },
    );
  }

  /** Point of sale: the customer took the goods at the store, so the stock leaves now and the order is done. */
  async function handOver(): Promise<OrderState> {
    for (const locationId of new Set(state.allocations.map((a) => a.locationId))) await db.commitShipmentStock(input.orderId, locationId);
    state.waitingFor = undefined;
    await progress({ status: 'delivered', fulfillmentStatus: 'delivered' }, { type: 'picked_up', message: `Handed over at ${input.fulfillment?.pickupLocationId}` });
    return finish();
  }

  /** Holds the order at the gate until every hold is released (or a cancel arrives); false on cancel. */
  async function waitForHolds(): Promise<boolean> {
    if (openHolds(state.holds ?? []).length === 0) return true;
    const reasons = openReasons(state.holds ?? []).join(', ');
    state.waitingFor = `release of holds: ${reasons}`;
    await progress({ status: 'on_hold' }, { type: 'on_hold', message: `On hold: ${reasons}`, data: { reasons: openReasons(state.holds ?? []) }, dedupeKey: `on_hold:${controlVersion}` });
    await condition(() => openHolds(state.holds ?? []).length === 0 || inbox.cancel !== undefined);
    state.waitingFor = undefined;
    return inbox.cancel === undefined;
  }

  /** Escalates holds that outlive their SLA and marks the order late when its ship-by passes. */
  async function watchDeadlines(): Promise<void> {
    while (!done) {
      const seen = controlVersion;
      const shipBy = state.rules?.shipBy && !state.rules.late && !hasShipped(state.status) ? Date.parse(state.rules.shipBy) : undefined;
      const next = Math.min(nextEscalationAt(state.holds ?? [], sla) ?? Infinity, shipBy ?? Infinity);
      const changed = () => done || controlVersion !== seen;
      if (next === Infinity) {
        await condition(changed);
        continue;
      }
      if (next > Date.now() && (await condition(changed, next - Date.now()))) continue;
      if (done) return;
      await exclusive(async () => {
        const due = holdsToEscalate(state.holds ?? [], sla, Date.now());
        if (due.length > 0) {
          const escalated = due.map((h) => ({ reason: h.reason, placedAt: h.placedAt, escalatedAt: nowIso() }));
          await changeHolds({ ...noHoldChanges(), escalated }, { type: 'hold_escalated', message: `Hold open past its SLA: ${due.map((h) => h.reason).join(', ')}`, data: { reasons: due.map((h) => h.reason) } });
        }
        const rules = state.rules;
        if (rules?.shipBy && !rules.late && !hasShipped(state.status) && Date.now() >= Date.parse(rules.shipBy)) {
          rules.late = true;
          controlVersion += 1;
          await progress({}, { type: 'late', message: `Not shipped by its ship-by deadline ${rules.shipBy}`, data: { shipBy: rules.shipBy }, dedupeKey: 'late' });
        }
      });
    }
  }

  function shipmentFor(event: CarrierEvent): ShipmentState | undefined {
    // A voided label's parcel (address corrected) shares the shipment ID but not the tracking number.
    return state.shipments.find((s) =>
      event.shipmentId ? s.shipmentId === event.shipmentId && s.trackingNumber === event.trackingNumber : s.trackingNumber === event.trackingNumber,
    );
  }

  /** One database activity per event: the stock commit (or a flush) carries the parcel and status writes. */
  async function applyCarrierEvent(event: CarrierEvent): Promise<void> {
    const shipment = shipmentFor(event);
    if (!shipment) return;
    if (event.type === 'exception') {
      await progress({}, { type: 'carrier_exception', message: `Carrier reported an exception for ${shipment.trackingNumber}`, dedupeKey: `exception:${event.trackingNumber}:${event.at}` });
      return;
    }
    const leaving = (event.type === 'dispatched' || event.type === 'delivered') && !hasLeftWarehouse(shipment);
    if (leaving) shipment.status = 'dispatched';
    if (event.type === 'in_transit' && shipment.status === 'dispatched') shipment.status = 'in_transit';
    if (event.type === 'delivered' && shipment.status !== 'delivered') shipment.status = 'delivered';
    holdBackShipment(shipment, event.at);
    const next = statusFromShipments(state.shipments);
    if (next !== state.status) {
      const patch = { status: next, fulfillmentStatus: next === 'fulfilling' ? state.fulfillmentStatus : next };
      await progress(patch, { type: next, message: describeStatus(next), data: { trackingNumber: shipment.trackingNumber } }, undefined, true);
    }
    if (!leaving) return void (await flush());
    await withPending((changes) => db.commitShipmentStock(input.orderId, shipment.locationId, changes));
    await tellPartnersDispatched(shipment);
  }

  async function tellPartnersDispatched(shipment: ShipmentState): Promise<void> {
    await Promise.all([
      bestEffort(`ERP invoice for ${shipment.shipmentId}`, () => erp.erpCreateInvoice(input.orderId, shipment)),
      bestEffort(`channel fulfilment for ${shipment.shipmentId}`, () => channel.channelConfirmFulfillment(input.channel, input.externalId, input.orderId, shipment)),
    ]);
  }
}

/** The parcel's row was written with the fulfilment start, before its label exists, so a carrier event can never outrun it. */
async function buyLabel(
  carrier: OrderActivityStubs['carrier'],
  input: OrderInput,
  shipment: ShipmentState,
  undo: CompensationStack,
  save: (shipment: ShipmentState) => unknown,
): Promise<void> {
  const label = await carrier.carrierCreateShipment(input, shipment);
  Object.assign(shipment, { trackingNumber: label.trackingNumber, carrier: label.carrier, status: 'label_created' });
  undo.push(`void label ${label.trackingNumber}`, async () => {
    // The label of the moment: an address correction may have replaced the first one.
    await carrier.carrierVoidShipment(input.orderId, shipment.trackingNumber ?? label.trackingNumber);
    shipment.status = 'voided';
    await save(shipment);
  });
  await save(shipment);
}

const REFUND_STEP = 'refund payment';

const nowIso = () => new Date().toISOString();
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isHoldReason = (v: unknown): v is HoldReason => (HOLD_REASONS as readonly unknown[]).includes(v);
const hasShipped = (status: OrderStatus) => status === 'shipped' || status === 'delivered' || status === 'cancelled';
/** Holds stop an order only until its fulfilment starts. */
const canStillHold = (state: OrderState) => ['received', 'backordered', 'awaiting_payment', 'on_hold'].includes(state.status);
const canCorrectAddress = (state: OrderState) => isCancellable(state.status) && !state.shipments.some(hasLeftWarehouse);

function invalidState(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: OrderErrorType.InvalidState, message, nonRetryable: true });
}

function requireInput(okay: boolean, message: string): void {
  if (!okay) throw ApplicationFailure.create({ type: OrderErrorType.InvalidInput, message, nonRetryable: true });
}

/** Runs async steps one at a time, in call order (deterministic: plain promise chaining). */
function serializer() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(step: () => Promise<T>): Promise<T> => {
    const run = tail.then(step, step);
    tail = run.catch(() => undefined);
    return run;
  };
}

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

/**
 * Keeps the Temporal UI's search attributes and "current details" in step with the order. Only
 * the attributes whose value changed are upserted (each upsert is a history event and a visibility write).
 */
function publisher(): (state: OrderState) => void {
  const last = new Map<string, string>();
  return (state) => publish(state, last);
}

function publish(state: OrderState, last: Map<string, string>): void {
  // Only attributes the order was started with: a server without them (the time-skipping test
  // server) would otherwise reject the workflow task.
  const present = workflowInfo().typedSearchAttributes;
  const updates: SearchAttributeUpdatePair[] = [
    { key: OrderStatusKey, value: state.status },
    { key: PaymentStatusKey, value: state.paymentStatus },
  ].filter((u) => present.get(u.key) !== undefined);
  const rules = state.rules;
  if (rules && present.get(OrderStatusKey) !== undefined) {
    const open = openHolds(state.holds ?? []);
    updates.push(
      { key: PriorityClassKey, value: rules.priorityClass },
      { key: HoldReasonsKey, value: openReasons(open) },
      { key: EscalatedHoldsKey, value: openReasons(open.filter((h) => h.escalatedAt !== undefined)) },
      { key: IsLateKey, value: rules.late },
      { key: ShipByKey, value: rules.shipBy ? new Date(rules.shipBy) : null },
    );
  }
  const changed = updates.filter((u) => last.get(u.key.name) !== JSON.stringify(u.value));
  changed.forEach((u) => last.set(u.key.name, JSON.stringify(u.value)));
  if (changed.length > 0) upsertSearchAttributes(changed);
  const parcels = state.shipments.map((s) => `${s.locationId}: ${s.status}${s.trackingNumber ? ` (${s.trackingNumber})` : ''}`);
  const holds = openHolds(state.holds ?? []).map((h) => `${h.reason}${h.escalatedAt ? ' (ESCALATED)' : ''} since ${h.placedAt}${h.note ? ` – ${h.note}` : ''}`);
  setCurrentDetails(
    [
      `**${describeStatus(state.status)}**`,
      `payment: ${state.paymentStatus}, fulfilment: ${state.fulfillmentStatus}`,
      state.waitingFor ? `waiting for: ${state.waitingFor}` : '',
      holds.length > 0 ? `holds: ${holds.join('; ')}` : '',
      rules ? `priority: ${rules.priorityClass} (${rules.priorityScore})${rules.shipBy ? `, ship by ${rules.shipBy}${rules.late ? ' – LATE' : ''}` : ''}, rules v${rules.ruleSetVersion}` : '',
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
