import { listingKeysOf, type ListingKey, type ListingRef } from '../domain/listings';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from './prisma';

function whereFor(key: ListingKey, ref: ListingRef): Prisma.ChannelListingWhereInput {
  if (key === 'legacyItem') return { legacyItemId: ref.legacyItemId, legacyVariationId: ref.legacyVariationId?.trim() ? ref.legacyVariationId : null };
  return { [key]: ref[key] };
}

/**
 * The hub SKU a channel's line is, or null: through the channel's listings (most specific
 * identifier first, src/domain/listings.ts), then a channel SKU that is itself a hub product.
 */
export async function resolveListing(db: Db, channelId: string, ref: ListingRef): Promise<string | null> {
  for (const key of listingKeysOf(ref)) {
    const listing = await db.channelListing.findFirst({ where: { channelId, ...whereFor(key, ref) }, select: { sku: true } });
    if (listing) return listing.sku;
  }
  const sku = ref.channelSku?.trim();
  if (!sku) return null;
  const product = await db.product.findUnique({ where: { sku }, select: { sku: true } });
  return product?.sku ?? null;
}
