/**
 * The money of a Shopify payload as the hub reads it: decimal strings in the currency's minor
 * digits, the presentment (customer's) and shop amounts of each `*_set`, tax lines, discounts and
 * the cap that keeps a discount from exceeding what it discounts. Pure; never throws.
 */
import { isCurrencyCode, minorDigits } from '../../domain/money';
import { isObj, own, type Obj } from '../common';
import { list, text } from './payloadFields';

const AMOUNT = /^(\d{1,12})(?:\.(\d+))?$/;

/**
 * A Shopify amount as the hub reads it: the decimal string, with zero fraction digits beyond the
 * currency's own dropped ("1000.00" JPY is 1000). Anything else (a number, a sign, real extra
 * digits) is returned as it is, so the API schema names the field in its 400.
 */
export function amount(v: unknown, currency: string | undefined): string | undefined {
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

export interface Currencies {
  /** What the customer paid in: the order's currency. */
  presentment: string;
  /** The shop's, when it differs. */
  shop?: string;
}

/** The presentment amount of a field (from its *_set, else the plain field when the shop's currency is the customer's). */
export function presentmentAmount(o: Obj, plain: string, set: string, c: Currencies): string | undefined {
  const fromSet = moneySet(o, set, 'presentment_money');
  if (fromSet !== undefined) return amount(fromSet, c.presentment);
  return c.shop === undefined ? amount(own(o, plain), c.presentment) : undefined;
}

export function shopAmount(o: Obj, plain: string, set: string, c: Currencies): string | undefined {
  if (c.shop === undefined) return undefined;
  return amount(moneySet(o, set, 'shop_money') ?? own(o, plain), c.shop);
}

function rateText(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) {
    const s = String(v);
    return /e/i.test(s) ? v.toFixed(12).replace(/0+$/, '').replace(/\.$/, '') : s;
  }
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())) return v.trim();
  return '0';
}

export function taxLines(o: Obj, c: Currencies) {
  return list(own(o, 'tax_lines')).map((t) => ({
    title: text(own(t, 'title'), 100) ?? 'Tax',
    rate: rateText(own(t, 'rate')),
    amount: presentmentAmount(t, 'price', 'price_set', c) ?? '0',
    ...(c.shop !== undefined && { shopAmount: shopAmount(t, 'price', 'price_set', c) }),
  }));
}

/** discount_allocations -> line discounts; the title or code comes from the order's discount_applications. */
export function discounts(o: Obj, applications: Obj[], c: Currencies) {
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
export function minor(a: string | undefined, currency: string): number {
  const m = a === undefined ? null : AMOUNT.exec(a);
  if (!m || !isCurrencyCode(currency)) return NaN;
  const digits = minorDigits(currency);
  const fraction = (m[2] ?? '').padEnd(digits, '0');
  if (fraction.length > digits) return NaN;
  return Number(m[1]) * 10 ** digits + (digits ? Number(fraction) : 0);
}

export function formatMinor(value: number, currency: string): string {
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
export function capDiscounts<D extends { amount: string; shopAmount?: string }>(list: D[], limitMinor: number, currency: string, notes: string[], where: string): D[] {
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
