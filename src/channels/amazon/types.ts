/**
 * The parts of Amazon's Selling Partner API (Orders v0, Tokens 2021-03-01, Listings Items
 * 2021-08-01) the connector reads and writes, named as the published models name them
 * (github.com/amzn/selling-partner-api-models). Every field Amazon may leave out is optional.
 */

export interface SpMoney {
  CurrencyCode?: string;
  Amount?: string;
}

export interface SpAddress {
  Name?: string;
  AddressLine1?: string;
  AddressLine2?: string;
  AddressLine3?: string;
  City?: string;
  County?: string;
  District?: string;
  StateOrRegion?: string;
  PostalCode?: string;
  CountryCode?: string;
  Phone?: string;
}

export interface SpBuyerInfo {
  AmazonOrderId?: string;
  BuyerEmail?: string;
  BuyerName?: string;
}

/** The statuses of the model's Order.OrderStatus enum. */
export const SP_ORDER_STATUSES = ['Pending', 'Unshipped', 'PartiallyShipped', 'Shipped', 'Canceled', 'Unfulfillable', 'InvoiceUnconfirmed', 'PendingAvailability'] as const;

export interface SpOrder {
  AmazonOrderId: string;
  PurchaseDate?: string;
  LastUpdateDate?: string;
  OrderStatus?: string;
  FulfillmentChannel?: 'MFN' | 'AFN' | string;
  ShipServiceLevel?: string;
  ShipmentServiceLevelCategory?: string;
  OrderTotal?: SpMoney;
  MarketplaceId?: string;
  IsPrime?: boolean;
  /** Present in getOrders/getOrder only with a Restricted Data Token (otherwise at most a partial address). */
  ShippingAddress?: SpAddress;
  BuyerInfo?: SpBuyerInfo;
  [field: string]: unknown;
}

export interface SpOrderItem {
  ASIN?: string;
  OrderItemId: string;
  SellerSKU?: string;
  Title?: string;
  QuantityOrdered: number;
  QuantityShipped?: number;
  /** For the whole quantity, not per unit; all money fields below are absent while the order is Pending. */
  ItemPrice?: SpMoney;
  ItemTax?: SpMoney;
  ShippingPrice?: SpMoney;
  ShippingTax?: SpMoney;
  ShippingDiscount?: SpMoney;
  ShippingDiscountTax?: SpMoney;
  PromotionDiscount?: SpMoney;
  PromotionDiscountTax?: SpMoney;
  PromotionIds?: string[];
  [field: string]: unknown;
}

/** getOrderAddress's payload. */
export interface SpOrderAddress {
  AmazonOrderId?: string;
  ShippingAddress?: SpAddress;
}

/** What the simulator is seeded with and what the connector gathers for one order. */
export interface AmazonOrderBundle {
  order: SpOrder;
  items: SpOrderItem[];
  address?: SpOrderAddress;
  buyerInfo?: SpBuyerInfo;
}

/** confirmShipment's body (ConfirmShipmentRequest). */
export interface SpConfirmShipmentRequest {
  packageDetail: {
    packageReferenceId: string;
    carrierCode: string;
    carrierName?: string;
    shippingMethod?: string;
    trackingNumber: string;
    shipDate: string;
    shipFromSupplySourceId?: string;
    orderItems: { orderItemId: string; quantity: number }[];
  };
  codCollectionMethod?: string;
  marketplaceId: string;
}
