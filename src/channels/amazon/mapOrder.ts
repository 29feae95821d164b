/**
 * An Amazon order (SP-API Orders v0: Order + its OrderItems, the address and buyer data when a
 * Restricted Data Token gave them) -> what the hub does with it. Pure: unit-tested on the
 * published examples (test/fixtures/amazon/).
 *
 * Choices (docs/amazon.md):
 * - Pending / PendingAvailability: not imported yet. Amazon sends no prices while payment is not
 *   authorized, so an import would create a zero-priced order the later, priced one could not
 *   correct (the workflow ID dedupes it). The order's LastUpdateDate moves when it becomes
 *   Unshipped, so the poller sees it again then.
 * - Unshipped / PartiallyShipped: paid (Amazon collected the money), shipped by the seller.
 * - AFN (fulfilled by Amazon), and an MFN order first seen already Shipped: recorded for reporting
 *   only: every line requiresShipping false, so no stock is reserved and no parcel booked.
 * - Canceled: cancels the order if the hub imported it; never imported otherwise.
 */
import type { CreateOrderRequest } from '../../api/orders/schemas';
import type { ShippingService } from '../../domain/order';
import { formatMoney, parseMoney } from '../../domain/money';
import type { AmazonOrderBundle, SpAddress, SpMoney, SpOrderItem } from './types';

export type AmazonDecision =
  | { kind: 'import'; request: CreateOrderRequest; recordOnly: boolean }
  | { kind: 'cancel'; externalId: string }
  | { kind: 'wait'; externalId: string; reason: string }
  | { kind: 'ignore'; externalId: string; reason: string };

/** ShipmentServiceLevelCategory (Standard, Expedited, NextDay, SecondDay, Priority, Scheduled, SameDay) -> the carrier service the hub books. */
const SERVICE_BY_CATEGORY: Record<string, ShippingService> = {
  Standard: 'standard',
  Scheduled: 'standard',
  Expedited: 'expedited',
  SecondDay: 'expedited',
  Priority: 'expedited',
  NextDay: 'next_day',
  SameDay: 'next_day',
};

/**
 * Marketplaces whose prices exclude tax (US and Canadian sales tax is added on top). Everywhere
 * else Amazon's ItemPrice includes VAT/GST and ItemTax is the part of it that is tax.
 */
const TAX_EXCLUSIVE_MARKETPLACES = new Set(['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2']);

/** A marketplace's currency, for an order that carries no OrderTotal. */
const MARKETPLACE_CURRENCY: Record<string, string> = {
  ATVPDKIKX0DER: 'USD',
  A2EUQ1WTGCTBG2: 'CAD',
  A1AM78C64UM0Y8: 'MXN',
  A1F83G8C2ARO7P: 'GBP',
  A1PA6795UKMFR9: 'EUR',
  A13V1IB3VIYZZH: 'EUR',
  APJ6JRA9NG5V4: 'EUR',
  A1RKKUPIHCS9HS: 'EUR',
  A1VC38T7YXB528: 'JPY',
};

export function serviceOf(category: string | undefined): ShippingService {
  return (category && SERVICE_BY_CATEGORY[category]) || 'standard';
}

export function decideAmazonOrder(channel: string, bundle: AmazonOrderBundle, alreadyImported: boolean): AmazonDecision {
  const { order } = bundle;
  const externalId = order.AmazonOrderId;
  switch (order.OrderStatus) {
    case 'Pending':
    case 'PendingAvailability':
      return { kind: 'wait', externalId, reason: `${order.OrderStatus}: Amazon has not authorized the payment; imported once Unshipped` };
    case 'Canceled':
      return alreadyImported ? { kind: 'cancel', externalId } : { kind: 'ignore', externalId, reason: 'cancelled before it was imported' };
    case 'Unfulfillable':
      return { kind: 'ignore', externalId, reason: 'Unfulfillable (an AFN order Amazon cannot fulfil)' };
    default: {
      const recordOnly = order.FulfillmentChannel === 'AFN' || order.OrderStatus === 'Shipped' || order.OrderStatus === 'InvoiceUnconfirmed';
      return { kind: 'import', request: toCreateOrderRequest(channel, bundle, recordOnly), recordOnly };
    }
  }
}

export function toCreateOrderRequest(channel: string, bundle: AmazonOrderBundle, recordOnly: boolean): CreateOrderRequest {
  const { order, items } = bundle;
  const currency =
    order.OrderTotal?.CurrencyCode ?? items.find((i) => i.ItemPrice?.CurrencyCode)?.ItemPrice?.CurrencyCode ?? MARKETPLACE_CURRENCY[order.MarketplaceId ?? ''] ?? 'USD';
  const address: SpAddress | undefined = bundle.address?.ShippingAddress ?? order.ShippingAddress;
  const buyer = bundle.buyerInfo ?? order.BuyerInfo;
  const service = serviceOf(order.ShipmentServiceLevelCategory);
  const shipping = shippingLine(items, currency, order.ShipServiceLevel ?? order.ShipmentServiceLevelCategory ?? 'Standard');
  return {
    channel,
    externalId: order.AmazonOrderId,
    customer: { email: buyer?.BuyerEmail || undefined, name: (buyer?.BuyerName || address?.Name)?.slice(0, 200) || undefined, tier: 'standard' },
    currency,
    lines: items.map((item) => lineOf(item, currency, recordOnly)),
    ...(address && { shippingAddress: addressOf(address) }),
    shippingService: service,
    shippingLines: [shipping],
    taxesIncluded: !TAX_EXCLUSIVE_MARKETPLACES.has(order.MarketplaceId ?? 'ATVPDKIKX0DER'),
    // Amazon's own figure: any difference from the hub's holds the order total_mismatch.
    ...(order.OrderTotal?.Amount !== undefined && { channelTotals: { total: order.OrderTotal.Amount } }),
    payment: { status: 'paid', reference: order.AmazonOrderId },
    // A rule fact (a seller may hold Prime orders apart, or book them a faster service by rule), never a service by itself.
    ...(order.IsPrime !== undefined && { isPrime: order.IsPrime }),
    ...(order.PurchaseDate && { placedAt: order.PurchaseDate }),
  } as CreateOrderRequest;
}

/**
 * ItemPrice is for the whole quantity. The hub prices per unit, so the unit price is ItemPrice /
 * quantity rounded up, and a line discount of the rounding (at most quantity - 1 minor units)
 * keeps the line's total exactly Amazon's.
 */
function lineOf(item: SpOrderItem, currency: string, recordOnly: boolean): CreateOrderRequest['lines'][number] {
  const quantity = item.QuantityOrdered;
  const discounts: { code?: string; title?: string; amount: string }[] = [];
  let unitPrice = item.ItemPrice?.Amount ?? '0';
  const itemMinor = minorOf(item.ItemPrice, currency);
  if (itemMinor !== undefined && quantity > 0) {
    const unitMinor = Math.ceil(itemMinor / quantity);
    unitPrice = formatMoney(unitMinor, currency);
    const rounding = unitMinor * quantity - itemMinor;
    if (rounding > 0) discounts.push({ title: 'ItemPrice per unit rounding', amount: formatMoney(rounding, currency) });
  }
  if (positive(item.PromotionDiscount, currency)) {
    discounts.push({ code: item.PromotionIds?.join(',').slice(0, 100) || undefined, title: 'PromotionDiscount', amount: item.PromotionDiscount!.Amount! });
  }
  const taxLines = positive(item.ItemTax, currency) ? [{ title: 'ItemTax', rate: '0', amount: item.ItemTax!.Amount! }] : [];
  return {
    title: item.Title?.slice(0, 255) || undefined,
    listing: { ...(item.SellerSKU && { channelSku: item.SellerSKU }), ...(item.ASIN && { asin: item.ASIN }) },
    quantity,
    unitPrice,
    channelLineId: item.OrderItemId,
    ...(recordOnly && { requiresShipping: false }),
    ...(discounts.length > 0 && { discounts }),
    ...(taxLines.length > 0 && { taxLines }),
  };
}

/** Amazon charges shipping per item; the hub keeps one shipping line with the items' sums. */
function shippingLine(items: SpOrderItem[], currency: string, service: string): NonNullable<CreateOrderRequest['shippingLines']>[number] {
  const sum = (pick: (i: SpOrderItem) => SpMoney | undefined) => items.reduce((s, i) => s + (minorOf(pick(i), currency) ?? 0), 0);
  const price = sum((i) => i.ShippingPrice);
  const discount = sum((i) => i.ShippingDiscount);
  const tax = sum((i) => i.ShippingTax);
  return {
    service: service.slice(0, 100),
    price: formatMoney(price, currency),
    ...(discount > 0 && { discounts: [{ title: 'ShippingDiscount', amount: formatMoney(discount, currency) }] }),
    ...(tax > 0 && { taxLines: [{ title: 'ShippingTax', rate: '0', amount: formatMoney(tax, currency) }] }),
  };
}

function addressOf(a: SpAddress) {
  return {
    name: a.Name,
    line1: a.AddressLine1,
    line2: [a.AddressLine2, a.AddressLine3].filter(Boolean).join(', ') || undefined,
    city: a.City,
    region: a.StateOrRegion,
    postalCode: a.PostalCode,
    country: a.CountryCode,
  };
}

/** Minor units of an Amazon amount in the order's currency; undefined when absent or unreadable (the hub's validation then names the field). */
function minorOf(m: SpMoney | undefined, currency: string): number | undefined {
  if (m?.Amount === undefined) return undefined;
  try {
    return parseMoney(m.Amount, m.CurrencyCode ?? currency);
  } catch {
    return undefined;
  }
}

function positive(m: SpMoney | undefined, currency: string): boolean {
  return (minorOf(m, currency) ?? 0) > 0;
}
