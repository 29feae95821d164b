import { channelParams } from '../channels/router';
import type { JsonSchema, Operation } from './registry';
import { ref } from './responses';
import { STORABLE_JSON, withStorableRules } from './storableJson';

/*
 * A channel's native order payload, mapped by src/channels/<channel>.ts. The adapters check every
 * field themselves (and name it in the 400), so the shapes here are loose: the identifying fields
 * of each channel's format, anything else allowed.
 */
const shape = (title: string, description: string, required: string[]): JsonSchema =>
  withStorableRules({
    title,
    description,
    type: 'object',
    required,
    properties: Object.fromEntries(required.map((k) => [k, ref(STORABLE_JSON)])),
  }) as JsonSchema;

export const nativeOrderSchema: JsonSchema = {
  description: "The channel's own order format; which one is read depends on {channel}.",
  anyOf: [
    shape(
      'webstore',
      'Shopify-like: id, currency, created_at, financial_status, email/customer, shipping_address{first_name, last_name, address1, city, province_code, zip, country_code}, line_items[{sku, quantity, price}].',
      ['id', 'line_items'],
    ),
    shape(
      'amazon',
      'Amazon-like, merchant-fulfilled (MFN) only: AmazonOrderId, PurchaseDate, FulfillmentChannel, ShipServiceLevel, OrderTotal{CurrencyCode, Amount}, BuyerInfo, ShippingAddress, OrderItems[{SellerSKU, QuantityOrdered, ItemPrice, ShippingPrice}].',
      ['AmazonOrderId', 'OrderItems'],
    ),
    shape(
      'ebay',
      'eBay-like: orderId, creationDate, orderPaymentStatus, buyer, pricingSummary, fulfillmentStartInstructions[{shippingStep{shippingServiceCode, shipTo}}], lineItems[{sku, quantity, lineItemCost}] (line totals).',
      ['orderId', 'lineItems'],
    ),
    shape('pos', 'Point of sale, picked up at the store: saleId, storeId, completedAt, currency, items[{sku, qty, unitPrice}], tenders[{type, amount}].', ['saleId', 'items']),
  ],
};

export const webhookOperations: Operation[] = [
  {
    operationId: 'receiveChannelOrder',
    method: 'post',
    path: '/api/v1/channels/:channel/orders',
    tag: 'channels',
    summary: "A channel's native order webhook, signed with the channel's secret",
    description: 'The payload is mapped to a create-order request; a field the mapping cannot read is a 400 naming it.',
    webhook: true,
    params: channelParams,
    body: { json: nativeOrderSchema },
    responses: [
      { status: 202, description: 'The order was created.', schema: 'ChannelOrderResult' },
      { status: 200, description: 'This order was seen before; the original order.', schema: 'ChannelOrderResult' },
    ],
    // Any content type is read as raw bytes (the signature covers them), so no 415.
    // An unknown channel has no secret, so it is a 401 like a bad signature.
    // 429: the channel's own budget (RATE_LIMIT_*), counted only for correctly signed deliveries.
    errors: [400, 413, 429],
  },
  {
    operationId: 'receiveShopifyWebhook',
    method: 'post',
    path: '/api/v1/channels/:channel/webhooks',
    tag: 'channels',
    summary: "A Shopify channel's webhook (orders/create, orders/updated, orders/paid, orders/cancelled, refunds/create), signed by Shopify",
    description:
      "For a channel whose platform is shopify (any other channel: 404). Verified (X-Shopify-Hmac-Sha256 over the raw body; X-Shopify-Shop-Domain must be the channel's settings.shopDomain), stored in a durable inbox and answered at once; processed apart (docs/shopify.md). A redelivery (same X-Shopify-Webhook-Id, or the same X-Shopify-Event-Id for the topic) is 200 with duplicate: true and changes nothing. Other topics are stored and ignored.",
    webhook: 'shopify',
    params: channelParams,
    headers: [
      { name: 'X-Shopify-Topic', description: 'The topic, e.g. orders/create.', required: true },
      { name: 'X-Shopify-Webhook-Id', description: 'The delivery id, the same on every retry: the de-duplication key.', required: true },
      { name: 'X-Shopify-Event-Id', description: 'The event id (one event, whichever subscription delivers it).', required: false },
      { name: 'X-Shopify-Shop-Domain', description: "The shop's myshopify.com domain; must be the channel's.", required: true },
      { name: 'X-Shopify-API-Version', description: 'The Admin API version the payload is serialized in (kept with the delivery).', required: false },
    ],
    body: {
      json: withStorableRules({
        title: 'shopify',
        description: "Shopify's payload for the topic: the REST Order resource for orders/*, the Refund resource for refunds/create.",
        type: 'object',
      }) as JsonSchema,
    },
    responses: [
      {
        status: 200,
        description: 'Stored (or a redelivery of a stored delivery).',
        schema: { type: 'object', required: ['received', 'duplicate'], properties: { received: { const: true }, duplicate: { type: 'boolean' }, topic: { type: 'string' } } },
      },
    ],
    errors: [400, 404, 413],
  },
];
