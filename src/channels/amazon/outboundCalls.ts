/**
 * The hub's messages to an Amazon channel through the SP-API (bodies from outbound.ts): a parcel's
 * shipment confirmation by Amazon's own order item ids, and a SKU's merchant-fulfilled quantity
 * through the Listings Items API. Tokens are the pollers' (spApiClient.ts caches them per channel
 * for the whole process). AFN orders never get here: their lines do not require shipping, so the
 * hub books no parcel for them, and a parcel with nothing of Amazon's to confirm is skipped.
 *
 * Usage plans: one RateGate per channel for the process (starting full: a fresh process has spent
 * nothing); a short wait is slept inside the activity, a long one or Amazon's 429 fails the
 * attempt with the wait as its next retry delay, so no worker slot is held for long.
 *
 * confirmShipment takes no idempotency key: the hub claims its own key first (outboundClaims.ts),
 * and a claim left without an answer is compared with Amazon's QuantityShipped before confirming.
 */
import type { Db } from '../../db/prisma';
import type { ShipmentState } from '../../domain/order';
import { readOrderLines, unitsByChannelLine, unmappable } from '../channelLines';
import { outboundFailure } from '../marketplaceFailures';
import { createOutboundClaims, outboundScope, type OutboundClaims } from '../outboundClaims';
import { AMAZON_USAGE_PLANS } from './usagePlans';
import { amazonCancelReason, cancellationFeed, FEED_CONTENT_TYPE, ORDER_ACKNOWLEDGEMENT_FEED } from './cancellation';
import { amazonEndpoints, type AmazonConnectorOptions } from './options';
import { confirmShipmentRequest } from './outbound';
import { RateGate, RateWait, type Buckets } from './rateGate';
import { createSpApiClient, SpApiError, type SpApiClient } from './spApiClient';

/** A usage-plan wait at most this long is slept inside the activity; a longer one is the next retry's delay. */
const MAX_INLINE_WAIT_MS = 3_000;

/** Listings Items API: a product type must be named; PRODUCT is the one for offer-only attributes such as fulfillment_availability. */
const STOCK_PRODUCT_TYPE = 'PRODUCT';

interface AmazonChannelSettings {
  sellerId?: string;
  marketplaceIds?: string[];
  region?: string;
}

export interface AmazonChannelRef {
  channelId: string;
  settings: AmazonChannelSettings;
  client: SpApiClient;
}

const confirmPath = (externalId: string) => `/orders/v0/orders/${encodeURIComponent(externalId)}/shipmentConfirmation`;

export function createAmazonOutbound(db: Db, opts: AmazonConnectorOptions, claims: OutboundClaims = createOutboundClaims(db)) {
  // Amazon's documented plans for every operation, lowered (or raised, for the simulator) where the options say.
  const plans = { ...AMAZON_USAGE_PLANS, ...opts.usagePlans };
  const gates = new Map<string, RateGate>();
  const gateOf = (channelId: string) => {
    let gate = gates.get(channelId);
    if (!gate) {
      const now = Date.now();
      const full: Buckets = Object.fromEntries(Object.entries(plans).map(([op, plan]) => [op, { tokens: plan.burst, atMs: now }]));
      gate = new RateGate(structuredClone(plans), full, false);
      gates.set(channelId, gate);
    }
    return gate;
  };

  /** One SP-API call within the usage plan; Amazon's refusals and throttling as failures the retry policy understands. */
  async function send<T>(call: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await call();
      } catch (err) {
        if (err instanceof RateWait && err.waitMs <= MAX_INLINE_WAIT_MS) {
          await new Promise((r) => setTimeout(r, err.waitMs));
          continue;
        }
        if (err instanceof RateWait) throw outboundFailure('Amazon', { status: 429, message: err.message, retryAfterMs: err.waitMs });
        if (!(err instanceof SpApiError)) throw err;
        const retryAfterMs = err.status === 429 ? Math.ceil(1000 / (plans[err.operation]?.rate ?? 1)) : undefined;
        throw outboundFailure('Amazon', { status: err.status, message: err.message, retryAfterMs });
      }
    }
  }

  return {
    /** The channel's client when it is an Amazon channel, else null. */
    channelFor(channel: { id: string; platform: string; secretName: string | null; settings: unknown }): AmazonChannelRef | null {
      if (channel.platform !== 'amazon') return null;
      const settings = (channel.settings ?? {}) as AmazonChannelSettings;
      const credentials = opts.credentials(channel);
      if (!credentials)
        throw unmappable(`Amazon channel ${channel.id} has no Login with Amazon credentials (AMAZON_CREDENTIALS has no entry "${channel.secretName ?? channel.id}")`);
      const client = createSpApiClient({ channelId: channel.id, endpoints: amazonEndpoints(opts, settings.region), credentials, gate: gateOf(channel.id) });
      return { channelId: channel.id, settings, client };
    },

    async confirmShipment(
      c: AmazonChannelRef,
      externalId: string,
      orderId: string,
      shipment: Pick<ShipmentState, 'shipmentId' | 'items' | 'carrier' | 'trackingNumber'>,
      key: string,
    ) {
      const lines = await readOrderLines(db, orderId);
      // Only what the seller ships: an AFN order's lines (requiresShipping false) are Amazon's to ship.
      const shippable = lines.filter((l) => l.requiresShipping);
      if (shippable.length === 0) return { confirmed: false };
      const units = unitsByChannelLine(shippable, shipment.items, orderId, 'Amazon');
      const marketplaceId = c.settings.marketplaceIds?.[0];
      if (!marketplaceId) throw unmappable(`Amazon channel ${c.channelId} has no settings.marketplaceIds`);
      const items = [...units].map(([channelLineId, quantity]) => ({ channelLineId, quantity }));
      const request = confirmShipmentRequest(marketplaceId, {
        shipmentId: shipment.shipmentId,
        carrier: shipment.carrier ?? 'Other',
        trackingNumber: shipment.trackingNumber ?? '',
        shippedAt: new Date(),
        lines: items,
      });
      const scope = outboundScope('amazon', c.channelId);
      const path = confirmPath(externalId);
      const claim = await claims.claim(scope, key, path, request.packageDetail.orderItems);
      if (claim.kind === 'done') return { confirmed: true, repeated: true };
      if (claim.kind === 'uncertain' && (await alreadyShipped(c, externalId, scope, path, key, items))) {
        await claims.answered(scope, key, 204, { items });
        return { confirmed: true, repeated: true };
      }
      await send(() => c.client.confirmShipment(externalId, request));
      await claims.answered(scope, key, 204, { items });
      return { confirmed: true, repeated: false };
    },

    /** The order will not ship: its cancellation through the order acknowledgement feed (cancellation.ts), once per hub key. */
    async cancel(c: AmazonChannelRef, externalId: string, orderId: string, reason: string, key: string) {
      const { sellerId, marketplaceIds } = c.settings;
      if (!sellerId || !marketplaceIds?.length) throw unmappable(`Amazon channel ${c.channelId} needs settings.sellerId and settings.marketplaceIds to cancel an order`);
      const itemIds = (await readOrderLines(db, orderId)).filter((l) => l.requiresShipping && l.channelLineId).map((l) => l.channelLineId!);
      // Nothing the seller ships (AFN, or recorded already shipped): Amazon's, not ours, to cancel.
      if (itemIds.length === 0) return { feedId: undefined };
      const feed = cancellationFeed(sellerId, externalId, [...new Set(itemIds)], amazonCancelReason(reason));
      const scope = outboundScope('amazon', c.channelId);
      const claim = await claims.claim(scope, key, `/feeds/2021-06-30/feeds#${externalId}`, feed);
      if (claim.kind === 'done') return { feedId: (claim.response as { feedId?: string }).feedId };
      // An unanswered earlier attempt is simply sent again: a second cancellation of a cancelled order changes nothing on Amazon.
      const feedId = await send(() => c.client.submitFeed(ORDER_ACKNOWLEDGEMENT_FEED, marketplaceIds, FEED_CONTENT_TYPE, feed));
      await claims.answered(scope, key, 202, { feedId });
      return { feedId };
    },

    /** The SKU's merchant-fulfilled quantity on the channel's marketplaces, by the listing's seller SKU (else the hub's SKU). */
    async setStock(c: AmazonChannelRef, sku: string, quantity: number) {
      const { sellerId, marketplaceIds } = c.settings;
      if (!sellerId || !marketplaceIds?.length) throw unmappable(`Amazon channel ${c.channelId} needs settings.sellerId and settings.marketplaceIds to set stock`);
      const listing = await db.channelListing.findFirst({ where: { channelId: c.channelId, sku, channelSku: { not: null } }, select: { channelSku: true } });
      await send(() => c.client.setQuantity(sellerId, listing?.channelSku ?? sku, marketplaceIds, STOCK_PRODUCT_TYPE, Math.max(0, quantity)));
    },
  };

  /** Whether Amazon already counts this parcel as shipped: its QuantityShipped covers what the hub confirmed before plus this parcel. */
  async function alreadyShipped(c: AmazonChannelRef, externalId: string, scope: string, path: string, key: string, parcel: { channelLineId: string; quantity: number }[]) {
    const before = new Map<string, number>();
    for (const answer of await claims.answersFor(scope, path, key))
      for (const i of (answer as { items?: { channelLineId: string; quantity: number }[] }).items ?? [])
        before.set(i.channelLineId, (before.get(i.channelLineId) ?? 0) + i.quantity);
    const shipped = new Map((await send(() => c.client.getOrderItems(externalId))).map((i) => [i.OrderItemId, i.QuantityShipped ?? 0]));
    return parcel.every((p) => (shipped.get(p.channelLineId) ?? 0) >= (before.get(p.channelLineId) ?? 0) + p.quantity);
  }
}

export type AmazonOutbound = ReturnType<typeof createAmazonOutbound>;
