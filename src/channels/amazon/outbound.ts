/**
 * What the hub tells Amazon, in the SP-API's request shapes (checked against the published
 * models in test/channels/amazon/outbound.test.ts): a parcel's shipment confirmation, by
 * Amazon's own order item ids (kept on the hub's lines as channelLineId), and a SKU's
 * merchant-fulfilled quantity through the Listings Items API.
 */
import type { SpConfirmShipmentRequest } from './types';

export interface HubParcel {
  /** The hub's shipment id: Amazon's packageReferenceId, so a repeated confirmation names the same package. */
  shipmentId: string;
  carrier: string;
  service?: string;
  trackingNumber: string;
  shippedAt: Date;
  lines: { channelLineId: string; quantity: number }[];
}

/** Amazon's carrier codes for the carriers the hub books; anything else is "Other" with its name (the model requires carrierName then). */
const CARRIER_CODES: Record<string, string> = { ups: 'UPS', usps: 'USPS', fedex: 'FedEx', dhl: 'DHL', 'royal mail': 'Royal Mail' };

export function confirmShipmentRequest(marketplaceId: string, parcel: HubParcel): SpConfirmShipmentRequest {
  const code = CARRIER_CODES[parcel.carrier.toLowerCase()];
  return {
    marketplaceId,
    packageDetail: {
      packageReferenceId: parcel.shipmentId,
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
