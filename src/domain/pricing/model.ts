/**
 * The order money model: what the customer was charged, line by line, in integer minor units of
 * the order's (presentment) currency. Amounts are what the channel says; the hub never
 * recomputes a tax from a rate or a discount from a percentage, it adds up what it was given
 * and checks the sum against the channel's own totals (reconcile.ts).
 *
 * `shop*` fields carry the same amount in the seller's currency when the customer paid in
 * another one and the channel sent both (Shopify's shop_money / presentment_money). Refunds go
 * back in the currency paid, so the presentment amounts drive everything; the shop amounts are
 * kept for the ERP and the reports.
 */

export interface Discount {
  code?: string;
  title?: string;
  /** The discount allocated to this line (all units together), or to this shipping line. */
  amountMinor: number;
  shopAmountMinor?: number;
}

export interface TaxLine {
  title: string;
  /** As the channel sent it ("0.06"); informational only, never multiplied. */
  rate: string;
  /** The tax charged on this line (all units together). */
  amountMinor: number;
  shopAmountMinor?: number;
}

export interface PricedLine {
  lineNo: number;
  /** The channel's own id of the line (needed to tell the channel what shipped or was cancelled). */
  channelLineId?: string;
  quantity: number;
  unitPriceMinor: number;
  shopUnitPriceMinor?: number;
  discounts: Discount[];
  taxLines: TaxLine[];
}

export interface ShippingLine {
  service: string;
  priceMinor: number;
  shopPriceMinor?: number;
  discounts: Discount[];
  taxLines: TaxLine[];
}

export interface PricedOrder {
  /** The currency the customer paid in. */
  currency: string;
  /** The seller's currency, when it differs and the channel sent shop amounts. */
  shopCurrency?: string;
  /** Prices already include their tax (VAT markets): the total must not add the tax again. */
  taxesIncluded: boolean;
  lines: PricedLine[];
  shippingLines: ShippingLine[];
}

/** What the channel says the customer owes; compared with the hub's own figures. */
export interface ChannelTotals {
  totalMinor: number;
  taxMinor?: number;
  discountsMinor?: number;
}
