/**
 * The money part of an order payload as decimal strings (the API's shape, as in issue 13) into
 * the minor-unit model. Every amount is read exactly with the currency's ISO 4217 digits; a value
 * that cannot be read throws a MoneyFieldError naming the field path, e.g.
 * `lines[1].taxLines[0].amount`, so the API can answer a 4xx that names it.
 *
 * Only the shape is checked here. Whether the figures add up is reconcile.ts's business: a real
 * order whose figures disagree is held, not refused.
 */
import { isCurrencyCode, MoneyFieldError, parseMoneyAt } from '../money';
import type { ChannelTotals, Discount, PricedLine, PricedOrder, ShippingLine, TaxLine } from './model';

export interface DiscountInput {
  code?: string;
  title?: string;
  amount: string;
  shopAmount?: string;
}

export interface TaxLineInput {
  title: string;
  rate: string | number;
  amount: string;
  shopAmount?: string;
}

export interface PricedLineInput {
  channelLineId?: string;
  quantity: number;
  unitPrice: string;
  shopUnitPrice?: string;
  discounts?: DiscountInput[];
  taxLines?: TaxLineInput[];
}

export interface ShippingLineInput {
  service: string;
  price: string;
  shopPrice?: string;
  discounts?: DiscountInput[];
  taxLines?: TaxLineInput[];
}

export interface PricedOrderInput {
  currency: string;
  shopCurrency?: string;
  taxesIncluded?: boolean;
  lines: PricedLineInput[];
  shippingLines?: ShippingLineInput[];
}

export interface ChannelTotalsInput {
  total: string;
  tax?: string;
  discounts?: string;
}

/** Reads a shop-currency amount only when there is a shop currency to read it in. */
function shopAmount(field: string, value: string | undefined, shopCurrency: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!shopCurrency) throw new MoneyFieldError(field, 'a shop amount needs shopCurrency');
  return parseMoneyAt(field, value, shopCurrency);
}

function parseDiscounts(at: string, list: DiscountInput[] | undefined, currency: string, shopCurrency?: string): Discount[] {
  return (list ?? []).map((d, i) => ({
    ...(d.code !== undefined ? { code: d.code } : {}),
    ...(d.title !== undefined ? { title: d.title } : {}),
    amountMinor: parseMoneyAt(`${at}.discounts[${i}].amount`, d.amount, currency),
    ...optional('shopAmountMinor', shopAmount(`${at}.discounts[${i}].shopAmount`, d.shopAmount, shopCurrency)),
  }));
}

function parseTaxLines(at: string, list: TaxLineInput[] | undefined, currency: string, shopCurrency?: string): TaxLine[] {
  return (list ?? []).map((t, i) => {
    if (typeof t.title !== 'string' || t.title === '') throw new MoneyFieldError(`${at}.taxLines[${i}].title`, 'a tax line needs a title');
    // Kept as text: a rate is shown, never multiplied (the channel's amount is the tax).
    const rate = typeof t.rate === 'number' && Number.isFinite(t.rate) ? String(t.rate) : t.rate;
    if (typeof rate !== 'string' || !/^\d+(\.\d+)?$/.test(rate)) {
      throw new MoneyFieldError(`${at}.taxLines[${i}].rate`, `${JSON.stringify(t.rate)} is not a rate like "0.06"`);
    }
    return {
      title: t.title,
      rate,
      amountMinor: parseMoneyAt(`${at}.taxLines[${i}].amount`, t.amount, currency),
      ...optional('shopAmountMinor', shopAmount(`${at}.taxLines[${i}].shopAmount`, t.shopAmount, shopCurrency)),
    };
  });
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: number });
}

export function parsePricedOrder(input: PricedOrderInput): PricedOrder {
  const { currency, shopCurrency } = input;
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) throw new MoneyFieldError('currency', `${JSON.stringify(currency)} is not an ISO 4217 code like "USD"`);
  if (shopCurrency !== undefined && (typeof shopCurrency !== 'string' || !isCurrencyCode(shopCurrency))) {
    throw new MoneyFieldError('shopCurrency', `${JSON.stringify(shopCurrency)} is not an ISO 4217 code like "USD"`);
  }
  if (!Array.isArray(input.lines) || input.lines.length === 0) throw new MoneyFieldError('lines', 'an order needs at least one line');
  const lines: PricedLine[] = input.lines.map((line, i) => {
    const at = `lines[${i}]`;
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new MoneyFieldError(`${at}.quantity`, `${JSON.stringify(line.quantity)} is not a whole number >= 1`);
    }
    return {
      lineNo: i + 1,
      ...(line.channelLineId !== undefined ? { channelLineId: line.channelLineId } : {}),
      quantity: line.quantity,
      unitPriceMinor: parseMoneyAt(`${at}.unitPrice`, line.unitPrice, currency),
      ...optional('shopUnitPriceMinor', shopAmount(`${at}.shopUnitPrice`, line.shopUnitPrice, shopCurrency)),
      discounts: parseDiscounts(at, line.discounts, currency, shopCurrency),
      taxLines: parseTaxLines(at, line.taxLines, currency, shopCurrency),
    };
  });
  const shippingLines: ShippingLine[] = (input.shippingLines ?? []).map((s, i) => {
    const at = `shippingLines[${i}]`;
    if (typeof s.service !== 'string' || s.service === '') throw new MoneyFieldError(`${at}.service`, 'a shipping line needs a service');
    return {
      service: s.service,
      priceMinor: parseMoneyAt(`${at}.price`, s.price, currency),
      ...optional('shopPriceMinor', shopAmount(`${at}.shopPrice`, s.shopPrice, shopCurrency)),
      discounts: parseDiscounts(at, s.discounts, currency, shopCurrency),
      taxLines: parseTaxLines(at, s.taxLines, currency, shopCurrency),
    };
  });
  return {
    currency,
    ...(shopCurrency !== undefined ? { shopCurrency } : {}),
    taxesIncluded: input.taxesIncluded ?? false,
    lines,
    shippingLines,
  };
}

export function parseChannelTotals(input: ChannelTotalsInput, currency: string): ChannelTotals {
  return {
    totalMinor: parseMoneyAt('channelTotals.total', input.total, currency),
    ...optional('taxMinor', input.tax === undefined ? undefined : parseMoneyAt('channelTotals.tax', input.tax, currency)),
    ...optional('discountsMinor', input.discounts === undefined ? undefined : parseMoneyAt('channelTotals.discounts', input.discounts, currency)),
  };
}
