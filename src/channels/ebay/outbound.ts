/**
 * What the hub tells eBay, in the Sell APIs' request shapes (checked against the published
 * schemas in test/channels/ebay/outbound.test.ts): a parcel as a shipping fulfillment naming eBay's
 * own line item ids (kept on the hub's lines as channelLineId), a refund through issue_refund, and
 * stock through bulkUpdatePriceQuantity by offer and/or SKU (the channel's listings).
 */
import { formatMoney } from '../../domain/money';
import type { EbayBulkPriceQuantity, EbayIssueRefundRequest, EbayShippingFulfillmentDetails } from './types';

export interface HubParcel {
  carrier: string;
  trackingNumber: string;
  shippedAt: Date;
  lines: { channelLineId: string; quantity: number }[];
}

/** eBay's codes (ShippingCarrierCodeEnum) for the carriers the hub books; another carrier goes by its name without spaces. */
const CARRIER_CODES: Record<string, string> = {
  ups: 'UPS',
  usps: 'USPS',
  fedex: 'FedEx',
  dhl: 'DHL',
  'royal mail': 'RoyalMail',
  royalmail: 'RoyalMail',
  'canada post': 'CanadaPost',
};

export function shippingFulfillmentRequest(parcel: HubParcel): EbayShippingFulfillmentDetails {
  return {
    lineItems: parcel.lines.map((l) => ({ lineItemId: l.channelLineId, quantity: l.quantity })),
    shippedDate: parcel.shippedAt.toISOString(),
    shippingCarrierCode: CARRIER_CODES[parcel.carrier.toLowerCase()] ?? parcel.carrier.replace(/\s+/g, ''),
    // eBay takes letters and digits only: the spaces and dashes carriers print are dropped.
    trackingNumber: parcel.trackingNumber.replace(/[^A-Za-z0-9]/g, ''),
  };
}

/** Why the hub refunds, in eBay's reasonForRefund values. */
export type HubRefundCause = 'cancel' | 'return' | 'out_of_stock' | 'other';
const REFUND_REASONS: Record<HubRefundCause, string> = { cancel: 'BUYER_CANCEL', return: 'BUYER_RETURN', out_of_stock: 'SELLER_OUT_OF_STOCK', other: 'OTHER' };

/**
 * issue_refund's body: by line (eBay's lineItemId and the amount for it) when the hub knows which
 * lines, else one order-level amount. Amounts in minor units inside, decimal strings for eBay.
 */
export function issueRefundRequest(
  currency: string,
  cause: HubRefundCause,
  refund: { lines: { channelLineId: string; amountMinor: number }[] } | { orderAmountMinor: number },
  comment?: string,
): EbayIssueRefundRequest {
  const amount = (minor: number) => ({ value: formatMoney(minor, currency), currency });
  return {
    reasonForRefund: REFUND_REASONS[cause],
    ...(comment && { comment: comment.slice(0, 100) }),
    ...('lines' in refund
      ? { refundItems: refund.lines.map((l) => ({ lineItemId: l.channelLineId, refundAmount: amount(l.amountMinor) })) }
      : { orderLevelRefundAmount: amount(refund.orderAmountMinor) }),
  };
}

export interface ListingQuantity {
  /** The listing's SKU on eBay (Inventory API listings). */
  channelSku?: string;
  /** The offer's id, when the listing has one. */
  offerId?: string;
  quantity: number;
}

/** bulkUpdatePriceQuantity's bodies: at most 25 requests each (the document's limit); a listing with neither id is left out. */
export function bulkPriceQuantityRequests(listings: ListingQuantity[]): EbayBulkPriceQuantity[] {
  const requests = listings
    .filter((l) => l.channelSku || l.offerId)
    .map((l) => {
      const quantity = Math.max(0, Math.floor(l.quantity));
      return {
        ...(l.channelSku && { sku: l.channelSku, shipToLocationAvailability: { quantity } }),
        ...(l.offerId && { offers: [{ offerId: l.offerId, availableQuantity: quantity }] }),
      };
    });
  const batches: EbayBulkPriceQuantity[] = [];
  for (let i = 0; i < requests.length; i += 25) batches.push({ requests: requests.slice(i, i + 25) });
  return batches;
}
