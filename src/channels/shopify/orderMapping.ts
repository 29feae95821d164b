/**
 * A Shopify order (the REST Admin `Order` resource, which is also the body of the orders/*
 * webhooks) -> the hub's create-order request, plus what the request cannot say: that Shopify has
 * cancelled it already, the refunds Shopify made, holds an operator must see. Pure; never throws.
 *
 * Never lose a real order: only a body that is not an order at all (no id, no line_items) is
 * `unusable`. Everything a store may leave out (customer, e-mail, address, sku, variant) maps to
 * "absent", and the hub accepts and holds the order where it must (address, unmapped_sku). Amounts
 * stay decimal strings; the hub's money model reads them in the currency's minor units.
 *
 * Currencies: Shopify's `currency` is the shop's, `presentment_currency` the customer's. The hub's
 * order is in what the customer paid (presentment), with the shop's figures beside it
 * (shopCurrency, shopUnitPrice, shopAmount, shopPrice) taken from the `*_set` amounts.
 */
import { isMailbox } from '../../domain/email';
import { SKU_CODE } from '../../api/schemaParts';
import { isObj, own, serviceFromCode, fastest, type Obj } from '../common';
import type { ShippingService } from '../../domain/order';
import { idText } from './losslessJson';
import { capDiscounts, discounts, minor, presentmentAmount, shopAmount, taxLines, type Currencies } from './orderMoney';
import { paymentOf, refundsOf, type MappedHold, type ShopifyRefund } from './orderPayment';
import { ISO_DATETIME, address, fullName, hasVipTag, key, list, text } from './payloadFields';

export { refundAmount, type MappedHold, type ShopifyRefund } from './orderPayment';

export const SHOPIFY_FINANCIAL_STATUSES = ['pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided'] as const;

export interface MappedShopifyOrder {
  ok: true;
  externalId: string;
  /** The request for createOrder, before the API schema validates it. */
  request: Record<string, unknown>;
  /** cancelled_at is set, or the payment was voided: the order is recorded as cancelled, never fulfilled. */
  cancelled: boolean;
  cancelReason?: string;
  financialStatus?: string;
  refunds: ShopifyRefund[];
  holds: MappedHold[];
  /** Shopify's updated_at: an older delivery never overwrites a newer one. */
  updatedAt?: string;
  /** Fingerprints: the shipping address, and what is sold for how much (lines, quantities, totals). */
  addressKey: string;
  contentKey: string;
  /** What the mapping had to drop to keep the order (an e-mail that is not one, an unknown currency on a tax line...). */
  notes: string[];
}

export interface UnusableShopifyOrder {
  ok: false;
  problems: { field: string; message: string }[];
}

export function mapShopifyOrder(channel: string, payload: unknown): MappedShopifyOrder | UnusableShopifyOrder {
  if (!isObj(payload)) return { ok: false, problems: [{ field: 'body', message: 'must be a Shopify order object' }] };
  const o = payload;
  const externalId = idText(own(o, 'id'));
  const items = own(o, 'line_items');
  const problems: UnusableShopifyOrder['problems'] = [];
  if (!externalId) problems.push({ field: 'id', message: "must be the order's numeric id" });
  if (!Array.isArray(items)) problems.push({ field: 'line_items', message: 'must be a list of line items' });
  if (problems.length) return { ok: false, problems };

  const notes: string[] = [];
  const shopCurrency = text(own(o, 'currency'), 3);
  const presentment = text(own(o, 'presentment_currency'), 3) ?? shopCurrency ?? '';
  const c: Currencies = { presentment, ...(shopCurrency && shopCurrency !== presentment && { shop: shopCurrency }) };
  const applications = list(own(o, 'discount_applications'));

  const lines = list(items).map((item, i) => {
    const sku = text(own(item, 'sku'), 128);
    const variantId = idText(own(item, 'variant_id'));
    const lineId = idText(own(item, 'id'));
    const quantity = own(item, 'quantity');
    const unitPrice = presentmentAmount(item, 'price', 'price_set', c);
    const requiresShipping = own(item, 'requires_shipping');
    const lineDiscounts = capDiscounts(
      discounts(item, applications, c),
      (typeof quantity === 'number' ? quantity : NaN) * minor(unitPrice, presentment),
      presentment,
      notes,
      `line_items[${i}]`,
    );
    return {
      // A hub SKU only when it can be one; the channel's SKU always goes to the listing lookup.
      ...(sku && SKU_CODE.test(sku) && { sku }),
      ...((sku || variantId) && { listing: { ...(sku && { channelSku: sku }), ...(variantId && { variantId }) } }),
      ...(text(own(item, 'title'), 255) || text(own(item, 'name'), 255) ? { title: text(own(item, 'title'), 255) ?? text(own(item, 'name'), 255) } : {}),
      quantity,
      unitPrice,
      ...(c.shop !== undefined && { shopUnitPrice: shopAmount(item, 'price', 'price_set', c) }),
      ...(typeof requiresShipping === 'boolean' && { requiresShipping }),
      ...(lineId && { channelLineId: lineId }),
      ...(lineDiscounts.length && { discounts: lineDiscounts }),
      ...(taxLines(item, c).length && { taxLines: taxLines(item, c) }),
    };
  });

  const services: ShippingService[] = [];
  const shippingLines = list(own(o, 'shipping_lines')).map((s, i) => {
    const service = text(own(s, 'title'), 100) ?? text(own(s, 'code'), 100) ?? 'Shipping';
    services.push(serviceFromCode(text(own(s, 'code'), 100) ?? service));
    const price = presentmentAmount(s, 'price', 'price_set', c);
    const shipDiscounts = capDiscounts(discounts(s, applications, c), minor(price, presentment), presentment, notes, `shipping_lines[${i}]`);
    return {
      service,
      price,
      ...(c.shop !== undefined && { shopPrice: shopAmount(s, 'price', 'price_set', c) }),
      ...(shipDiscounts.length && { discounts: shipDiscounts }),
      ...(taxLines(s, c).length && { taxLines: taxLines(s, c) }),
    };
  });

  const customer = isObj(own(o, 'customer')) ? (own(o, 'customer') as Obj) : undefined;
  // An empty e-mail is a guest or a point-of-sale order: absent, never invented. One that is not an e-mail is dropped (and noted) rather than refusing the order.
  const emailText = text(own(o, 'email'), 254) ?? text(own(o, 'contact_email'), 254) ?? (customer && text(own(customer, 'email'), 254));
  const email = emailText && isMailbox(emailText) ? emailText : undefined;
  if (emailText && !email) notes.push(`email "${emailText}" is not an e-mail address; left out`);
  const shipTo = address(own(o, 'shipping_address'));
  const customerName = (customer && fullName(own(customer, 'first_name'), own(customer, 'last_name'))) ?? (shipTo?.name as string | undefined);
  const billingCountry = address(own(o, 'billing_address'))?.country;

  const financialStatus = text(own(o, 'financial_status'), 40);
  const cancelledAt = text(own(o, 'cancelled_at'), 40);
  const cancelled = cancelledAt !== undefined || financialStatus === 'voided';
  const totalPrice = presentmentAmount(o, 'total_price', 'total_price_set', c);
  const totalTax = presentmentAmount(o, 'total_tax', 'total_tax_set', c);
  const refunds = refundsOf(o, presentment);
  const holds: MappedHold[] = [];

  const payment = paymentOf(financialStatus, o, c, totalPrice, cancelled, holds, refunds);
  const placedAt = [text(own(o, 'processed_at'), 40), text(own(o, 'created_at'), 40)].find((t) => t && ISO_DATETIME.test(t));
  const updatedAt = text(own(o, 'updated_at'), 40);

  const request: Record<string, unknown> = {
    channel,
    externalId,
    customer: {
      ...(customer && idText(own(customer, 'id')) && { id: idText(own(customer, 'id')) }),
      ...(email && { email }),
      ...(customerName && { name: customerName }),
      tier: customer && hasVipTag(own(customer, 'tags')) ? 'vip' : 'standard',
    },
    currency: presentment,
    ...(c.shop !== undefined && { shopCurrency: c.shop }),
    lines,
    ...(shipTo && Object.keys(shipTo).length && { shippingAddress: shipTo }),
    ...(billingCountry && { billingAddress: { country: billingCountry } }),
    shippingService: fastest(services),
    shippingLines,
    taxesIncluded: own(o, 'taxes_included') === true,
    // Shopify's own total, always: any difference from the hub's figures holds the order total_mismatch.
    ...(totalPrice !== undefined && { channelTotals: { total: totalPrice, ...(totalTax !== undefined && { tax: totalTax }) } }),
    payment,
    ...(placedAt && { placedAt }),
  };

  return {
    ok: true,
    externalId: externalId!,
    request,
    cancelled,
    ...(cancelled && {
      cancelReason: `cancelled on Shopify${text(own(o, 'cancel_reason'), 100) ? ` (${text(own(o, 'cancel_reason'), 100)})` : ''}${financialStatus === 'voided' ? ', payment voided' : ''}`,
    }),
    ...(financialStatus && { financialStatus }),
    refunds,
    holds,
    ...(updatedAt && ISO_DATETIME.test(updatedAt) && { updatedAt }),
    addressKey: key(shipTo ?? null),
    contentKey: key({ lines: lines.map((l) => [l.channelLineId, l.listing, l.quantity, l.unitPrice, l.discounts, l.taxLines]), shippingLines, totalPrice }),
    notes,
  };
}
