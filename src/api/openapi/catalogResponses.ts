/** Response shapes of stock and the catalog: stock levels and the ledger, products, locations, channels, listings. */
import type { JsonSchema } from './registry';
import { arr, bool, int, nullable, obj, ref, str, time } from './schemaBuilders';

export const stockResponseSchemas: Record<string, JsonSchema> = {
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
};

export const catalogResponseSchemas: Record<string, JsonSchema> = {
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
};
