import type { JsonSchema } from './registry';

/*
 * Response shapes, written by hand: responses are built by the services, not by zod schemas. They
 * name every field the README promises; nested details stay loose (object) where the hub passes
 * stored JSON through.
 */

const str: JsonSchema = { type: 'string' };
const int: JsonSchema = { type: 'integer' };
const num: JsonSchema = { type: 'number' };
const bool: JsonSchema = { type: 'boolean' };
const time: JsonSchema = { type: 'string', format: 'date-time' };
const money: JsonSchema = { type: 'string', description: 'decimal string, e.g. "19.99"' };
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const arr = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
/** Every listed property is present in the answer (null where README says "or null"). */
const obj = (properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
});

export const errorSchema = obj(
  {
    error: { type: 'string', description: 'machine-readable code, e.g. validation_failed, not_found, invalid_order_state' },
    message: str,
    fields: { ...arr(obj({ field: { type: 'string', description: 'e.g. body.lines.0.quantity' }, message: str })), description: 'only when specific fields are at fault' },
  },
  ['fields'],
);

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
    }),
  ],
};

const ruleVersionMeta = { version: int, comment: nullable(str), createdBy: str, createdAt: time };

/** Shared response components, referenced by name from the operations. */
export const responseSchemas: Record<string, JsonSchema> = {
  Error: errorSchema,
  Hold: hold,
  OrderSummary: orderSummary,
  Order: order,
  OrderAccepted: obj({ orderId: { type: 'string', format: 'uuid' }, workflowId: str, status: str }),
  OrderList: obj({ items: arr(ref('OrderSummary')), nextCursor: nullable(str) }),
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
  RuleSet: obj({ ...ruleVersionMeta, rules: arr(ref('Rule')) }),
  RuleVersionList: obj({ items: arr(obj(ruleVersionMeta)) }),
  RulePreview: obj({ ruleSetVersion: nullable(int), facts: { type: 'object' }, risk: { type: 'object' }, decision: { type: 'object' } }),
  SummaryReport: obj({
    ordersByChannelAndStatus: arr({ type: 'object' }),
    timeToShip: obj({ count: int, medianSeconds: nullable(num), p95Seconds: nullable(num) }),
    onTimeShip: obj({ shipped: int, withShipBy: int, onTime: int, rate: nullable(num) }),
    cancellationsByReason: arr({ type: 'object' }),
    // Per channel and currency; amounts are decimal strings in that currency (never summed across currencies).
    salesByChannel: arr(obj({ channel: str, currency: str, orders: int, netSales: str, discounts: str, tax: str, refunds: str })),
  }),
  Stock: obj({
    sku: str,
    name: str,
    locations: arr(obj({ locationId: str, onHand: int, reserved: int, available: int })),
    totalOnHand: int,
    totalReserved: int,
    totalAvailable: int,
    channels: arr(obj({ channel: str, sellable: int })),
  }),
  AdjustmentResult: {
    allOf: [ref('Stock')],
    type: 'object',
    properties: {
      adjustment: obj({
        adjustmentId: nullable(str),
        locationId: str,
        delta: { type: 'integer', description: 'the on-hand change it made (a cycle count: counted minus what was on hand)' },
        reason: str,
        note: nullable(str),
        at: time,
        replayed: { type: 'boolean', description: 'true: this adjustment was applied before (same adjustmentId or Idempotency-Key) and was not applied again' },
      }),
    },
    required: ['adjustment'],
  },
  StockList: obj({ items: arr(obj({ sku: str, name: str, totalOnHand: int, totalReserved: int, totalAvailable: int })) }),
  Ledger: obj({
    sku: str,
    entries: arr(obj({ at: time, locationId: str, onHandDelta: int, reservedDelta: int, reason: str, orderId: nullable(str), note: nullable(str), adjustmentId: nullable(str) })),
  }),
  BackorderPolicyView: obj({ channel: str, backorderPolicy: nullable(str), effective: str }),
  CarrierEventResult: obj({ accepted: bool, orderId: str, reason: str }, ['reason']),
  ChannelOrderResult: obj({
    orderId: { type: 'string', format: 'uuid' },
    workflowId: str,
    status: str,
    created: { type: 'boolean', description: 'false: a repeat delivery of an order already received' },
  }),
  Health: obj({ status: { enum: ['ok', 'degraded'] }, database: obj({ ok: bool }), temporal: obj({ ok: bool }) }),
  DashboardConfig: obj({ temporalUiUrl: str, namespace: str }),
  Product: obj({
    sku: str,
    name: str,
    category: nullable(str),
    barcode: nullable(str),
    weightGrams: nullable(int),
    requiresShipping: { ...bool, description: 'the default of an order line of it that does not say' },
    createdAt: time,
    updatedAt: time,
  }),
  ProductList: obj({ items: arr(ref('Product')), nextCursor: { ...nullable(str), description: 'the last SKU of this page: pass it as cursor' } }),
  ProductImport: obj({ created: int, updated: int, total: int }),
  Location: obj({
    id: str,
    name: str,
    kind: { enum: ['warehouse', 'store'] },
    address: nullable({ type: 'object' }),
    country: str,
    region: nullable(str),
    priority: int,
    servesPickup: bool,
    createdAt: time,
    updatedAt: time,
  }),
  LocationList: obj({ items: arr(ref('Location')) }),
  Channel: obj({
    id: str,
    name: str,
    kind: str,
    platform: { enum: ['shopify', 'amazon', 'ebay', 'pos', 'generic'] },
    capturePolicy: str,
    backorderPolicy: nullable(str),
    buffer: obj({ safetyStock: int, percent: int, maxListed: nullable(int), locationIds: arr(str) }),
    settings: { type: 'object', description: 'the platform identity (never secrets)' },
    secretName: nullable(str),
    createdAt: time,
    updatedAt: time,
  }),
  ChannelList: obj({ items: arr(ref('Channel')) }),
  Listing: obj({
    listingId: str,
    channel: str,
    sku: str,
    channelSku: nullable(str),
    variantId: nullable(str),
    inventoryItemId: nullable(str),
    asin: nullable(str),
    legacyItemId: nullable(str),
    legacyVariationId: nullable(str),
    offerId: nullable(str),
    createdAt: time,
    updatedAt: time,
  }),
  ListingList: obj({ items: arr(ref('Listing')), nextCursor: nullable(str) }),
  Me: obj({ name: str, role: { enum: ['admin', 'ops', 'carrier', 'channel'] }, channel: nullable(str), keyId: str }),
};
