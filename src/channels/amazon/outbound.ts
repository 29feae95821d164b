/**
 * What the hub tells Amazon, in the SP-API's request shapes (checked against the published
 * models in test/channels/amazon/outbound.test.ts): a parcel's shipment confirmation, by
 * Amazon's own order item ids (kept on the hub's lines as channelLineId), and a SKU's
 * merchant-fulfilled quantity through the Listings Items API.
 */
import type { SpConfirmShipmentRequest } from './types';

export interface HubParcel {
  /** The hub's shipment id: Amazon's packageReferenceId is made from it (packageReferenceId below). */
  shipmentId: string;
  carrier: string;
  service?: string;
  trackingNumber: string;
  shippedAt: Date;
  lines: { channelLineId: string; quantity: number }[];
}

/** Amazon's carrier codes for the carriers the hub books; anything else is "Other" with its name (the model requires carrierName then). */
const CARRIER_CODES: Record<string, string> = { ups: 'UPS', usps: 'USPS', fedex: 'FedEx', dhl: 'DHL', 'royal mail': 'Royal Mail' };

/**
 * The model's PackageReferenceId: "uniquely identifies a package within the scope of an order. Only
 * positive numeric values are supported." The hub's shipment ids are UUIDs, so the number is made
 * from the id's first 52 bits (exact in a double), plus one so it is never 0: the same parcel always
 * gets the same number, and two parcels of one order collide with odds of 2^-52. A numeric id is kept.
 */
export function packageReferenceId(shipmentId: string): string {
  if (/^[1-9]\d{0,15}$/.test(shipmentId)) return shipmentId;
  const hex = shipmentId
    .replace(/[^0-9a-fA-F]/g, '')
    .slice(0, 13)
    .padEnd(13, '0');
  return String(parseInt(hex, 16) + 1);
}

export function confirmShipmentRequest(marketplaceId: string, parcel: HubParcel): SpConfirmShipmentRequest {
  const code = CARRIER_CODES[parcel.carrier.toLowerCase()];
  return {
    marketplaceId,
    packageDetail: {
      packageReferenceId: packageReferenceId(parcel.shipmentId),
      carrierCode: code ?? 'Other',
      ...(code === undefined && { carrierName: parcel.carrier }),
      ...(parcel.service && { shippingMethod: parcel.service }),
      trackingNumber: parcel.trackingNumber,
      shipDate: parcel.shippedAt.toISOString(),
      orderItems: parcel.lines.map((l) => ({ orderItemId: l.channelLineId, quantity: l.quantity })),
    },
  };
}

/** patchListingsItem's body: replace the listing's fulfillment_availability (DEFAULT: merchant-fulfilled) with the sellable quantity. */
export function fulfillmentAvailabilityPatch(productType: string, quantity: number) {
  return {
    productType,
    patches: [{ op: 'replace' as const, path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity }] }],
  };
}

/** Feeds API 2021-06-30: createFeedDocument's body (CreateFeedDocumentSpecification). */
export const createFeedDocumentRequest = (contentType: string) => ({ contentType });

/** createFeed's body (CreateFeedSpecification): the uploaded document applied to the channel's marketplaces. */
export const createFeedRequest = (feedType: string, marketplaceIds: string[], inputFeedDocumentId: string) => ({ feedType, marketplaceIds, inputFeedDocumentId });
