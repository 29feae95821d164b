// How an order line names its product in the channel's own identifiers, and in which order those
// identifiers are trusted. The lookup itself is in src/db/listings.ts.

/** A line's product as the channel names it. Every field optional: real platforms leave any of them out. */
export interface ListingRef {
  /** The SKU the channel shows (Shopify variant sku, Amazon SellerSKU, eBay sku); may equal a hub SKU. */
  channelSku?: string;
  /** Shopify variant and inventory item ids, as strings (they exceed 2^53). */
  variantId?: string;
  inventoryItemId?: string;
  /** Amazon catalog item. */
  asin?: string;
  /** eBay legacy listing (and variation), Inventory API offer. */
  legacyItemId?: string;
  legacyVariationId?: string;
  offerId?: string;
}

/**
 * The identifiers that name one listing exactly, most specific first: a variant or an offer is
 * one sellable thing, while a channel SKU is text a seller may reuse or leave empty. An ASIN names
 * a catalog item, which several sellers' SKUs may share, so it comes after the seller's own ids.
 */
export const LISTING_KEYS = ['variantId', 'inventoryItemId', 'offerId', 'legacyItem', 'channelSku', 'asin'] as const;
export type ListingKey = (typeof LISTING_KEYS)[number];

/** The non-empty identifiers of a ref, in LISTING_KEYS order (blank strings count as absent: Shopify sends `sku: ""`). */
export function listingKeysOf(ref: ListingRef): ListingKey[] {
  const has = (v: string | undefined) => v !== undefined && v.trim() !== '';
  return LISTING_KEYS.filter((key) => (key === 'legacyItem' ? has(ref.legacyItemId) : has(ref[key])));
}

/** How an unresolved line is named in a hold note: its most specific identifier. */
export function describeListingRef(ref: ListingRef): string {
  const key = listingKeysOf(ref)[0];
  if (key === undefined) return 'no SKU or listing id';
  if (key === 'legacyItem') return `eBay item ${ref.legacyItemId}${ref.legacyVariationId ? ` variation ${ref.legacyVariationId}` : ''}`;
  const names: Record<Exclude<ListingKey, 'legacyItem'>, string> = {
    variantId: 'variant',
    inventoryItemId: 'inventory item',
    offerId: 'offer',
    channelSku: 'SKU',
    asin: 'ASIN',
  };
  return `${names[key]} ${ref[key]}`;
}
