/**
 * The channel client the activities use, made Shopify-aware: for a channel whose platform is
 * `shopify` the fulfillment, stock, cancellation and refund messages go to the store's Admin API
 * (adminOutbound.ts); every other channel keeps the hub's channel client unchanged. The activities'
 * names and arguments do not change, so order workflow histories replay as before.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { createChannelClient } from '../../activities/clients/channelClient';
import { PartnerErrorType } from '../../activities/clients/partnerHttp';
import type { Db } from '../../db/prisma';
import type { ShipmentState } from '../../domain/order';
import type { LineCancellationNotice } from '../lineCancellation';
import type { ReturnNotice } from '../returnNotice';
import type { ShopifyOutbound, ShopifyOutboundLookups, ShopifyChannel } from './adminOutbound';
import type { ShopifyAccessTokens } from './adminTokens';
import { logger } from '../../observability/logger';

type ChannelClient = ReturnType<typeof createChannelClient>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function misconfigured(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: PartnerErrorType.Rejected, message, nonRetryable: true, details: [{ system: 'channel', status: null }] });
}

/** The hub's database as the Shopify outbound calls read it. */
export function prismaShopifyLookups(db: Db, tokens: ShopifyAccessTokens): ShopifyOutboundLookups {
  return {
    async shopifyChannel(channelId) {
      const channel = await db.channel.findUnique({ where: { id: channelId }, select: { id: true, platform: true, settings: true, secretName: true } });
      if (!channel || channel.platform !== 'shopify') return null;
      const settings = isRecord(channel.settings) ? channel.settings : {};
      const shopDomain = settings.shopDomain;
      if (typeof shopDomain !== 'string' || shopDomain === '') throw misconfigured(`Shopify channel ${channelId} has no settings.shopDomain`);
      const tokenName = channel.secretName ?? channel.id;
      const accessToken = Object.prototype.hasOwnProperty.call(tokens, tokenName) ? tokens[tokenName] : undefined;
      if (!accessToken) throw misconfigured(`Shopify channel ${channelId} has no access token: SHOPIFY_ACCESS_TOKENS has no entry "${tokenName}"`);
      const locations: Record<string, string> = {};
      if (isRecord(settings.locationIds))
        for (const [hub, shop] of Object.entries(settings.locationIds)) if (typeof shop === 'string' || typeof shop === 'number') locations[hub] = String(shop);
      const result: ShopifyChannel = { channelId, shopDomain, accessToken, locations };
      if (typeof settings.apiVersion === 'string' && settings.apiVersion !== '') result.apiVersion = settings.apiVersion;
      if (typeof settings.inventoryLocationId === 'string' || typeof settings.inventoryLocationId === 'number') result.inventoryLocationId = String(settings.inventoryLocationId);
      return result;
    },
    orderLines: (orderId) => db.orderLine.findMany({ where: { orderId }, orderBy: { lineNo: 'asc' }, select: { lineNo: true, sku: true, quantity: true, channelLineId: true } }),
    async inventoryItemId(channelId, sku) {
      const listing = await db.channelListing.findFirst({ where: { channelId, sku, inventoryItemId: { not: null } }, select: { inventoryItemId: true } });
      return listing?.inventoryItemId ?? null;
    },
  };
}

/** `base` for every channel, the Admin API for Shopify channels; same methods, same arguments. */
export function shopifyAwareChannelClient(base: ChannelClient, lookups: ShopifyOutboundLookups, shopify: ShopifyOutbound): ChannelClient {
  return {
    async confirmFulfillment(channel: string, externalId: string, orderId: string, shipment: ShipmentState, idempotencyKey: string) {
      const c = await lookups.shopifyChannel(channel);
      if (!c) return base.confirmFulfillment(channel, externalId, orderId, shipment, idempotencyKey);
      const { fulfillmentId } = await shopify.fulfill(c, externalId, orderId, await lookups.orderLines(orderId), shipment);
      return { fulfillmentId: fulfillmentId ?? undefined };
    },
    async refund(channel: string, externalId: string, orderId: string, amountMinor: number, currency: string, reason: string, idempotencyKey: string) {
      const c = await lookups.shopifyChannel(channel);
      if (!c) return base.refund(channel, externalId, orderId, amountMinor, currency, reason, idempotencyKey);
      const { refundId } = await shopify.refund(c, externalId, amountMinor, currency, reason, idempotencyKey);
      return { refundId };
    },
    async setInventory(channel: string, sku: string, quantity: number, sequence: number, idempotencyKey: string) {
      try {
        // Inside the try: a Shopify channel not connected yet (no access token) is skipped like a refusal.
        const c = await lookups.shopifyChannel(channel);
        if (!c) return base.setInventory(channel, sku, quantity, sequence, idempotencyKey);
        await shopify.setStock(c, await lookups.inventoryItemId(channel, sku), quantity);
      } catch (err) {
        // One push serves every channel of the SKU: a store that refuses the figure (a setting
        // missing, no access token, an item not stocked at the location) is logged and must not
        // stop the others'. Outages and 429s are thrown, and the push is retried.
        if (!(err instanceof ApplicationFailure && err.nonRetryable)) throw err;
        logger.warn({ channel, sku, err: err.message }, 'Shopify refused a stock figure');
      }
      return { quantity, sequence };
    },
    async cancelLines(notice: LineCancellationNotice, idempotencyKey: string) {
      const c = await lookups.shopifyChannel(notice.channel);
      if (!c) return base.cancelLines(notice, idempotencyKey);
      const lines = await lookups.orderLines(notice.orderId);
      const { refundId } = await shopify.cancelLines(c, notice.externalId, notice.orderId, lines, notice.lines, notice.reason, idempotencyKey);
      return { cancellationId: refundId };
    },
    // A Shopify channel's return goes through the hub's webstore dialect (refund_line_items, restock_type "return",
    // no transaction); the Admin API's Returns calls (returnCreate, returnProcess) are not wired yet: docs/returns.md.
    returnReceived: (notice: ReturnNotice, idempotencyKey: string) => base.returnReceived(notice, idempotencyKey),
    async cancelOrder(channel: string, externalId: string, orderId: string, reason: string, idempotencyKey: string) {
      const c = await lookups.shopifyChannel(channel);
      if (!c) return base.cancelOrder(channel, externalId, orderId, reason, idempotencyKey);
      await shopify.cancel(c, externalId, reason);
      return { cancellationId: undefined };
    },
  };
}
