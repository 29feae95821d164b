/** Response shapes of orders: the summary and the full order with its money, holds and the lists of them. */
import type { JsonSchema } from './registry';
import { arr, bool, int, money, nullable, num, obj, ref, str, time } from './schemaBuilders';

const discount = obj({ code: str, title: str, amount: money, shopAmount: money }, ['code', 'title', 'shopAmount']);
const taxLine = obj({ title: str, rate: { type: 'string', description: 'as the channel sent it, e.g. "0.06"' }, amount: money, shopAmount: money }, ['shopAmount']);

const hold = obj({ reason: str, note: nullable(str), placedBy: str, placedAt: time, releasedAt: nullable(time), releasedBy: nullable(str), escalated: bool });

const orderSummary = obj({
  orderId: { type: 'string', format: 'uuid' },
  workflowId: str,
  channel: str,
  externalId: str,
  status: str,
  paymentStatus: str,
  fulfillmentStatus: str,
  currency: str,
  total: money,
  priorityClass: str,
  priorityScore: int,
  shipBy: nullable(time),
  late: bool,
  tags: arr(str),
  placedAt: time,
  createdAt: time,
  updatedAt: time,
});

const order: JsonSchema = {
  allOf: [
    ref('OrderSummary'),
    obj({
      customer: obj({ id: str, email: { ...nullable(str), description: 'null: the channel sent none (a till, a guest, a masked buyer)' }, name: nullable(str), tier: str }),
      subtotal: { ...money, description: 'unit price x quantity of every line, before discounts' },
      shipping: { ...money, description: 'the shipping lines before their discounts' },
      discounts: { ...money, description: 'line and shipping discounts (order-level discounts are allocated to the lines)' },
      tax: {
        ...money,
        description: 'line and shipping tax; with taxesIncluded it is inside the prices, not added. total = subtotal - discounts + shipping + tax (unless included)',
      },
      taxesIncluded: bool,
      shopCurrency: nullable(str),
      shopTotal: { ...nullable(money), description: 'the total in shopCurrency, when the channel sent every shop amount' },
      shippingLines: arr(
        obj({ service: str, price: money, shopPrice: money, discounts: arr(discount), taxLines: arr(taxLine), discountTotal: money, tax: money, total: money }, ['shopPrice']),
      ),
      channelTotals: {
        ...nullable(obj({ total: money, tax: money, discounts: money }, ['tax', 'discounts'])),
        description: 'what the channel said the customer owes, when it said so',
      },
      shippingService: str,
      shippingAddress: { type: 'object' },
      paymentReference: nullable(str),
      payment: obj({
        status: { type: 'string', enum: ['pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided', 'failed'] },
        capturePolicy: {
          ...nullable({ type: 'string', enum: ['on_order', 'on_shipment'] }),
          description: "the channel's capture policy for an authorized order; null for a paid or pending one",
        },
        transactions: arr(
          obj({
            kind: { type: 'string', enum: ['authorization', 'capture', 'sale', 'void', 'refund'] },
            amount: money,
            source: { type: 'string', enum: ['channel', 'gateway'], description: "channel: reported with the order; gateway: the hub's own call" },
            gateway: nullable(str),
            reference: nullable(str),
            shipmentId: nullable(str),
            at: time,
          }),
        ),
      }),
      cancelReason: nullable(str),
      paidAt: nullable(time),
      shippedAt: nullable(time),
      deliveredAt: nullable(time),
      cancelledAt: nullable(time),
      ruleSetVersion: nullable(int),
      holds: arr(ref('Hold')),
      lines: arr(
        obj({
          lineNo: int,
          sku: str,
          quantity: int,
          channelLineId: nullable(str),
          unitPrice: money,
          shopUnitPrice: nullable(money),
          subtotal: { ...money, description: 'unit price x quantity' },
          discounts: arr(discount),
          taxLines: arr(taxLine),
          discountTotal: money,
          tax: money,
          lineTotal: { ...money, description: 'subtotal - discounts (+ tax unless taxesIncluded)' },
          cancelledQuantity: { ...int, description: 'units cancelled by partial cancels (POST …/cancel with lines)' },
          refunded: { ...money, description: 'money returned for those units: their per-unit shares, tax included' },
        }),
      ),
      partialRefunds: arr(
        obj({
          requestId: str,
          at: time,
          reason: str,
          amount: money,
          tax: money,
          lines: arr(obj({ lineNo: int, sku: str, quantity: int, amount: money })),
        }),
      ),
      shipments: arr(
        obj({
          shipmentId: str,
          locationId: str,
          carrier: nullable(str),
          service: nullable(str),
          trackingNumber: nullable(str),
          status: str,
          dispatchedAt: nullable(time),
          deliveredAt: nullable(time),
        }),
      ),
      timeline: arr(obj({ at: time, type: str, message: str, data: {} })),
      returns: { ...arr(ref('ReturnSummary')), description: 'its returns, oldest first (GET /api/v1/returns/{returnId} for the lines)' },
    }),
  ],
};

export const orderResponseSchemas: Record<string, JsonSchema> = {
  Hold: hold,
  OrderSummary: orderSummary,
  Order: order,
  OrderAccepted: obj({ orderId: { type: 'string', format: 'uuid' }, workflowId: str, status: str }),
  OrderList: obj({
    items: arr({ allOf: [ref('OrderSummary'), obj({ customerName: nullable(str), customerEmail: nullable(str) })] }),
    nextCursor: nullable(str),
  }),
  HoldList: obj({
    items: arr(
      obj({
        holdId: str,
        orderId: str,
        workflowId: str,
        channel: str,
        externalId: str,
        reason: str,
        note: nullable(str),
        placedBy: str,
        placedAt: time,
        releasedAt: nullable(time),
        releasedBy: nullable(str),
        escalated: bool,
        ageSeconds: num,
      }),
    ),
    countsByReason: arr(obj({ reason: str, count: int })),
  }),
  FulfillmentQueue: obj({
    items: arr(
      obj({
        orderId: str,
        workflowId: str,
        channel: str,
        externalId: str,
        customerName: nullable(str),
        status: str,
        priorityClass: str,
        priorityScore: int,
        shipBy: nullable(time),
        late: bool,
        total: money,
        currency: str,
        placedAt: time,
        tags: arr(str),
        parcels: arr(obj({ shipmentId: str, locationId: str, status: str })),
      }),
    ),
  }),
};
