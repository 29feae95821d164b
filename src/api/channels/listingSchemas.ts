import { z } from 'zod';
import { listingRefSchema } from '../orders/schemas';
import { skuCode } from '../schemaParts';
import { channelParams } from './router';

/*
 * A listing: a hub SKU and the channel's own identifiers for it (src/domain/listings.ts). The ids
 * are strings (Shopify's exceed 2^53). That a listing names at least one id, and a variation only
 * with its item, is checked by the service (400 naming the field), as is that the SKU exists.
 */
const ids = listingRefSchema.shape;
const nullableIds = {
  channelSku: ids.channelSku.unwrap().nullable().optional(),
  variantId: ids.variantId.unwrap().nullable().optional(),
  inventoryItemId: ids.inventoryItemId.unwrap().nullable().optional(),
  asin: ids.asin.unwrap().nullable().optional(),
  legacyItemId: ids.legacyItemId.unwrap().nullable().optional(),
  legacyVariationId: ids.legacyVariationId.unwrap().nullable().optional(),
  offerId: ids.offerId.unwrap().nullable().optional(),
};

export const createListingSchema = z.object({ sku: skuCode().describe('The hub SKU (a product).'), ...listingRefSchema.shape }).strict();
export const updateListingSchema = z
  .object({ sku: skuCode().optional(), ...nullableIds })
  .strict()
  .describe('Only the fields given change; null clears an id.');

export const listingParams = channelParams.extend({ listingId: z.uuid('must be a listing id (UUID)') });
export const listListingsQuery = z.object({
  sku: skuCode().optional().describe("Only this hub SKU's listings."),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.uuid('must be the nextCursor of a previous page').optional(),
});

export type CreateListingRequest = z.infer<typeof createListingSchema>;
export type UpdateListingRequest = z.infer<typeof updateListingSchema>;
