/**
 * An eBay order as getOrders returns it -> what the hub does with it. Pure: no I/O, never throws;
 * unit-tested on every fixture (test/channels/ebay/mapOrder.test.ts). docs/ebay.md explains each
 * choice; the short version:
 *
 * - Lines: `sku` is optional on eBay (listings made outside the Inventory API have none), so a line
 *   also names its listing (legacyItemId, legacyVariationId) and resolves through the channel's
 *   listings; an unresolved line holds the order unmapped_sku. lineItemId is the channel line id
 *   (the shipping fulfillment and refunds name lines by it).
 * - Money: lineItemCost is for the whole quantity; discounts from discountedLineItemCost (else the
 *   applied promotions); delivery per line. Taxes eBay collects and remits itself
 *   (ebayCollectAndRemitTaxes) are not the seller's: they are left out of the order, and taken out
 *   of pricingSummary.total when eBay put them in it (it does when the same tax also appears in the
 *   line's `taxes`). What remains is the seller's total, sent as channelTotals so that any
 *   difference holds the order total_mismatch.
 * - Status: orderPaymentStatus and cancelStatus.cancelState together decide (EbayPlan): a cancel
 *   request or a partial refund pauses fulfilment behind an operator hold with a note; a cancelled or
 *   fully refunded order is recorded and cancelled without any money moving.
 */
import type { z } from 'zod';
import type { createOrderSchema } from '../../api/orders/schemas';
import { SKU_CODE } from '../../api/schemaParts';
import { isMailbox } from '../../domain/email';
import { formatMoney, isCurrencyCode, parseMoney } from '../../domain/money';
import type { EbayAmount, EbayContact, EbayLineItem, EbayOrder, EbayTax } from './types';

export type HubOrderRequest = z.input<typeof createOrderSchema>;

/** What the hub does after the order exists (new or known). */
export type EbayFollowUp = { kind: 'hold'; note: string } | { kind: 'cancel'; reason: string } | { kind: 'recordPayment'; amount: string; reference: string };

export interface EbayPlan {
  request: HubOrderRequest;
  /** For a new order, in this order, right after it is created. */
  afterCreate: EbayFollowUp[];
  /** The seller's total (pricingSummary.total without eBay's own taxes), when eBay gave a total. */
  sellerTotal?: string;
}

/** Every operator note the connector writes starts so, so a later poll recognises its own hold. */
export const EBAY_NOTE = 'eBay:';

export function planEbayOrder(channelId: string, order: EbayOrder): EbayPlan {
  const currency = orderCurrency(order);
  const lines = (order.lineItems ?? []).map((li) => mapLine(li, currency));
  const remitInTotal = lines.reduce((sum, l) => sum + l.remitInTotal, 0);
  const shipping = mapShipping(order, currency);
  const totalMinor = minor(order.pricingSummary?.total, currency);
  const adjustment = minor(order.pricingSummary?.adjustment, currency);
  const sellerTotalMinor = totalMinor === undefined ? undefined : totalMinor - remitInTotal;
  const sellerTotal = sellerTotalMinor === undefined || sellerTotalMinor < 0 ? undefined : formatMoney(sellerTotalMinor, currency);
  // A negative price adjustment is a discount on the hub's side too (an order discount below), so eBay's discounts count it.
  const negativeAdjustment = adjustment !== undefined && adjustment < 0 ? -adjustment : 0;
  const discountTotal = abs(minor(order.pricingSummary?.priceDiscount, currency)) + abs(minor(order.pricingSummary?.deliveryDiscount, currency)) + negativeAdjustment;
  const payment = paymentOf(order);
  const shipTo = order.fulfillmentStartInstructions?.[0]?.shippingStep?.shipTo;

  const request: HubOrderRequest = {
    channel: channelId,
    externalId: order.orderId,
    customer: customerOf(order, shipTo),
    currency,
    lines: lines.map((l) => l.line),
    ...(shipTo && { shippingAddress: addressOf(shipTo) }),
    shippingLines: [shipping],
    ...(negativeAdjustment > 0 && { orderDiscounts: [{ title: 'eBay price adjustment', amount: formatMoney(negativeAdjustment, currency) }] }),
    ...(sellerTotal !== undefined && {
      channelTotals: { total: sellerTotal, ...(discountTotal > 0 && { discounts: formatMoney(discountTotal, currency) }) },
    }),
    payment: payment.hub,
    ...(order.creationDate && !Number.isNaN(Date.parse(order.creationDate)) && { placedAt: order.creationDate }),
  };
  return { request, afterCreate: payment.afterCreate(sellerTotal), ...(sellerTotal !== undefined && { sellerTotal }) };
}

/**
 * An order the hub already has, seen again (the overlap of two passes, or eBay changed it): what
 * to do about eBay's news. `hub` is the order as stored: its status, payment status and the notes
 * of its open holds.
 */
export function followUpsForKnownOrder(order: EbayOrder, hub: { status: string; paymentStatus: string; openHoldNotes: string[] }, sellerTotal?: string): EbayFollowUp[] {
  if (hub.status === 'cancelled') return [];
  const state = cancelState(order);
  const paymentStatus = order.orderPaymentStatus ?? 'PENDING';
  const nothingCaptured = hub.paymentStatus === 'pending';
  const hold = (note: string): EbayFollowUp[] => (hub.openHoldNotes.includes(note) ? [] : [{ kind: 'hold', note }]);

  if (state === 'CANCELED' || paymentStatus === 'FULLY_REFUNDED') {
    const why = state === 'CANCELED' ? 'cancelled on eBay' : 'fully refunded on eBay';
    // Nothing captured: cancelling moves no money. Captured: an operator decides (stock may be on its
    // way); eBay's refunds are recorded as the channel's, so a cancel here refunds only what eBay did not.
    if (nothingCaptured) return [{ kind: 'cancel', reason: `${why} (${state === 'CANCELED' ? 'cancelState CANCELED' : 'orderPaymentStatus FULLY_REFUNDED'})` }];
    return hold(`${EBAY_NOTE} ${why} after the hub recorded the payment; a cancel here refunds only what eBay has not refunded`);
  }
  const followUps: EbayFollowUp[] = [];
  if (paymentStatus === 'PAID' && nothingCaptured && sellerTotal !== undefined) {
    followUps.push({ kind: 'recordPayment', amount: sellerTotal, reference: paymentReference(order) });
  }
  if (state === 'CANCEL_REQUESTED') followUps.push(...hold(cancelRequestNote(order)));
  if (paymentStatus === 'PARTIALLY_REFUNDED') followUps.push(...hold(partialRefundNote(order)));
  return followUps;
}

function cancelState(order: EbayOrder): string {
  return order.cancelStatus?.cancelState ?? 'NONE_REQUESTED';
}

/** The hub's payment and what follows the import, from orderPaymentStatus and cancelState. */
function paymentOf(order: EbayOrder): { hub: HubOrderRequest['payment']; afterCreate: (sellerTotal?: string) => EbayFollowUp[] } {
  const status = order.orderPaymentStatus ?? 'PENDING';
  const state = cancelState(order);
  const reference = paymentReference(order);
  // Cancelled or fully refunded before the hub saw it: recorded for the books, nothing captured (eBay
  // holds or returned the money), then cancelled, which therefore refunds nothing.
  if (state === 'CANCELED' || status === 'FULLY_REFUNDED') {
    const reason = state === 'CANCELED' ? 'cancelled on eBay before import (cancelState CANCELED)' : 'fully refunded on eBay before import (orderPaymentStatus FULLY_REFUNDED)';
    return { hub: { status: 'pending', reference }, afterCreate: () => [{ kind: 'cancel', reason }] };
  }
  const holds: EbayFollowUp[] = [];
  if (state === 'CANCEL_REQUESTED') holds.push({ kind: 'hold', note: cancelRequestNote(order) });
  if (status === 'PARTIALLY_REFUNDED') holds.push({ kind: 'hold', note: partialRefundNote(order) });
  if (status === 'FAILED') holds.push({ kind: 'hold', note: `${EBAY_NOTE} the buyer's payment failed (orderPaymentStatus FAILED); the order waits for payment` });
  // PAID and PARTIALLY_REFUNDED: eBay collected the buyer's money (managed payments). PENDING and FAILED: not yet.
  const paid = status === 'PAID' || status === 'PARTIALLY_REFUNDED';
  return { hub: { status: paid ? 'paid' : 'pending', reference }, afterCreate: () => holds };
}

function cancelRequestNote(order: EbayOrder): string {
  const req = order.cancelStatus?.cancelRequests?.[0];
  const detail = req ? ` (${[req.cancelInitiator, req.cancelReason, req.cancelRequestId && `request ${req.cancelRequestId}`].filter(Boolean).join(', ')})` : '';
  return `${EBAY_NOTE} cancel requested${detail}; fulfilment paused: approve or reject the request on eBay, then cancel or release here`;
}

function partialRefundNote(order: EbayOrder): string {
  const currency = orderCurrency(order);
  const refunded = (order.paymentSummary?.refunds ?? []).reduce((sum, r) => sum + abs(minor(r.amount, currency)), 0);
  return `${EBAY_NOTE} partially refunded on eBay (${formatMoney(refunded, currency)} ${currency}); check what still ships before releasing`;
}

function paymentReference(order: EbayOrder): string {
  const ref = order.paymentSummary?.payments?.find((p) => p.paymentReferenceId)?.paymentReferenceId;
  return (ref ?? `ebay-${order.orderId}`).slice(0, 128);
}

function mapLine(li: EbayLineItem, currency: string): { line: HubOrderRequest['lines'][number]; remitInTotal: number } {
  const quantity = li.quantity ?? 1;
  const costMinor = minor(li.lineItemCost, currency) ?? 0;
  const units = Number.isInteger(quantity) && quantity > 0 ? quantity : 1;
  // lineItemCost is for the whole quantity; the hub prices per unit, so the unit price rounds up and
  // a line discount gives back the rounding (at most quantity - 1 minor units).
  const unitMinor = Math.ceil(costMinor / units);
  const discounts: { code?: string; title?: string; amount: string }[] = [];
  const rounding = unitMinor * units - costMinor;
  if (rounding > 0) discounts.push({ title: 'lineItemCost per unit rounding', amount: formatMoney(rounding, currency) });
  const promotions = (li.appliedPromotions ?? []).map((p) => ({ p, amount: abs(minor(p.discountAmount, currency)) })).filter((x) => x.amount > 0);
  const discounted = minor(li.discountedLineItemCost, currency);
  const promotionsMinor = promotions.reduce((s, x) => s + x.amount, 0);
  const discountMinor = discounted !== undefined ? Math.max(0, costMinor - discounted) : promotionsMinor;
  if (discountMinor > 0 && discountMinor === promotionsMinor) {
    for (const { p, amount } of promotions)
      discounts.push({
        ...(p.promotionId && { code: p.promotionId.slice(0, 100) }),
        title: (p.description ?? 'eBay promotion').slice(0, 200),
        amount: formatMoney(amount, currency),
      });
  } else if (discountMinor > 0) discounts.push({ title: 'eBay discount (discountedLineItemCost)', amount: formatMoney(discountMinor, currency) });

  const { seller, remitInTotal } = splitTaxes(li.taxes ?? [], li.ebayCollectAndRemitTaxes ?? []);
  const taxLines = seller
    .map((t) => ({ t, amount: abs(minor(t.amount, currency)) }))
    .filter((x) => x.amount > 0)
    // eBay sends no rate; the amount is the tax.
    .map(({ t, amount }) => ({ title: (t.taxType ?? 'tax').slice(0, 100), rate: '0', amount: formatMoney(amount, currency) }));

  const listing = {
    ...(li.sku && { channelSku: li.sku.slice(0, 128) }),
    ...(li.legacyItemId && { legacyItemId: li.legacyItemId.slice(0, 32) }),
    ...(li.legacyVariationId && { legacyVariationId: li.legacyVariationId.slice(0, 32) }),
  };
  return {
    line: {
      // The seller's SKU names a hub product directly only when it is one the hub could have; otherwise
      // it is the listing's channel SKU and resolves through the listings.
      ...(li.sku && SKU_CODE.test(li.sku) && { sku: li.sku }),
      ...(li.title && { title: li.title.slice(0, 255) }),
      ...(Object.keys(listing).length > 0 && { listing }),
      quantity,
      unitPrice: formatMoney(unitMinor, currency),
      ...(li.lineItemId && { channelLineId: li.lineItemId }),
      ...(discounts.length > 0 && { discounts }),
      ...(taxLines.length > 0 && { taxLines }),
    },
    remitInTotal: remitInTotal.reduce((s, t) => s + abs(minor(t.amount, currency)), 0),
  };
}

/**
 * A line's taxes that are the seller's, and eBay's collect-and-remit taxes that eBay also put into
 * the totals: per the OAS, a collect-and-remit tax is inside `total` exactly when the same tax
 * type also appears in the line's `taxes` (getOrders with fieldGroups=TAX_BREAKDOWN).
 */
export function splitTaxes(taxes: EbayTax[], remitted: EbayTax[]): { seller: EbayTax[]; remitInTotal: EbayTax[] } {
  const seller = [...taxes];
  const remitInTotal: EbayTax[] = [];
  for (const r of remitted) {
    const i = seller.findIndex((t) => t.taxType === r.taxType);
    if (i >= 0) remitInTotal.push(seller.splice(i, 1)[0]);
  }
  return { seller, remitInTotal };
}

/** Delivery as one shipping line: each line's shipping and handling, less its delivery discount; else the order's delivery cost. */
function mapShipping(order: EbayOrder, currency: string): NonNullable<HubOrderRequest['shippingLines']>[number] {
  const items = order.lineItems ?? [];
  const withDelivery = items.filter((li) => li.deliveryCost);
  let price: number;
  let discount: number;
  if (withDelivery.length > 0) {
    price = withDelivery.reduce((s, li) => s + (minor(li.deliveryCost!.shippingCost, currency) ?? 0) + (minor(li.deliveryCost!.handlingCost, currency) ?? 0), 0);
    discount = withDelivery.reduce((s, li) => s + abs(minor(li.deliveryCost!.discountAmount, currency)), 0);
  } else {
    price = minor(order.pricingSummary?.deliveryCost, currency) ?? 0;
    discount = abs(minor(order.pricingSummary?.deliveryDiscount, currency));
  }
  const step = order.fulfillmentStartInstructions?.[0]?.shippingStep;
  return {
    service: (step?.shippingServiceCode ?? 'eBay shipping').slice(0, 100),
    price: formatMoney(Math.max(price, 0), currency),
    ...(discount > 0 && { discounts: [{ title: 'eBay delivery discount', amount: formatMoney(discount, currency) }] }),
  };
}

function customerOf(order: EbayOrder, shipTo: EbayContact | undefined): HubOrderRequest['customer'] {
  // The buyer (and the ship-to's name, e-mail, phone) is removed once eBay's retention period is over: the order imports without them.
  const email = shipTo?.email ?? order.buyer?.buyerRegistrationAddress?.email;
  return {
    ...(order.buyer?.username && { id: order.buyer.username.slice(0, 64) }),
    ...(shipTo?.fullName && { name: shipTo.fullName.slice(0, 200) }),
    ...(email && isMailbox(email) && { email }),
  };
}

function addressOf(shipTo: EbayContact): NonNullable<HubOrderRequest['shippingAddress']> {
  const a = shipTo.contactAddress ?? {};
  const country = a.countryCode === 'UK' ? 'GB' : a.countryCode;
  return {
    ...(shipTo.fullName && { name: shipTo.fullName.slice(0, 200) }),
    ...(a.addressLine1 && { line1: a.addressLine1.slice(0, 200) }),
    ...(a.addressLine2 && { line2: a.addressLine2.slice(0, 200) }),
    ...(a.city && { city: a.city.slice(0, 100) }),
    ...(a.stateOrProvince && { region: a.stateOrProvince.slice(0, 100) }),
    ...(a.postalCode && { postalCode: a.postalCode.slice(0, 20) }),
    ...(country && /^[A-Z]{2}$/.test(country) && { country }),
  };
}

/** The order's currency: its total's, else its first line's. eBay states amounts in the seller's currency (convertedFrom* is the buyer's). */
function orderCurrency(order: EbayOrder): string {
  const candidates = [order.pricingSummary?.total?.currency, order.lineItems?.[0]?.lineItemCost?.currency, order.pricingSummary?.priceSubtotal?.currency];
  return candidates.find((c): c is string => typeof c === 'string' && isCurrencyCode(c)) ?? candidates.find((c): c is string => typeof c === 'string') ?? 'USD';
}

/** Minor units of an eBay amount ("263.0", "-13.15"); undefined when absent or unreadable. */
export function minor(amount: EbayAmount | undefined, currency: string): number | undefined {
  const value = amount?.value;
  if (typeof value !== 'string') return undefined;
  const negative = value.startsWith('-');
  try {
    const m = parseMoney(negative ? value.slice(1) : value, currency);
    return negative ? -m : m;
  } catch {
    // Unreadable, or a currency the hub does not know (the hub's validation then names the currency).
    return undefined;
  }
}

const abs = (m: number | undefined) => Math.abs(m ?? 0);
