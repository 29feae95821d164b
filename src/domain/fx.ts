/**
 * Order totals in US cents, so that money thresholds (fraud review, risk score) mean the same
 * worth in every currency: 50,000 minor units is 500 USD, but 2 USD in VND (no minor unit) and
 * about 160 USD in KWD (three-digit minor unit). Exact: rates are decimal strings, the arithmetic
 * is BigInt, the result is rounded down to whole cents. Pure (no I/O, no clock): the activity that loads an order's rule
 * context and the rules preview convert with the same function.
 */
import { minorDigits } from './money';

/** Units of a currency that one US dollar buys, as a decimal string (EUR "0.92", JPY "150"). */
export type FxRates = Readonly<Record<string, string>>;

/**
 * Rounded rates, good for magnitudes only: a fraud threshold is a heuristic and tolerates a rate
 * that is some percent off; what it cannot tolerate is a currency read as if it were dollars
 * (VND is about 25,000 to the dollar). Operators set current rates with FX_RATES; a currency
 * with no rate counts as over every threshold (see orderTotalUsdCents in the facts).
 * Volatile currencies are left out on purpose: an outdated rate there is worse than none.
 */
export const DEFAULT_FX_RATES: FxRates = {
  USD: '1',
  EUR: '0.92',
  GBP: '0.79',
  CHF: '0.88',
  CAD: '1.37',
  AUD: '1.52',
  NZD: '1.66',
  JPY: '150',
  CNY: '7.2',
  HKD: '7.8',
  SGD: '1.35',
  TWD: '32',
  KRW: '1350',
  INR: '83',
  IDR: '15800',
  VND: '25000',
  THB: '36',
  MYR: '4.7',
  PHP: '56',
  SEK: '10.5',
  NOK: '10.7',
  DKK: '6.9',
  ISK: '138',
  PLN: '4',
  CZK: '23',
  HUF: '360',
  RON: '4.6',
  ILS: '3.7',
  AED: '3.6725',
  SAR: '3.75',
  QAR: '3.64',
  KWD: '0.307',
  BHD: '0.376',
  OMR: '0.385',
  JOD: '0.709',
  MXN: '17',
  BRL: '5',
  CLP: '940',
  COP: '3900',
  PEN: '3.7',
  ZAR: '18.5',
  MAD: '10',
  KES: '130',
};

const RATE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;
const CURRENCY = /^[A-Z]{3}$/;

/** `EUR=0.92,JPY=150` (units per US dollar) -> rates; throws naming the bad entry. */
export function parseFxRates(text: string): Record<string, string> {
  const rates: Record<string, string> = {};
  for (const [i, entry] of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .entries()) {
    const [currency = '', rate, ...rest] = entry.split('=').map((p) => p.trim());
    if (rate === undefined || rest.length > 0 || !CURRENCY.test(currency)) throw new Error(`entry ${i + 1} must be "<ISO 4217 code>=<units per US dollar>", e.g. EUR=0.92`);
    if (!RATE.test(rate) || /^0*(\.0*)?$/.test(rate)) throw new Error(`the rate for ${currency} must be a positive decimal like 0.92 or 150`);
    if (currency === 'USD' && Number(rate) !== 1) throw new Error('the rate for USD is 1 by definition');
    if (Object.prototype.hasOwnProperty.call(rates, currency)) throw new Error(`${currency} is listed twice`);
    rates[currency] = rate;
  }
  return rates;
}

/** `amountMinor` of `currency` in whole US cents (rounded down), or undefined when no rate is known. */
export function toUsdCents(amountMinor: number, currency: string, rates: FxRates): number | undefined {
  const code = currency.toUpperCase();
  const rate = Object.prototype.hasOwnProperty.call(rates, code) ? RATE.exec(rates[code]) : null;
  if (!rate || !Number.isSafeInteger(amountMinor)) return undefined;
  const [, whole, fraction = ''] = rate;
  // rate = units / 10^fraction.length; cents = amountMinor / 10^digits / rate * 100.
  const units = BigInt(whole + fraction);
  if (units === 0n) return undefined;
  const numerator = BigInt(amountMinor) * 100n * 10n ** BigInt(fraction.length);
  const denominator = 10n ** BigInt(minorDigits(code)) * units;
  return Number(numerator / denominator);
}
