/**
 * The hub's messages to an eBay channel, sent through the Sell APIs (bodies from outbound.ts): a
 * parcel as a shipping fulfillment of eBay's own line item ids, money back through issue_refund
 * split over the order's lines, stock through bulkUpdatePriceQuantity. The OAuth tokens are the
 * pollers' (client.ts caches them per seller for the whole process).
 *
 * eBay takes no idempotency key, so a retry never repeats an effect blindly: a parcel whose
 * tracking number eBay already lists is not shipped again, and a refund is claimed under the hub's
 * key first (outboundClaims.ts); a claim left without an answer is matched against the refunds
 * eBay shows before issuing anything.
 */
import type { Db } from '../../db/prisma';
import type { ShipmentState } from '../../domain/order';
import { parseMoney } from '../../domain/money';
import { allocateLargestRemainder } from '../../domain/pricing/allocate';
import { logger } from '../../observability/logger';
import { readOrderLines, unitsByChannelLine, unmappable } from '../channelLines';
import { outboundFailure } from '../marketplaceFailures';
import { reasonKind } from '../reasonKind';
import { createOutboundClaims, outboundScope, type OutboundClaims } from '../outboundClaims';
import { createEbayClient, EBAY_PRODUCTION, EbayApiError, type EbayClient } from './client';
import { ebayRefundPath } from './hubRefunds';
import type { EbayConnectorOptions } from './options';
import { bulkPriceQuantityRequests, issueRefundRequest, shippingFulfillmentRequest, type HubRefundCause } from './outbound';

export interface EbayChannelRef {
  channelId: string;
  client: EbayClient;
}

/** The hub's cancel reason (a code or an operator's words) as eBay's reasonForRefund. */
export function refundCause(reason: string): HubRefundCause {
  if (reason.toLowerCase().includes('return')) return 'return';
  const kind = reasonKind(reason);
  return kind === 'stock' ? 'out_of_stock' : kind === 'customer' ? 'cancel' : 'other';
}

export function createEbayOutbound(db: Db, opts: EbayConnectorOptions, claims: OutboundClaims = createOutboundClaims(db)) {
  /** Turns eBay's refusals and throttling into failures the activity's retry policy understands. */
  async function send<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof EbayApiError)) throw err;
      const retryAfterMs = err.status === 429 ? (err.retryAfterMs ?? opts.rateLimitWaitMs ?? 60_000) : undefined;
      throw outboundFailure('eBay', { status: err.status, message: err.message, retryAfterMs });
    }
  }

  return {
    /** The channel's client when it is an eBay channel, else null. */
    channelFor(channel: { id: string; platform: string; secretName: string | null }): EbayChannelRef | null {
      if (channel.platform !== 'ebay') return null;
      const credentials = opts.credentials(channel);
      if (!credentials) throw unmappable(`eBay channel ${channel.id} has no OAuth credentials (EBAY_CREDENTIALS has no entry "${channel.secretName ?? channel.id}")`);
      return { channelId: channel.id, client: createEbayClient({ endpoints: opts.endpoints ?? EBAY_PRODUCTION, credentials, refreshBeforeMs: opts.refreshBeforeMs }) };
    },

    async ship(c: EbayChannelRef, externalId: string, orderId: string, shipment: Pick<ShipmentState, 'items' | 'carrier' | 'trackingNumber'>) {
      const units = unitsByChannelLine(await readOrderLines(db, orderId), shipment.items, orderId, 'eBay');
      const request = shippingFulfillmentRequest({
        carrier: shipment.carrier ?? '',
        trackingNumber: shipment.trackingNumber ?? '',
        shippedAt: new Date(),
        lines: [...units].map(([channelLineId, quantity]) => ({ channelLineId, quantity })),
      });
      const listed = await send(() => c.client.getShippingFulfillments(externalId));
      const existing = listed.find((f) => f.shipmentTrackingNumber === request.trackingNumber);
      if (existing) return { fulfillmentId: existing.fulfillmentId, repeated: true };
      return { fulfillmentId: await send(() => c.client.createShippingFulfillment(externalId, request)), repeated: false };
    },

    /** Money back, in eBay's refundItems: the amount split over the lines in proportion to what each cost (shipping and tax with them). */
    async refund(c: EbayChannelRef, externalId: string, orderId: string, amountMinor: number, currency: string, reason: string, key: string) {
      const lines = (await readOrderLines(db, orderId)).filter((l) => l.channelLineId !== null);
      if (lines.length === 0) throw unmappable(`order ${orderId} has no line with an eBay line item id to refund against`);
      const shares = allocateLargestRemainder(
        amountMinor,
        lines.map((l) => Math.max(0, l.lineTotalMinor)),
      );
      const byLine = lines.map((l, i) => ({ channelLineId: l.channelLineId!, amountMinor: shares[i] })).filter((l) => l.amountMinor > 0);
      const request = issueRefundRequest(currency, refundCause(reason), { lines: byLine }, reason);
      const scope = outboundScope('ebay', c.channelId);
      const path = ebayRefundPath(externalId);
      const claim = await claims.claim(scope, key, path, request);
      if (claim.kind === 'done') return { refundId: (claim.response as { refundId?: string }).refundId, repeated: true };
      if (claim.kind === 'uncertain') {
        // An earlier attempt may have refunded and lost eBay's answer: a refund of this amount the hub has no answer for is that one.
        const known = new Set((await claims.answersFor(scope, path, key)).map((r) => (r as { refundId?: string }).refundId));
        const order = await send(() => c.client.getOrder(externalId));
        const lost = (order.paymentSummary?.refunds ?? []).find(
          (r) => r.refundId && !known.has(r.refundId) && r.amount?.value !== undefined && Math.abs(parseMoney(r.amount.value, currency)) === amountMinor,
        );
        if (lost) {
          await claims.answered(scope, key, 200, { refundId: lost.refundId });
          return { refundId: lost.refundId, repeated: true };
        }
      }
      const answer = await send(() => c.client.issueRefund(externalId, request));
      await claims.answered(scope, key, 200, answer);
      return { refundId: answer.refundId, repeated: false };
    },

    /**
     * The channel's sellable quantity of a SKU, by the channel's listings (offer id and/or eBay SKU);
     * a SKU without a listing row goes by the hub's SKU, which is how the Inventory API knows it.
     */
    async setStock(c: EbayChannelRef, sku: string, quantity: number) {
      const listings = await db.channelListing.findMany({ where: { channelId: c.channelId, sku }, select: { channelSku: true, offerId: true } });
      const refs = listings.length > 0 ? listings.map((l) => ({ channelSku: l.channelSku ?? undefined, offerId: l.offerId ?? undefined })) : [{ channelSku: sku }];
      for (const batch of bulkPriceQuantityRequests(refs.map((r) => ({ ...r, quantity })))) {
        const { responses } = await send(() => c.client.bulkUpdatePriceQuantity(batch));
        const refused = (responses ?? []).filter((r) => r.statusCode !== 200);
        if (refused.length > 0) logger.warn({ channel: c.channelId, sku, refused }, 'eBay refused a stock figure');
      }
    },
  };
}

export type EbayOutbound = ReturnType<typeof createEbayOutbound>;
