/**
 * The channel client the activities use, made Amazon- and eBay-aware (as shopify/adminChannelClient.ts
 * does for Shopify): for a channel whose platform is `amazon` or `ebay` the messages go to the
 * platform's API in its own shapes (amazon/outboundCalls.ts, ebay/outboundCalls.ts); every other
 * channel keeps the client it wraps. The activities' names and arguments do not change, so the
 * order workflow stays platform-agnostic and its histories replay as before.
 *
 * What each platform is told (docs/amazon.md and docs/ebay.md, "Outbound"):
 * - shipped: Amazon confirmShipment (MFN only), eBay createShippingFulfillment;
 * - stock: Amazon patchListingsItem fulfillment_availability, eBay bulkUpdatePriceQuantity;
 * - refund: eBay issue_refund by line; Amazon has no refund call for a seller's order (see docs);
 * - cancelled: Amazon's order acknowledgement feed (cancellations.ts); eBay: the refund is the message,
 *   its Sell APIs have no seller cancellation.
 */
import type { createChannelClient } from '../activities/clients/channelClient';
import type { Db } from '../db/prisma';
import type { ShipmentState } from '../domain/order';
import { logger } from '../observability/logger';
import type { AmazonOutbound } from './amazon/outboundCalls';
import type { EbayOutbound } from './ebay/outboundCalls';
import type { LineCancellationNotice } from './lineCancellation';
import type { ReturnNotice } from './returnNotice';
import { isRefusal } from './marketplaceFailures';

type ChannelClient = ReturnType<typeof createChannelClient>;

/** `base` for every channel, the platform's API for Amazon and eBay channels (each only when its connector is given); same methods, same arguments. */
export function marketplaceAwareChannelClient(db: Db, base: ChannelClient, { amazon, ebay }: { amazon?: AmazonOutbound; ebay?: EbayOutbound }): ChannelClient {
  if (!amazon && !ebay) return base;
  /**
   * The channel as an Amazon or eBay API target, or null for every other platform. With `orderId`:
   * also null for an order that did not come from the platform's API (none of its lines has the
   * platform's line id: it came through the hub's own webhooks or API), which is told as before.
   */
  async function target(channelId: string, orderId?: string) {
    const channel = await db.channel.findUnique({ where: { id: channelId }, select: { id: true, platform: true, secretName: true, settings: true } });
    if (!channel || (channel.platform !== 'amazon' && channel.platform !== 'ebay')) return null;
    if (orderId !== undefined && (await db.orderLine.count({ where: { orderId, channelLineId: { not: null } } })) === 0) return null;
    const a = amazon?.channelFor(channel);
    if (amazon && a) return { platform: 'amazon' as const, a, api: amazon };
    const e = ebay?.channelFor(channel);
    return ebay && e ? { platform: 'ebay' as const, e, api: ebay } : null;
  }

  return {
    async confirmFulfillment(channel: string, externalId: string, orderId: string, shipment: ShipmentState, idempotencyKey: string) {
      const t = await target(channel, orderId);
      if (!t) return base.confirmFulfillment(channel, externalId, orderId, shipment, idempotencyKey);
      if (t.platform === 'amazon') {
        await t.api.confirmShipment(t.a, externalId, orderId, shipment, idempotencyKey);
        return { fulfillmentId: undefined };
      }
      const { fulfillmentId } = await t.api.ship(t.e, externalId, orderId, shipment);
      return { fulfillmentId };
    },
    async refund(channel: string, externalId: string, orderId: string, amountMinor: number, currency: string, reason: string, idempotencyKey: string) {
      const t = await target(channel, orderId);
      if (!t) return base.refund(channel, externalId, orderId, amountMinor, currency, reason, idempotencyKey);
      if (t.platform === 'ebay') return { refundId: (await t.api.refund(t.e, externalId, orderId, amountMinor, currency, reason, idempotencyKey)).refundId };
      // Amazon charges an MFN buyer when the seller confirms shipment: an order cancelled before that
      // owes nothing back, and a refund after shipment is made in Seller Central (docs/amazon.md).
      logger.warn({ channel, externalId, orderId, amountMinor, currency }, 'Amazon refund not sent: the seller refunds in Seller Central (docs/amazon.md, Outbound)');
      return { refundId: undefined };
    },
    async setInventory(channel: string, sku: string, quantity: number, sequence: number, idempotencyKey: string) {
      try {
        // Inside the try: a channel without credentials is skipped like a refusal.
        const t = await target(channel);
        if (!t) return base.setInventory(channel, sku, quantity, sequence, idempotencyKey);
        if (t.platform === 'amazon') await t.api.setStock(t.a, sku, quantity);
        else await t.api.setStock(t.e, sku, quantity);
      } catch (err) {
        // One push serves every channel of the SKU: a platform that refuses the figure is logged and
        // must not stop the others'. Throttling and outages are thrown, and the push is retried.
        if (!isRefusal(err)) throw err;
        logger.warn({ channel, sku, err: err.message }, 'marketplace refused a stock figure');
      }
      return { quantity, sequence };
    },
    async cancelLines(notice: LineCancellationNotice, idempotencyKey: string) {
      const t = await target(notice.channel, notice.orderId);
      if (!t) return base.cancelLines(notice, idempotencyKey);
      // Neither API cancels some units of an order: the units' money goes back through refund() (eBay
      // issue_refund; Amazon: Seller Central), which is what the buyer sees.
      logger.info({ channel: notice.channel, externalId: notice.externalId, lines: notice.lines }, `${t.platform}: partial cancel told through the refund only`);
      return { cancellationId: undefined };
    },
    async returnReceived(notice: ReturnNotice, idempotencyKey: string) {
      const t = await target(notice.channel, notice.orderId);
      if (!t) return base.returnReceived(notice, idempotencyKey);
      // Neither platform has a seller-side call to report a return the hub received (src/channels/returnNotice.ts).
      logger.info({ channel: notice.channel, externalId: notice.externalId, returnId: notice.returnId }, `${t.platform}: return not reported (no seller-side call)`);
      return null;
    },
    async cancelOrder(channel: string, externalId: string, orderId: string, reason: string, idempotencyKey: string) {
      const t = await target(channel, orderId);
      if (!t) return base.cancelOrder(channel, externalId, orderId, reason, idempotencyKey);
      if (t.platform === 'amazon') return { cancellationId: (await t.api.cancel(t.a, externalId, orderId, reason, idempotencyKey)).feedId };
      return { cancellationId: undefined };
    },
  };
}
