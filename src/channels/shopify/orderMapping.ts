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
import { isCurrencyCode, minorDigits } from '../../domain/money';
import { isObj, own, serviceFromCode, fastest, type Obj } from '../common';
import type { ShippingService } from '../../domain/order';
import { idText } from './losslessJson';

export const SHOPIFY_FINANCIAL_STATUSES = ['pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided'] as const;

const SKU_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const AMOUNT = /^(\d{1,12})(?:\.(\d+))?$/;

/** A hold the hub places once the order exists, with the note an operator reads. */
export interface MappedHold {
  reason: 'manual' | 'payment';
  note: string;
}

/** A refund Shopify made (already paid back to the customer): recorded, never repeated by the hub. */
export interface ShopifyRefund {
  id: string;
  /** Presentment currency, decimal string. */
  amount: string;
  at?: string;
}

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

const text = (v: unknown, max: number): string | undefined => {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t.slice(0, max);
};

/**
 * A Shopify amount as the hub reads it: the decimal string, with zero fraction digits beyond the
 * currency's own dropped ("1000.00" JPY is 1000). Anything else (a number, a sign, real extra
 * digits) is returned as it is, so the API schema names the field in its 400.
 */
function amount(v: unknown, currency: string | undefined): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
  if (typeof v !== 'string') return undefined;
  const m = AMOUNT.exec(v.trim());
  if (!m || !currency || !isCurrencyCode(currency)) return v;
  const digits = minorDigits(currency);
  const fraction = m[2] ?? '';
  if (fraction.length <= digits || /^0*$/.test(fraction.slice(digits))) {
    const kept = fraction.slice(0, digits);
    return kept ? `${m[1]}.${kept}` : m[1];
  }
  return v;
}

/** `x_set.presentment_money.amount` (or shop_money), else the plain field when it is in that currency. */
function moneySet(o: Obj, setKey: string, side: 'presentment_money' | 'shop_money'): string | undefined {
  const set = own(o, setKey);
  if (!isObj(set)) return undefined;
  const m = own(set, side);
  if (!isObj(m)) return undefined;
  const a = own(m, 'amount');
  return typeof a === 'string' ? a : typeof a === 'number' ? String(a) : undefined;
}

interface Currencies {
  /** What the customer paid in: the order's currency. */
  presentment: string;
  /** The shop's, when it differs. */
  shop?: string;
}

/** The presentment amount of a field (from its *_set, else the plain field when the shop's currency is the customer's). */
function presentmentAmount(o: Obj, plain: string, set: string, c: Currencies): string | undefined {
  const fromSet = moneySet(o, set, 'presentment_money');
  if (fromSet !== undefined) return amount(fromSet, c.presentment);
  return c.shop === undefined ? amount(own(o, plain), c.presentment) : undefined;
}

function shopAmount(o: Obj, plain: string, set: string, c: Currencies): string | undefined {
  if (c.shop === undefined) return undefined;
  return amount(moneySet(o, set, 'shop_money') ?? own(o, plain), c.shop);
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

function rateText(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) {
    const s = String(v);
    return /e/i.test(s) ? v.toFixed(12).replace(/0+$/, '').replace(/\.$/, '') : s;
  }
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())) return v.trim();
  return '0';
}

function taxLines(o: Obj, c: Currencies) {
  return list(own(o, 'tax_lines')).map((t) => ({
    title: text(own(t, 'title'), 100) ?? 'Tax',
    rate: rateText(own(t, 'rate')),
    amount: presentmentAmount(t, 'price', 'price_set', c) ?? '0',
    ...(c.shop !== undefined && { shopAmount: shopAmount(t, 'price', 'price_set', c) }),
  }));
}

/** discount_allocations -> line discounts; the title or code comes from the order's discount_applications. */
function discounts(o: Obj, applications: Obj[], c: Currencies) {
  return list(own(o, 'discount_allocations')).map((d) => {
    const index = own(d, 'discount_application_index');
    const app = typeof index === 'number' ? applications[index] : undefined;
    const code = app && text(own(app, 'code'), 100);
    const title = app && (text(own(app, 'title'), 200) ?? text(own(app, 'description'), 200));
    return {
      ...(code && { code }),
      ...(title && { title }),
      amount: presentmentAmount(d, 'amount', 'amount_set', c) ?? '0',
      ...(c.shop !== undefined && { shopAmount: shopAmount(d, 'amount', 'amount_set', c) }),
    };
  });
}

/** Minor units of a well-formed amount (for the cap below); NaN when it is not one. */
function minor(a: string | undefined, currency: string): number {
  const m = a === undefined ? null : AMOUNT.exec(a);
  if (!m || !isCurrencyCode(currency)) return NaN;
  const digits = minorDigits(currency);
  const fraction = (m[2] ?? '').padEnd(digits, '0');
  if (fraction.length > digits) return NaN;
  return Number(m[1]) * 10 ** digits + (digits ? Number(fraction) : 0);
}

function formatMinor(value: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(value);
  const s = String(value).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/**
 * Discounts larger than what they discount (Shopify's own test notification puts 5.00 on a 0.00
 * line) would make the customer owe less than nothing, which the hub's money model refuses. They
 * are capped at what they discount, and the channel total (sent unchanged) then differs from the
 * hub's: the order is accepted and held total_mismatch with both figures, never refused.
 */
function capDiscounts<D extends { amount: string; shopAmount?: string }>(list: D[], limitMinor: number, currency: string, notes: string[], where: string): D[] {
  let left = limitMinor;
  return list.map((d) => {
    const m = minor(d.amount, currency);
    if (Number.isNaN(m) || Number.isNaN(left)) return d;
    if (m <= left) {
      left -= m;
      return d;
    }
    notes.push(`${where}: discount ${d.amount} is more than the ${formatMinor(left, currency)} it can discount; capped`);
    const capped = { ...d, amount: formatMinor(Math.max(left, 0), currency) };
    left = 0;
    if (capped.shopAmount !== undefined) delete capped.shopAmount;
    return capped;
  });
}

function fullName(first: unknown, last: unknown): string | undefined {
  const parts = [first, last].map((p) => text(p, 100)).filter((p): p is string => p !== undefined);
  return parts.length ? parts.join(' ').slice(0, 200) : undefined;
}

const COUNTRY = /^[A-Z]{2}$/;

function address(a: unknown) {
  if (!isObj(a)) return undefined;
  const country = text(own(a, 'country_code'), 2)?.toUpperCase();
  const mapped = {
    name: text(own(a, 'name'), 200) ?? fullName(own(a, 'first_name'), own(a, 'last_name')),
    line1: text(own(a, 'address1'), 200),
    line2: text(own(a, 'address2'), 200),
    city: text(own(a, 'city'), 100),
    region: text(own(a, 'province_code'), 100) ?? text(own(a, 'province'), 100),
    postalCode: text(own(a, 'zip'), 20),
    country: country && COUNTRY.test(country) ? country : undefined,
  };
  return Object.fromEntries(Object.entries(mapped).filter(([, v]) => v !== undefined));
}

function hasVipTag(tags: unknown): boolean {
  return typeof tags === 'string' && tags.split(',').some((t) => t.trim().toLowerCase() === 'vip');
}

/** Sum of the successful refund transactions of one refund (presentment currency). */
export function refundAmount(refund: Obj, currency: string): string | undefined {
  let total = 0;
  for (const t of list(own(refund, 'transactions'))) {
    if (own(t, 'kind') !== 'refund' || (own(t, 'status') !== undefined && own(t, 'status') !== 'success')) continue;
    const m = minor(amount(own(t, 'amount'), currency), currency);
    if (!Number.isNaN(m)) total += m;
  }
  return total > 0 ? formatMinor(total, currency) : undefined;
}

function refundsOf(order: Obj, currency: string): ShopifyRefund[] {
  return list(own(order, 'refunds')).flatMap((r) => {
    const id = idText(own(r, 'id'));
    const amt = refundAmount(r, currency);
    if (!id || !amt) return [];
    const at = text(own(r, 'created_at'), 40);
    return [{ id, amount: amt, ...(at && ISO_DATETIME.test(at) && { at }) }];
  });
}

/** A stable fingerprint of a value (sorted keys). */
function key(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    isObj(val)
      ? Object.fromEntries(
          Object.keys(val)
            .sort()
            .map((k) => [k, val[k]]),
        )
      : val,
  );
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

/**
 * financial_status -> the hub's payment (docs/shopify.md):
 * - pending: the hub waits for the money (orders/paid brings it);
 * - authorized: the checkout authorized it, the hub captures by the channel's capture policy;
 * - partially_paid: authorized, with what was captured (total_price - total_outstanding) as a capture;
 * - paid: Shopify captured everything;
 * - partially_refunded / refunded: paid, Shopify gave some or all back: the refunds are recorded
 *   (never repeated by the hub) and the order is held `manual` so an operator decides what still ships;
 * - voided (or any status on a cancelled order): nothing is held by anyone, so pending; the order is cancelled at once.
 */
function paymentOf(status: string | undefined, o: Obj, c: Currencies, total: string | undefined, cancelled: boolean, holds: MappedHold[], refunds: ShopifyRefund[]) {
  const reference = idText(own(o, 'id')) ? `shopify:${idText(own(o, 'id'))}` : undefined;
  const gateway = Array.isArray(own(o, 'payment_gateway_names')) ? text((own(o, 'payment_gateway_names') as unknown[])[0], 64) : undefined;
  if (cancelled) return { status: 'pending' };
  switch (status) {
    case 'paid':
      return { status: 'paid', ...(reference && { reference }) };
    case 'authorized':
      return { status: 'authorized', ...(reference && { reference }) };
    case 'partially_paid': {
      const outstanding = presentmentAmount(o, 'total_outstanding', 'total_outstanding_set', c);
      const captured = total !== undefined && outstanding !== undefined ? minor(total, c.presentment) - minor(outstanding, c.presentment) : NaN;
      if (!(captured > 0)) return { status: 'authorized', ...(reference && { reference }) };
      return {
        status: 'partially_paid',
        ...(reference && { reference }),
        transactions: [{ kind: 'capture', amount: formatMinor(captured, c.presentment), ...(gateway && { gateway }) }],
      };
    }
    case 'partially_refunded':
    case 'refunded': {
      const given = refunds.map((r) => r.amount).join(' + ') || 'an amount not in the payload';
      holds.push({
        reason: 'manual',
        note: `Shopify reports the order ${status.replace('_', ' ')} (${given} ${c.presentment} returned) before the hub received it: check what still ships`,
      });
      return { status: 'paid', ...(reference && { reference }) };
    }
    case 'pending':
      return { status: 'pending' };
    default:
      holds.push({ reason: 'payment', note: `Shopify financial_status ${status === undefined ? 'missing' : `"${status}"`}: treated as pending` });
      return { status: 'pending' };
  }
}
