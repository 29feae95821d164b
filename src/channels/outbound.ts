/**
 * What the hub tells a sales channel, in that channel's own dialect. Pure: each mapper returns the
 * request (path under CHANNELS_URL and JSON body); channelClient sends it with its idempotency key.
 *
 * webstore -> Shopify-like, amazon -> Amazon-like, ebay -> eBay-like, pos -> no shipment message
 * (the customer left with the goods; refunds and cancellations use the generic format), any other
 * channel -> the generic format (docs/partner-contracts.md). The native APIs are simplified: lines
 * are named by SKU. Channels whose platform has a real connector (Shopify, and Amazon and eBay for
 * orders imported from them) are told through that platform's API instead (shopify/adminChannelClient.ts,
 * marketplaceChannelClient.ts).
 */
import { formatMoney } from '../domain/money';
import type { ShipmentState } from '../domain/order';
import { reasonKind } from './reasonKind';

export type ChannelDialect = 'shopify' | 'amazon' | 'ebay' | 'pos' | 'generic';

const DIALECTS: Readonly<Record<string, ChannelDialect>> = { webstore: 'shopify', amazon: 'amazon', ebay: 'ebay', pos: 'pos' };

export function dialectOf(channel: string): ChannelDialect {
  return Object.prototype.hasOwnProperty.call(DIALECTS, channel) ? DIALECTS[channel] : 'generic';
}

export interface OutboundRequest {
  dialect: ChannelDialect;
  /** Relative to CHANNELS_URL, URL-encoded. */
  path: string;
  body: Record<string, unknown>;
}

export interface ShipmentNotice {
  channel: string;
  externalId: string;
  orderId: string;
  shipment: Pick<ShipmentState, 'shipmentId' | 'items' | 'carrier' | 'trackingNumber'>;
  shippedAt: Date;
}

export interface RefundNotice {
  channel: string;
  externalId: string;
  orderId: string;
  amountMinor: number;
  currency: string;
  reason: string;
}

export interface CancellationNotice {
  channel: string;
  externalId: string;
  orderId: string;
  reason: string;
}

const enc = encodeURIComponent;
const genericPath = (channel: string, externalId: string, action: string) => `/${enc(channel)}/orders/${enc(externalId)}/${action}`;

/** Carrier codes as the marketplaces spell them; anything unknown is reported as "Other" plus its name. */
function carrierCode(carrier: string | undefined): string {
  const c = (carrier ?? '').toLowerCase();
  if (c === 'ups') return 'UPS';
  if (c === 'usps') return 'USPS';
  if (c === 'fedex') return 'FedEx';
  if (c === 'dhl') return 'DHL';
  return 'Other';
}

/** A parcel has shipped; null when the channel gets no shipment message (point of sale). */
export function shipmentConfirmation(n: ShipmentNotice): OutboundRequest | null {
  const { channel, externalId, shipment } = n;
  const shipDate = n.shippedAt.toISOString();
  switch (dialectOf(channel)) {
    case 'pos':
      return null;
    case 'amazon':
      return {
        dialect: 'amazon',
        path: `/amazon/orders/${enc(externalId)}/shipment-confirmation`,
        body: {
          AmazonOrderId: externalId,
          PackageDetail: {
            PackageReferenceId: shipment.shipmentId,
            CarrierCode: carrierCode(shipment.carrier),
            ...(carrierCode(shipment.carrier) === 'Other' && shipment.carrier && { CarrierName: shipment.carrier }),
            TrackingNumber: shipment.trackingNumber ?? '',
            ShipDate: shipDate,
            OrderItems: shipment.items.map((i) => ({ SellerSKU: i.sku, Quantity: i.quantity })),
          },
        },
      };
    case 'shopify':
      return {
        dialect: 'shopify',
        path: `/webstore/admin/orders/${enc(externalId)}/fulfillments.json`,
        body: {
          fulfillment: {
            notify_customer: true,
            tracking_info: { number: shipment.trackingNumber ?? '', company: shipment.carrier ?? '' },
            line_items_by_fulfillment_order: [
              { fulfillment_order_id: externalId, fulfillment_order_line_items: shipment.items.map((i) => ({ sku: i.sku, quantity: i.quantity })) },
            ],
          },
        },
      };
    case 'ebay':
      return {
        dialect: 'ebay',
        path: `/ebay/order/${enc(externalId)}/shipping_fulfillment`,
        body: {
          lineItems: shipment.items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
          shippedDate: shipDate,
          shippingCarrierCode: shipment.carrier ?? '',
          trackingNumber: shipment.trackingNumber ?? '',
        },
      };
    case 'generic':
      return {
        dialect: 'generic',
        path: genericPath(channel, externalId, 'fulfillments'),
        body: { orderId: n.orderId, trackingNumber: shipment.trackingNumber, carrier: shipment.carrier, lines: shipment.items },
      };
  }
}

/** Money back to the buyer for the whole order. */
export function refundRequest(n: RefundNotice): OutboundRequest {
  const amount = formatMoney(n.amountMinor, n.currency);
  const kind = reasonKind(n.reason);
  switch (dialectOf(n.channel)) {
    case 'amazon':
      return {
        dialect: 'amazon',
        path: `/amazon/orders/${enc(n.externalId)}/adjustments`,
        body: {
          AmazonOrderId: n.externalId,
          AdjustmentReason: kind === 'stock' ? 'NoInventory' : kind === 'customer' ? 'CustomerCancel' : 'GeneralAdjustment',
          AdjustedAmount: { CurrencyCode: n.currency, Amount: amount },
          SellerNote: n.reason,
        },
      };
    case 'shopify':
      return {
        dialect: 'shopify',
        path: `/webstore/admin/orders/${enc(n.externalId)}/refunds.json`,
        body: { refund: { currency: n.currency, notify: true, note: n.reason, transactions: [{ kind: 'refund', amount }] } },
      };
    case 'ebay':
      return {
        dialect: 'ebay',
        path: `/ebay/order/${enc(n.externalId)}/issue_refund`,
        body: {
          reasonForRefund: kind === 'stock' ? 'OUT_OF_STOCK' : kind === 'customer' ? 'BUYER_CANCEL' : 'OTHER_ADJUSTMENT',
          comment: n.reason,
          orderLevelRefundAmount: { value: amount, currency: n.currency },
        },
      };
    case 'pos':
    case 'generic':
      return {
        dialect: dialectOf(n.channel),
        path: genericPath(n.channel, n.externalId, 'refunds'),
        body: { orderId: n.orderId, amount, currency: n.currency, reason: n.reason },
      };
  }
}

/** The order will not be fulfilled. */
export function cancellationRequest(n: CancellationNotice): OutboundRequest {
  const kind = reasonKind(n.reason);
  switch (dialectOf(n.channel)) {
    case 'amazon':
      return {
        dialect: 'amazon',
        path: `/amazon/orders/${enc(n.externalId)}/cancellation`,
        body: {
          AmazonOrderId: n.externalId,
          CancelReason: kind === 'stock' ? 'NoInventory' : kind === 'address' ? 'ShippingAddressUndeliverable' : kind === 'customer' ? 'BuyerCanceled' : 'GeneralAdjustment',
          SellerNote: n.reason,
        },
      };
    case 'shopify':
      return {
        dialect: 'shopify',
        path: `/webstore/admin/orders/${enc(n.externalId)}/cancel.json`,
        body: {
          reason: kind === 'stock' ? 'inventory' : kind === 'payment' ? 'declined' : kind === 'fraud' ? 'fraud' : kind === 'customer' ? 'customer' : 'other',
          email: true,
          note: n.reason,
        },
      };
    case 'ebay':
      return {
        dialect: 'ebay',
        path: `/ebay/order/${enc(n.externalId)}/cancellation`,
        body: {
          legacyOrderId: n.externalId,
          cancelReason:
            kind === 'stock' ? 'OUT_OF_STOCK_OR_CANNOT_FULFILL' : kind === 'address' ? 'ADDRESS_ISSUES' : kind === 'customer' ? 'BUYER_ASKED_CANCEL' : 'OTHER_SELLER_CANCEL_REASON',
          comment: n.reason,
        },
      };
    case 'pos':
    case 'generic':
      return { dialect: dialectOf(n.channel), path: genericPath(n.channel, n.externalId, 'cancellations'), body: { orderId: n.orderId, reason: n.reason } };
  }
}
