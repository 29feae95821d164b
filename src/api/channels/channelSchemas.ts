import { z } from 'zod';
import { BACKORDER_POLICIES } from '../../activities/inventory';
import { PLATFORMS } from '../../domain/channelSettings';
import { CAPTURE_POLICIES } from '../../domain/payment';
import { channelCode, text } from '../schemaParts';

/*
 * A channel's own record. `settings` is the platform's identity: its shape depends on the platform
 * (src/domain/channelSettings.ts), checked by the service against the platform the channel has
 * after the change, so a problem is a 400 naming body.settings.<field>.
 */
export const bufferSchema = z.object({
  safetyStock: z.number().int().min(0).max(1_000_000),
  percent: z.number().int().min(0).max(100),
  maxListed: z.number().int().min(0).max(1_000_000).nullable(),
  locationIds: z.array(z.string().min(1).max(64)).max(100),
});

const SECRET_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const fields = {
  name: text(200),
  kind: z.enum(['webstore', 'marketplace', 'pos']),
  platform: z.enum(PLATFORMS).describe('Whose protocol the channel speaks: decides how its webhooks are verified and parsed.'),
  capturePolicy: z.enum(CAPTURE_POLICIES).describe("When an authorized order's money is captured: at once, or each parcel's share at dispatch."),
  backorderPolicy: z.enum(BACKORDER_POLICIES).nullable().describe("null: the hub's BACKORDER_POLICY."),
  buffer: bufferSchema.describe('What the channel may list of every SKU (docs/inventory.md).'),
  settings: z
    .record(z.string(), z.unknown())
    .describe(
      'Per platform: shopify {shopDomain (*.myshopify.com), apiVersion (YYYY-MM), locationIds {hubLocationId: shopifyLocationId}}; amazon {sellerId, marketplaceIds[], region na|eu|fe}; ebay {marketplaceId, e.g. EBAY_US}; pos and generic {}. Never secrets.',
    ),
  secretName: z
    .string()
    .regex(SECRET_NAME, 'must be a secrets entry name (lower-case letters, digits, - and _)')
    .nullable()
    .describe(
      'Which entry of the secrets settings (CHANNEL_WEBHOOK_SECRETS, credentials) the channel uses; null: the entry named like the channel. The secret itself is never in the API.',
    ),
};

export const createChannelSchema = z
  .object({
    id: channelCode(),
    name: fields.name,
    kind: fields.kind,
    platform: fields.platform.default('generic'),
    capturePolicy: fields.capturePolicy.default('on_order'),
    backorderPolicy: fields.backorderPolicy.default(null),
    buffer: fields.buffer.optional(),
    settings: fields.settings.default({}),
    secretName: fields.secretName.default(null),
  })
  .strict();

export const updateChannelSchema = z
  .object({
    name: fields.name.optional(),
    kind: fields.kind.optional(),
    platform: fields.platform.optional().describe('Changing it needs settings for the new platform (the stored ones are checked against it).'),
    capturePolicy: fields.capturePolicy.optional(),
    backorderPolicy: fields.backorderPolicy.optional(),
    buffer: fields.buffer.optional(),
    settings: fields.settings.optional().describe('Replaces the stored settings as a whole.'),
    secretName: fields.secretName.optional(),
  })
  .strict();

export type CreateChannelRequest = z.infer<typeof createChannelSchema>;
export type UpdateChannelRequest = z.infer<typeof updateChannelSchema>;
