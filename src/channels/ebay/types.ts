/**
 * The parts of eBay's Sell Fulfillment and Inventory API shapes the connector reads or sends
 * (sell_fulfillment_v1_oas3.json, sell_inventory_v1_oas3.json; extracted schemas in
 * test/fixtures/ebay/models). eBay marks almost nothing as required: every field is optional here
 * and the mapping decides what an absent one means.
 */
export interface EbayAmount {
  value?: string;
  currency?: string;
  convertedFromValue?: string;
  convertedFromCurrency?: string;
}

export interface EbayTax {
  taxType?: string;
  amount?: EbayAmount;
  collectionMethod?: string;
}

export interface EbayAddress {
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  stateOrProvince?: string;
  postalCode?: string;
  countryCode?: string;
}

export interface EbayContact {
  fullName?: string;
  companyName?: string;
  contactAddress?: EbayAddress;
  primaryPhone?: { phoneNumber?: string };
  email?: string;
}

export interface EbayLineItem {
  lineItemId?: string;
  legacyItemId?: string;
  legacyVariationId?: string;
  sku?: string;
  title?: string;
  quantity?: number;
  lineItemCost?: EbayAmount;
  discountedLineItemCost?: EbayAmount;
  appliedPromotions?: { promotionId?: string; description?: string; discountAmount?: EbayAmount }[];
  deliveryCost?: { shippingCost?: EbayAmount; handlingCost?: EbayAmount; discountAmount?: EbayAmount; importCharges?: EbayAmount; shippingIntermediationFee?: EbayAmount };
  taxes?: EbayTax[];
  ebayCollectAndRemitTaxes?: EbayTax[];
  refunds?: { amount?: EbayAmount; refundDate?: string; refundId?: string }[];
  total?: EbayAmount;
  lineItemFulfillmentStatus?: string;
}

export const EBAY_PAYMENT_STATUSES = ['PAID', 'PENDING', 'FAILED', 'FULLY_REFUNDED', 'PARTIALLY_REFUNDED'] as const;
export const EBAY_CANCEL_STATES = ['NONE_REQUESTED', 'CANCEL_REQUESTED', 'CANCELED'] as const;

export interface EbayOrder {
  orderId: string;
  legacyOrderId?: string;
  creationDate?: string;
  lastModifiedDate?: string;
  orderFulfillmentStatus?: string;
  orderPaymentStatus?: string;
  sellerId?: string;
  buyer?: { username?: string; buyerRegistrationAddress?: EbayContact };
  pricingSummary?: {
    priceSubtotal?: EbayAmount;
    priceDiscount?: EbayAmount;
    deliveryCost?: EbayAmount;
    deliveryDiscount?: EbayAmount;
    tax?: EbayAmount;
    fee?: EbayAmount;
    adjustment?: EbayAmount;
    total?: EbayAmount;
  };
  cancelStatus?: {
    cancelState?: string;
    cancelledDate?: string;
    cancelRequests?: { cancelInitiator?: string; cancelReason?: string; cancelRequestedDate?: string; cancelRequestId?: string; cancelRequestState?: string }[];
  };
  paymentSummary?: {
    payments?: { paymentMethod?: string; paymentReferenceId?: string; paymentDate?: string; amount?: EbayAmount; paymentStatus?: string }[];
    refunds?: { refundId?: string; refundReferenceId?: string; refundDate?: string; amount?: EbayAmount; refundStatus?: string }[];
    totalDueSeller?: EbayAmount;
  };
  fulfillmentStartInstructions?: { fulfillmentInstructionsType?: string; shippingStep?: { shipTo?: EbayContact; shippingServiceCode?: string; shippingCarrierCode?: string } }[];
  lineItems?: EbayLineItem[];
  ebayCollectAndRemitTax?: boolean;
}

/** getOrders' answer (OrderSearchPagedCollection). */
export interface EbayOrderPage {
  href?: string;
  total?: number;
  limit?: number;
  offset?: number;
  next?: string;
  prev?: string;
  orders?: EbayOrder[];
  warnings?: unknown[];
}

/** createShippingFulfillment's body (ShippingFulfillmentDetails). */
export interface EbayShippingFulfillmentDetails {
  lineItems: { lineItemId: string; quantity: number }[];
  shippedDate?: string;
  shippingCarrierCode: string;
  trackingNumber: string;
}

/** issueRefund's body (IssueRefundRequest). */
export interface EbayIssueRefundRequest {
  reasonForRefund: string;
  comment?: string;
  refundItems?: { lineItemId: string; refundAmount: { value: string; currency: string } }[];
  orderLevelRefundAmount?: { value: string; currency: string };
}

/** bulkUpdatePriceQuantity's body (BulkPriceQuantity): up to 25 requests, by SKU and/or offer. */
export interface EbayBulkPriceQuantity {
  requests: {
    sku?: string;
    shipToLocationAvailability?: { quantity: number };
    offers?: { offerId: string; availableQuantity: number }[];
  }[];
}
