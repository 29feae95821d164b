/**
 * Money is exact: decimal strings at the edge ("19.99"), integer minor units inside (1999).
 * No floating point anywhere on the way.
 */
import { isIso4217 } from './currencies';

/** ISO 4217 currencies whose minor unit is not 2 digits; all others use 2. */
const MINOR_DIGITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Largest amount we accept, so totals stay exact in a 32-bit database column. */
export const MAX_MINOR_UNITS = 2_000_000_000;

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

/** A real ISO 4217 code (src/domain/currencies.ts), not just three capital letters. */
export function isCurrencyCode(value: string): boolean {
  return isIso4217(value);
}

export class MoneyFormatError extends Error {}

/** A money value that could not be read, with the path of the field it came from (for a 4xx naming it). */
export class MoneyFieldError extends MoneyFormatError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** "19.99" in USD -> 1999. Refuses more fraction digits than the currency has, signs and exponents. */
export function parseMoney(amount: string, currency: string): number {
  const digits = minorDigits(currency);
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(amount);
  if (!match) throw new MoneyFormatError(`"${amount}" is not a decimal amount like "19.99"`);
  const [, whole, fraction = ''] = match;
  if (fraction.length > digits) {
    throw new MoneyFormatError(`"${amount}" has more than ${digits} decimal places for ${currency}`);
  }
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR_UNITS) {
    throw new MoneyFormatError(`"${amount}" is larger than the largest accepted amount`);
  }
  return minor;
}

/**
 * parseMoney for one field of a payload: anything that is not a decimal string (a JSON number
 * included, since 0.1 + 0.2 style values have already lost exactness) is refused, and the error
 * names the field and the value.
 */
export function parseMoneyAt(field: string, amount: unknown, currency: string): number {
  if (typeof amount !== 'string') {
    throw new MoneyFieldError(field, `${JSON.stringify(amount) ?? String(amount)} is not a decimal string like "19.99"`);
  }
  try {
    return parseMoney(amount, currency);
  } catch (err) {
    if (err instanceof MoneyFormatError) throw new MoneyFieldError(field, err.message);
    throw err;
  }
}

/** 1999 in USD -> "19.99". */
export function formatMoney(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new MoneyFormatError(`${minor} is not a whole number of minor units`);
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale);
  const fraction = String(abs % scale).padStart(digits, '0');
  return `${sign}${whole}.${fraction}`;
}
