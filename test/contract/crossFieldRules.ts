import type { Finding } from './schemathesisReport';

/**
 * The 400s that JSON Schema cannot state: one field against another, or against stored data.
 * Each one is written in its operation's description in the document (src/api/openapi/*Ops.ts)
 * and listed in docs/api-contract.md. Schemathesis sends schema-valid requests that break them
 * and reports "schema-valid request rejected"; such a finding is accepted only when every field
 * the 400 names is one of these, for that operation. Any other 400 still fails the test.
 */
export interface CrossFieldRule {
  operation: string;
  field: RegExp;
  message: RegExp;
}

const MONEY = /has more than \d+ decimal places for|is larger than the largest accepted amount/;
/** Discounts against what they discount, and products that overflow (src/domain/pricing). */
const DISCOUNTS = /exceeds? the \d+ (the lines cost|they apply to)|is too large/;
const ORDER_MONEY = (operation: string, prefix: string): CrossFieldRule[] => [
  // Any amount of the order (prices, discounts, tax lines, shipping lines, channel totals, transactions) against its currency.
  { operation, field: new RegExp(`^${prefix}\\.(lines|shippingLines|orderDiscounts|payment\\.transactions)\\.\\d+(\\.[a-zA-Z]+(\\.\\d+)?)*\\.[a-zA-Z]+$`), message: MONEY },
  { operation, field: new RegExp(`^${prefix}\\.channelTotals\\.[a-zA-Z]+$`), message: MONEY },
  { operation, field: new RegExp(`^${prefix}\\.(lines|shippingLines|orderDiscounts)(\\.\\d+(\\.[a-zA-Z]+(\\.\\d+)?)*)?$`), message: DISCOUNTS },
  // The shipping money once: shippingPrice (with shippingService) or shippingLines.
  { operation, field: new RegExp(`^${prefix}\\.shippingPrice$`), message: /either as shippingPrice or as shippingLines/ },
  { operation, field: new RegExp(`^${prefix}\\.shippingService$`), message: /is required without shippingLines/ },
  // Shop amounts are in shopCurrency, so they need it.
  { operation, field: new RegExp(`^${prefix}\\.(lines|shippingLines)\\.\\d+(\\.[a-zA-Z]+(\\.\\d+)?)*\\.shop[A-Za-z]+$`), message: /needs shopCurrency/ },
  { operation, field: new RegExp(`^${prefix}\\.shippingPrice$`), message: MONEY },
  { operation, field: new RegExp(`^${prefix}\\.lines$`), message: /order total is larger than the largest accepted amount/ },
];
const RULE_SET = (operation: string): CrossFieldRule[] => [
  { operation, field: /^body\.rules\.\d+\.id$/, message: /^duplicate rule id/ },
  { operation, field: /^body\.rules\.\d+\.validFrom$/, message: /is after validTo/ },
  // A money value in a condition, against the currency the condition names.
  { operation, field: /^body\.rules\.\d+\.when(\.[a-zA-Z]+|\.\d+)*\.value$/, message: MONEY },
];

export const CROSS_FIELD_RULES: CrossFieldRule[] = [
  // The notification's shape is the channel's platform's (stored data): Amazon's body to an eBay channel, or the reverse.
  { operation: 'POST /api/v1/channels/{channel}/notifications', field: /^NotificationType$/, message: /must be ORDER_CHANGE/ },
  { operation: 'POST /api/v1/channels/{channel}/notifications', field: /^metadata\.topic$/, message: /is required/ },
  // Stored data: the channel must exist (an unknown SKU is accepted and held unmapped_sku).
  { operation: 'POST /api/v1/orders', field: /^body\.channel$/, message: /^unknown channel / },
  // Stored data: the hub's own channel `exchange` exists once an exchange was made, and takes no orders.
  { operation: 'POST /api/v1/orders', field: /^body\.channel$/, message: /is the hub's own \(exchange replacements\)/ },
  // An e-mail is checked by RFC 6531 (src/domain/email.ts), stated as format idn-email: the octet
  // limits and label rules are more than a portable pattern can say.
  { operation: 'POST /api/v1/orders', field: /^body\.customer\.email$/, message: /^must be an e-mail address/ },
  { operation: 'POST /api/v1/rules/preview', field: /^body\.order\.customer\.email$/, message: /^must be an e-mail address/ },
  // A pickup store must exist, serve pickups and be one the channel sells from (its buffer).
  { operation: 'POST /api/v1/orders', field: /^body\.fulfillment\.pickupLocationId$/, message: /^unknown location |does not serve pickups|does not sell from/ },
  // An amount against its currency's minor unit, and the order's total.
  ...ORDER_MONEY('POST /api/v1/orders', 'body'),
  ...ORDER_MONEY('POST /api/v1/rules/preview', 'body\\.order'),
  { operation: 'POST /api/v1/orders/{orderId}/payment', field: /^body\.amount$/, message: MONEY },
  // A partial cancel names each line by lineId or by sku (one of them), and a reason for the order or for every line.
  { operation: 'POST /api/v1/orders/{orderId}/cancel', field: /^body\.lines\.\d+\.(lineId|sku)$/, message: /give lineId or sku/ },
  { operation: 'POST /api/v1/orders/{orderId}/cancel', field: /^body\.reason$/, message: /a reason is required/ },
  // A return names its lines the same way (docs/returns.md).
  { operation: 'POST /api/v1/orders/{orderId}/returns', field: /^body\.lines\.\d+\.(lineId|sku)$/, message: /give lineId or sku/ },
  // Rule ids unique within a set; a validity window that ends before it starts.
  ...RULE_SET('PUT /api/v1/rules'),
  ...RULE_SET('POST /api/v1/rules/preview'),
  // Stored data: SKU, location, and the parcel a tracking number belongs to.
  { operation: 'POST /api/v1/inventory/adjustments', field: /^body\.sku$/, message: /^unknown SKU / },
  { operation: 'POST /api/v1/inventory/adjustments', field: /^body\.locationId$/, message: /^unknown location / },
  { operation: 'POST /api/v1/returns/{returnId}/receipt', field: /^body\.locationId$/, message: /^unknown location / },
  { operation: 'PUT /api/v1/channels/{channel}/buffer', field: /^body\.locationIds\.\d+$/, message: /^unknown location / },
  { operation: 'POST /api/v1/carrier/events', field: /^body\.trackingNumber$/, message: /has another tracking number/ },
  // The catalog (docs/catalog.md): a CSV's problems (all in the body), settings per platform, stored locations and SKUs, listing ids.
  { operation: 'POST /api/v1/products/import', field: /^body$/, message: /^line \d+, / },
  ...['POST /api/v1/channels', 'PATCH /api/v1/channels/{channel}'].flatMap((operation) => [
    { operation, field: /^body\.settings(\..*)?$/, message: /./ },
    { operation, field: /^body\.buffer\.locationIds\.\d+$/, message: /^unknown location / },
  ]),
  ...['POST /api/v1/channels/{channel}/listings', 'PATCH /api/v1/channels/{channel}/listings/{listingId}'].flatMap((operation) => [
    { operation, field: /^body$/, message: /^a listing needs at least one of / },
    { operation, field: /^body\.legacyVariationId$/, message: /^needs legacyItemId/ },
    { operation, field: /^body\.sku$/, message: /^unknown SKU / },
  ]),
  // from before to.
  { operation: 'GET /api/v1/reports/summary', field: /^query\.from$/, message: /^must be before to$/ },
  // A trend's days: from not after to, and at most MAX_TREND_DAYS before it (src/api/reports/trendsRouter.ts).
  ...['orders', 'time-to-ship', 'on-time', 'holds', 'cancellations'].map((series) => ({
    operation: `GET /api/v1/reports/trends/${series}`,
    field: /^query\.from$/,
    message: /^must not be after to$|^must be at most \d+ days before to$/,
  })),
];

/** A "schema-valid request rejected" whose 400 names only documented cross-field rules of its operation. */
export function isDocumentedCrossFieldRule(f: Finding, rules: CrossFieldRule[] = CROSS_FIELD_RULES): boolean {
  if (f.check !== 'positive_data_acceptance' || f.status !== 400 || f.responseBody === undefined) return false;
  let fields: { field?: unknown; message?: unknown }[];
  try {
    fields = (JSON.parse(f.responseBody) as { fields?: { field?: unknown; message?: unknown }[] }).fields ?? [];
  } catch {
    return false;
  }
  const own = rules.filter((r) => r.operation === f.operation);
  return fields.length > 0 && fields.every((x) => own.some((r) => r.field.test(String(x.field)) && r.message.test(String(x.message))));
}
