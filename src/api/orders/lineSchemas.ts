/** The parts of an order line and a shipping line: decimal amounts, currency, discounts, tax lines, and the channel's own ids of a product. */
import { z } from 'zod';
import { ISO_4217_CODES } from '../../domain/currencies';
import { text } from '../schemaParts';

export const decimal = z.string().regex(/^\d{1,12}(\.\d{1,3})?$/, 'must be a decimal string like "19.99"');
// A code of ISO 4217 (src/domain/currencies.ts), as an enum the document states: not only its shape.
export const currency = z.enum([...ISO_4217_CODES] as [string, ...string[]], { error: 'must be an ISO 4217 code like "USD"' });

export const discountSchema = z.object({
  code: text(100).optional(),
  title: text(200).optional(),
  amount: decimal.describe('The discount on the whole line (all units together), or on the shipping line.'),
  shopAmount: decimal.optional().describe('The same discount in shopCurrency, when the channel sends both.'),
});
export const taxLineSchema = z.object({
  title: text(100),
  rate: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a rate like "0.06"')
    .describe('As the channel sent it; shown, never multiplied: the amount is the tax.'),
  amount: decimal.describe('The tax charged on the whole line (all units together).'),
  shopAmount: decimal.optional(),
});
export const shippingLineSchema = z.object({
  service: text(100).describe("The channel's name of the shipping option (free text)."),
  price: decimal.describe('Before its discounts.'),
  shopPrice: decimal.optional(),
  discounts: z.array(discountSchema).max(20).optional(),
  taxLines: z.array(taxLineSchema).max(20).optional(),
});

/** A line's product in the channel's own identifiers (src/domain/listings.ts), resolved through the channel's listings. */
export const listingRefSchema = z
  .object({
    channelSku: text(128).optional(),
    variantId: z
      .string()
      .regex(/^[0-9]{1,20}$/, 'must be a Shopify id (digits, as a string)')
      .optional(),
    inventoryItemId: z
      .string()
      .regex(/^[0-9]{1,20}$/, 'must be a Shopify id (digits, as a string)')
      .optional(),
    asin: text(16).optional(),
    legacyItemId: text(32).optional(),
    legacyVariationId: text(32).optional(),
    offerId: text(64).optional(),
  })
  .strict()
  .describe(
    "The channel's own identifiers of the line's product: the line resolves through the channel's listings (most specific id first), then by a channel SKU equal to a hub SKU.",
  );
