import type { Db } from '../db/prisma';
import { directSql, type SqlQueryable } from '../db/directSql';
import { insertInto, jsonb } from '../db/insertRows';
import { Prisma } from '../generated/prisma/client';
import type { HoldChanges } from '../domain/holds';
import type { Address, OrderInput, OrderState, OrderTotals, RulesOutcome, ShipmentState } from '../domain/order';
import { canTransition, isOrderStatus } from '../domain/orderStatus';
import { orderWorkflowId } from '../domain/ids';
import { initialPaymentStatus, isAuthorizedPayment, type PaymentTransaction } from '../domain/payment';
import { upsertOrderCustomer } from './customerUpsert';
import { channelTransactions, paymentTransactionsInsert, savePaymentTransactions } from './paymentTransactionRows';
import { lineMoneyColumns, orderMoneyColumns } from './orderMoneyRows';

export interface ProgressPatch extends Partial<Pick<OrderState, 'status' | 'paymentStatus' | 'fulfillmentStatus' | 'paymentReference' | 'cancelReason'>> {
  at: string;
}

export interface TimelineEvent {
  type: string;
  message: string;
  data?: Record<string, unknown>;
  /** Same key, same event: a retried activity writes it once. */
  dedupeKey: string;
}

/** Rules, holds and address changes that travel with a progress write, in the same transaction. */
export interface ControlPatch {
  rules?: Pick<RulesOutcome, 'ruleSetVersion' | 'priorityClass' | 'priorityScore' | 'shipBy' | 'tags'>;
  holds?: HoldChanges;
  shippingAddress?: Address;
  /** The hub's own payment transactions through the gateway (captures, voids, refunds). */
  transactions?: PaymentTransaction[];
}

/** Stable per order, reason and time placed, so a retried write inserts a hold once. */
export const holdId = (orderId: string, reason: string, placedAt: string) => `${orderId}:${reason}:${placedAt}`;

export const orderLineId = (orderId: string, lineNo: number) => `${orderId}:${lineNo}`;

/** The order's durable read model: rows the API lists and reports from. Every write is idempotent. */
export function createOrderStoreActivities(db: Db) {
  return {
    async recordOrder(input: OrderInput, totals: OrderTotals): Promise<void> {
      await recordOrder(db, input, totals);
    },

    async saveOrderProgress(orderId: string, patch: ProgressPatch, event: TimelineEvent, control?: ControlPatch): Promise<void> {
      await db.$transaction((tx) => writeProgress(tx, orderId, { patch, event, control }));
    },

    async saveShipment(orderId: string, shipment: ShipmentState, service: string, at?: string): Promise<void> {
      await writeShipment(db, orderId, { shipment, service, at });
    },

    /**
     * The mapLines update: each line gets its hub SKU (and whether it ships) and stops being
     * unmapped. Idempotent: a retry writes the same values.
     */
    async mapOrderLines(orderId: string, lines: { lineNo: number; sku: string; requiresShipping: boolean }[]): Promise<void> {
      await db.$transaction(async (tx) => {
        for (const l of lines) {
          await tx.orderLine.updateMany({ where: { orderId, lineNo: l.lineNo }, data: { sku: l.sku, requiresShipping: l.requiresShipping, unmapped: Prisma.DbNull } });
        }
      });
    },

    /** Several read-model writes the workflow gathered, in one transaction (see OrderChanges). */
    async saveOrderChanges(orderId: string, changes: OrderChanges): Promise<void> {
      await db.$transaction((tx) => applyOrderChanges(tx, orderId, changes));
    },
  };
}

export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** An unmapped line keeps the channel's ids until the catalog maps it (src/api/catalog/unmappedLines.ts). */
function unmappedColumn(input: OrderInput, lineNo: number) {
  const line = input.unmappedLines?.find((u) => u.lineNo === lineNo);
  if (!line) return null;
  return jsonb({ listing: { ...(line.listing ?? { channelSku: line.sku }) }, ...(line.requiresShipping !== undefined && { requiresShipping: line.requiresShipping }) });
}

/**
 * The order, its lines, its customer and the `received` event; a repeat changes nothing. Every
 * order row is written with all of these in one statement (writeReceivedOrder: the API's accept,
 * an exchange's replacement), so an order row that is there means all of it is: the usual case, the
 * workflow's receiveOrder after the accept, costs one read instead of writes that would change
 * nothing.
 */
export async function recordOrder(db: Db, input: OrderInput, totals: OrderTotals): Promise<void> {
  const [recorded] = await directSql(db, Prisma.sql`SELECT 1 AS recorded FROM orders WHERE id = ${input.orderId}`);
  if (recorded) return;
  // No transaction around it: the customer step need not commit with the order, and the rest is one statement.
  await writeReceivedOrder(db, input, totals);
}

/**
 * recordOrder's writes: the API writes the order when it accepts it (with its workflow start as
 * `alsoInsert`, src/api/orders/orderIntake.ts), an exchange writes its replacement, and a repeat
 * changes nothing. Two steps, whatever the caller's transaction:
 * 1. the customer (src/activities/customerUpsert.ts): usually one read, a write only for a new or
 *    changed customer; repeating it is harmless, so it need not commit with the order;
 * 2. everything else in ONE statement (data-modifying CTEs, which PostgreSQL applies atomically, the
 *    foreign keys checked at its end): the order row, its lines, the channel's payment transactions,
 *    the `received` event and `alsoInsert`. Every row has a stable key and skips a duplicate, except
 *    a second order for the same channel order (a unique violation, nothing written).
 * One statement instead of a transaction of ~8 is what keeps the accept a few round trips under a
 * flash sale (docs/performance.md); raw statements because Prisma's client cost about a millisecond
 * of CPU per statement.
 */
export async function writeReceivedOrder(q: SqlQueryable, input: OrderInput, totals: OrderTotals, alsoInsert: Prisma.Sql[] = []): Promise<void> {
  const now = new Date();
  const customerId = await upsertOrderCustomer(q, input);
  const order = {
    id: input.orderId,
    workflow_id: orderWorkflowId(input.channel, input.externalId),
    channel_id: input.channel,
    external_id: input.externalId,
    customer_id: customerId,
    status: 'received',
    payment_status: initialPaymentStatus(input.payment),
    capture_policy: isAuthorizedPayment(input.payment) ? (input.payment.capturePolicy ?? 'on_order') : null,
    fulfillment_status: 'unfulfilled',
    currency: input.currency,
    ...orderMoneyColumns(input, totals),
    shipping_service: input.shippingService,
    shipping_address: jsonb(input.shippingAddress),
    fulfillment_mode: input.fulfillment?.mode ?? 'ship',
    pickup_location_id: input.fulfillment?.pickupLocationId ?? null,
    placed_at: new Date(input.placedAt),
    created_at: now,
    updated_at: now,
  };
  const lineMoney = lineMoneyColumns(input);
  const lines = input.lines.map((l) => ({
    id: orderLineId(input.orderId, l.lineNo),
    order_id: input.orderId,
    line_no: l.lineNo,
    sku: l.sku,
    quantity: l.quantity,
    unit_price_minor: l.unitPriceMinor,
    ...lineMoney.get(l.lineNo)!,
    requires_shipping: l.requiresShipping !== false,
    unmapped: unmappedColumn(input, l.lineNo),
  }));
  const received = {
    order_id: input.orderId,
    type: 'received',
    message: `Order received from ${input.channel}`,
    data: jsonb({ externalId: input.externalId }),
    dedupe_key: 'received',
    at: now,
  };
  const transactions = paymentTransactionsInsert(input.orderId, channelTransactions(input));
  const inserts = [
    Prisma.sql`${insertInto('orders', [order])} ON CONFLICT (id) DO NOTHING`,
    // A line's id is the order's and its number: a repeat finds the lines the first write made with the order.
    Prisma.sql`${insertInto('order_lines', lines)} ON CONFLICT DO NOTHING`,
    ...(transactions ? [transactions] : []),
    Prisma.sql`${insertInto('order_events', [received])} ON CONFLICT DO NOTHING`,
    ...alsoInsert,
  ];
  await directSql(q, Prisma.sql`WITH ${Prisma.join(inserts.map((insert, i) => Prisma.sql`${Prisma.raw(`w${i}`)} AS (${insert})`))} SELECT 1`);
}

export interface ProgressWrite {
  patch: ProgressPatch;
  event: TimelineEvent;
  control?: ControlPatch;
}

export interface ShipmentWrite {
  shipment: ShipmentState;
  service: string;
  at?: string;
}

/**
 * Read-model writes the workflow held back until its next database activity, so that one
 * activity (and one transaction) carries them: parcels first, then progress in the order made.
 */
export interface OrderChanges {
  shipments: ShipmentWrite[];
  progress: ProgressWrite[];
}

export async function applyOrderChanges(tx: Tx, orderId: string, changes: OrderChanges | undefined): Promise<void> {
  if (!changes) return;
  for (const s of changes.shipments) await writeShipment(tx, orderId, s);
  await writeProgress(tx, orderId, ...changes.progress);
}

/**
 * Progress writes, in the order made, as one row lock, one update and one insert of their
 * timeline events (each write once took all three): the row ends as the writes one after
 * another would leave it, and each status change is checked against the status before it.
 */
async function writeProgress(tx: Tx, orderId: string, ...writes: ProgressWrite[]): Promise<void> {
  if (writes.length === 0) return;
  const [current] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM orders WHERE id = ${orderId} FOR UPDATE`;
  if (!current) throw new Error(`order ${orderId} is not recorded`);
  let status = current.status;
  const data: Prisma.OrderUpdateInput = {};
  for (const write of writes) {
    // A write that arrives late (a retried activity) must not move the read model backwards.
    const statusOk = !write.patch.status || !isOrderStatus(status) || canTransition(status, write.patch.status);
    Object.assign(data, progressColumns(write, statusOk));
    if (statusOk && write.patch.status) status = write.patch.status;
  }
  await tx.order.update({ where: { id: orderId }, data });
  for (const { control } of writes) {
    if (control?.holds) await saveHoldChanges(tx, orderId, control.holds);
    if (control?.transactions) await savePaymentTransactions(tx, orderId, control.transactions);
  }
  await tx.orderEvent.createMany({
    data: writes.map(({ patch, event }) => ({
      orderId,
      type: event.type,
      message: event.message,
      data: (event.data ?? undefined) as object | undefined,
      dedupeKey: event.dedupeKey,
      at: new Date(patch.at),
    })),
    skipDuplicates: true,
  });
}

/** The order columns one progress write sets; a refused status change leaves the status (and its timestamp) out. */
function progressColumns({ patch, control }: ProgressWrite, statusOk: boolean): Prisma.OrderUpdateInput {
  const at = new Date(patch.at);
  const { at: _at, status, ...fields } = patch;
  return {
    ...fields,
    ...(statusOk && status && { status }),
    ...(patch.paymentStatus === 'paid' && { paidAt: at }),
    ...(statusOk && status === 'shipped' && { shippedAt: at }),
    ...(statusOk && status === 'delivered' && { deliveredAt: at }),
    ...(statusOk && status === 'cancelled' && { cancelledAt: at }),
    ...(control?.rules && {
      ruleSetVersion: control.rules.ruleSetVersion,
      priorityClass: control.rules.priorityClass,
      priorityScore: control.rules.priorityScore,
      shipBy: control.rules.shipBy ? new Date(control.rules.shipBy) : null,
      tags: control.rules.tags,
    }),
    ...(control?.shippingAddress && { shippingAddress: { ...control.shippingAddress } }),
  };
}

async function writeShipment(db: Db | Tx, orderId: string, { shipment, service, at }: ShipmentWrite): Promise<void> {
  const when = at ? new Date(at) : new Date();
  const fields = {
    carrier: shipment.carrier ?? 'unassigned',
    trackingNumber: shipment.trackingNumber ?? null,
    status: shipment.status,
    ...(shipment.status === 'dispatched' && { dispatchedAt: when }),
    ...(shipment.status === 'delivered' && { deliveredAt: when }),
  };
  await db.shipment.upsert({
    where: { id: shipment.shipmentId },
    create: { id: shipment.shipmentId, orderId, locationId: shipment.locationId, service, ...fields },
    update: fields,
  });
}

async function saveHoldChanges(tx: Tx, orderId: string, changes: HoldChanges): Promise<void> {
  for (const r of changes.released) {
    await tx.orderHold.updateMany({
      where: { orderId, reason: r.reason, placedAt: new Date(r.placedAt), releasedAt: null },
      data: { releasedAt: new Date(r.releasedAt), releasedBy: r.releasedBy },
    });
  }
  for (const e of changes.escalated) {
    await tx.orderHold.updateMany({ where: { orderId, reason: e.reason, placedAt: new Date(e.placedAt), escalatedAt: null }, data: { escalatedAt: new Date(e.escalatedAt) } });
  }
  if (changes.placed.length > 0) {
    await tx.orderHold.createMany({
      data: changes.placed.map((h) => ({
        id: holdId(orderId, h.reason, h.placedAt),
        orderId,
        reason: h.reason,
        note: h.note,
        placedBy: h.placedBy,
        placedAt: new Date(h.placedAt),
      })),
      skipDuplicates: true,
    });
  }
}
