import { z } from 'zod';

/*
 * A channel's platform identity (channels.settings), checked per platform before it is stored:
 * the Shopify webhook check compares X-Shopify-Shop-Domain with shopDomain, and the connectors
 * call the platform with apiVersion, sellerId, marketplaceIds, region or marketplaceId. Secrets are
 * never here (they come from the secrets settings, by the channel's secretName).
 */

export const PLATFORMS = ['shopify', 'amazon', 'ebay', 'pos', 'generic'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Shopify shop ids are 64-bit: kept as digit strings, never JS numbers. */
const shopifyId = z.string().regex(/^[0-9]{1,20}$/, 'must be a Shopify id (digits, as a string)');
const HUB_LOCATION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const shopifySettings = z
  .object({
    shopDomain: z
      .string()
      .max(255)
      .regex(/^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/, 'must be the shop\'s permanent domain, e.g. "my-shop.myshopify.com"')
      .describe("The shop's permanent *.myshopify.com domain: X-Shopify-Shop-Domain must equal it."),
    apiVersion: z
      .string()
      .regex(/^20[0-9]{2}-(01|04|07|10)$/, 'must be a Shopify API version "YYYY-MM" (a quarter: 01, 04, 07, 10)')
      .describe('The Admin API version the hub calls, e.g. "2025-07".'),
    locationIds: z
      .record(z.string().regex(HUB_LOCATION, 'must be a hub location id'), shopifyId)
      .default({})
      .describe('Each hub location and the Shopify location it is: stock and fulfillments are sent per Shopify location.'),
    inventoryLocationId: shopifyId.optional().describe("The Shopify location the channel's sellable quantity is set at; absent: the first of locationIds."),
  })
  .strict();

export const amazonSettings = z
  .object({
    sellerId: z
      .string()
      .regex(/^[A-Z0-9]{8,20}$/, 'must be an Amazon merchant token (8-20 capital letters and digits)')
      .describe('The seller (merchant token) the SP-API calls act for.'),
    marketplaceIds: z
      .array(z.string().regex(/^[A-Z0-9]{8,20}$/, 'must be an Amazon marketplace id, e.g. "ATVPDKIKX0DER"'))
      .min(1, 'at least one marketplace')
      .max(30)
      .describe('The marketplaces the orders are pulled from.'),
    region: z.enum(['na', 'eu', 'fe']).describe('The SP-API endpoint region.'),
  })
  .strict();

export const ebaySettings = z
  .object({
    marketplaceId: z
      .string()
      .regex(/^EBAY_[A-Z_]{2,12}$/, 'must be an eBay marketplace id, e.g. "EBAY_US"')
      .describe('The eBay marketplace (X-EBAY-C-MARKETPLACE-ID).'),
  })
  .strict();

/** The hub's own dialects carry no platform identity. */
export const noSettings = z.object({}).strict();

export const SETTINGS_BY_PLATFORM = {
  shopify: shopifySettings,
  amazon: amazonSettings,
  ebay: ebaySettings,
  pos: noSettings,
  generic: noSettings,
} as const satisfies Record<Platform, z.ZodType>;

export type ShopifySettings = z.infer<typeof shopifySettings>;
export type AmazonSettings = z.infer<typeof amazonSettings>;
export type EbaySettings = z.infer<typeof ebaySettings>;

export interface SettingsProblem {
  /** Below settings, e.g. "shopDomain" or "marketplaceIds.0". */
  path: string;
  message: string;
}

/** The settings as stored (defaults applied), or every problem with its path. */
export function checkChannelSettings(platform: Platform, settings: unknown): { ok: true; settings: Record<string, unknown> } | { ok: false; problems: SettingsProblem[] } {
  const result = SETTINGS_BY_PLATFORM[platform].safeParse(settings ?? {});
  if (result.success) return { ok: true, settings: result.data as Record<string, unknown> };
  return { ok: false, problems: result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}
