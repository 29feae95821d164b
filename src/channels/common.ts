/**
 * Shared building blocks for channel adapters: pure functions that turn a channel's native
 * order payload into orderhub's create-order request. No I/O, never throws on any input.
 * Money stays exact: decimal strings are parsed to integer minor units and formatted back.
 */
import type { z } from 'zod';
import { createOrderSchema } from '../api/orders/schemas';
import { isMailbox } from '../domain/email';
import { formatMoney, isCurrencyCode, MAX_MINOR_UNITS, parseMoney } from '../domain/money';
import type { ShippingService } from '../domain/order';

/** The input shape accepted by `createOrderSchema` (what POST /orders takes). */
export type ChannelOrder = z.input<typeof createOrderSchema>;
export type Problem = { field: string; message: string };
export type Fulfillment = 'ship' | 'pickup';

export type AdapterSuccess = {
  ok: true;
  order: ChannelOrder;
  fulfillment: Fulfillment;
  /** Top-level keys of the payload that the adapter did not read. */
  unknownFields: string[];
  /** The native payload, untouched, for audit. */
  raw: unknown;
  /** Only for pickup orders: where the customer collects the goods. */
  pickupLocationId?: string;
};
export type AdapterFailure = { ok: false; problems: Problem[] };
export type AdapterResult = AdapterSuccess | AdapterFailure;

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function own(o: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

const DECIMAL = /^\d{1,12}(\.\d{1,3})?$/;
const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EXTERNAL_ID = /^[\x21-\x7e]{1,128}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Collects problems (by native field path) and remembers which top-level keys were read. */
export class Reader {
  readonly problems: Problem[] = [];
  private readonly used = new Set<string>();

  constructor(readonly root: Obj) {}

  problem(field: string, message: string): undefined {
    this.problems.push({ field, message });
    return undefined;
  }

  /** Reads a top-level key and marks it as used. */
  top(key: string): unknown {
    this.used.add(key);
    return own(this.root, key);
  }

  unknownFields(): string[] {
    return Object.keys(this.root)
      .filter((k) => !this.used.has(k))
      .sort();
  }

  obj(value: unknown, path: string, required = true): Obj | undefined {
    if (value === undefined || value === null) return required ? this.problem(path, 'is required') : undefined;
    if (!isObj(value)) return this.problem(path, 'must be an object');
    return value;
  }

  /** A non-empty array. */
  list(value: unknown, path: string, required = true): unknown[] | undefined {
    if (value === undefined || value === null) return required ? this.problem(path, 'is required') : undefined;
    if (!Array.isArray(value)) return this.problem(path, 'must be an array');
    if (required && value.length === 0) return this.problem(path, 'must not be empty');
    return value;
  }

  /** A trimmed non-empty string; absent (or empty when optional) gives undefined. */
  text(value: unknown, path: string, required = true, max = 200): string | undefined {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '' && !required)) {
      return required ? this.problem(path, 'is required') : undefined;
    }
    if (typeof value !== 'string') return this.problem(path, 'must be a string');
    const trimmed = value.trim();
    if (trimmed === '') return this.problem(path, 'must not be empty');
    if (trimmed.length > max) return this.problem(path, `must be at most ${max} characters`);
    return trimmed;
  }

  /** An identifier given as a string or a whole number (webhooks often send numeric IDs). */
  id(value: unknown, path: string, required = true): string | undefined {
    if (value === undefined || value === null) return required ? this.problem(path, 'is required') : undefined;
    let s: string;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) s = String(value);
    else if (typeof value === 'string') s = value.trim();
    else return this.problem(path, 'must be a string or whole number');
    if (!EXTERNAL_ID.test(s)) return this.problem(path, 'must be 1-128 printable characters without spaces');
    return s;
  }

  email(value: unknown, path: string, required = true): string | undefined {
    const s = this.text(value, path, required, 254);
    if (s === undefined) return undefined;
    if (!isMailbox(s)) return this.problem(path, 'must be an e-mail address (RFC 6531; non-ASCII allowed)');
    return s;
  }

  sku(value: unknown, path: string): string | undefined {
    const s = this.text(value, path, true, 64);
    if (s === undefined) return undefined;
    if (!SKU.test(s)) return this.problem(path, 'must be a SKU code');
    return s;
  }

  country(value: unknown, path: string): string | undefined {
    const s = this.text(value, path);
    if (s === undefined) return undefined;
    if (!/^[A-Za-z]{2}$/.test(s)) return this.problem(path, 'must be an ISO 3166-1 alpha-2 code like "US"');
    return s.toUpperCase();
  }

  currency(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return this.problem(path, 'is required');
    if (typeof value !== 'string' || !isCurrencyCode(value)) return this.problem(path, 'must be an ISO 4217 code like "USD"');
    return value;
  }

  /** A currency code that must agree with the order's currency. */
  sameCurrency(value: unknown, path: string, orderCurrency: string | undefined, required = true): void {
    if ((value === undefined || value === null) && !required) return;
    const c = this.currency(value, path);
    if (c !== undefined && orderCurrency !== undefined && c !== orderCurrency) {
      this.problem(path, `is ${c} but the order currency is ${orderCurrency}`);
    }
  }

  /** A decimal string amount -> integer minor units of `currency`. */
  money(value: unknown, path: string, currency: string | undefined, required = true): number | undefined {
    if (value === undefined || value === null) return required ? this.problem(path, 'is required') : undefined;
    if (typeof value !== 'string' || !DECIMAL.test(value.trim())) {
      return this.problem(path, 'must be a decimal string like "19.99"');
    }
    try {
      return parseMoney(value.trim(), currency ?? 'USD');
    } catch (err) {
      return this.problem(path, err instanceof Error ? err.message : 'is not a valid amount');
    }
  }

  quantity(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null) return this.problem(path, 'is required');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return this.problem(path, 'must be a positive whole number');
    if (value > 10_000) return this.problem(path, 'must be at most 10000');
    return value;
  }

  /** A line total divided exactly by its quantity; refuses totals that do not split evenly. */
  unitFromTotal(totalMinor: number | undefined, quantity: number | undefined, path: string): number | undefined {
    if (totalMinor === undefined || quantity === undefined) return undefined;
    if (totalMinor % quantity !== 0) return this.problem(path, `line total does not divide evenly by quantity ${quantity}`);
    return totalMinor / quantity;
  }

  /** A summed amount must stay within the largest accepted amount. */
  withinLimit(minor: number, path: string): void {
    if (minor > MAX_MINOR_UNITS) this.problem(path, 'the total is larger than the largest accepted amount');
  }

  timestamp(value: unknown, path: string, required = false): string | undefined {
    if (value === undefined || value === null) return required ? this.problem(path, 'is required') : undefined;
    if (typeof value !== 'string' || !ISO_DATETIME.test(value) || Number.isNaN(Date.parse(value))) {
      return this.problem(path, 'must be an ISO 8601 timestamp with offset');
    }
    return value;
  }
}

/** Formats minor units back to a decimal string; undefined when any input was already a problem. */
export function fmt(minor: number | undefined, currency: string | undefined): string | undefined {
  if (minor === undefined || currency === undefined || minor < 0 || minor > MAX_MINOR_UNITS) return undefined;
  return formatMoney(minor, currency);
}

/** Maps a free-text shipping code: "next" -> next_day, "express"/"expedited" -> expedited. */
export function serviceFromCode(code: string | undefined): ShippingService {
  const c = (code ?? '').toLowerCase();
  if (c.includes('next')) return 'next_day';
  if (c.includes('express') || c.includes('expedited')) return 'expedited';
  return 'standard';
}

const SPEED: Record<ShippingService, number> = { standard: 0, expedited: 1, next_day: 2 };
export function fastest(services: ShippingService[]): ShippingService {
  return services.reduce<ShippingService>((a, b) => (SPEED[b] > SPEED[a] ? b : a), 'standard');
}

export interface AddressParts {
  name?: string;
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

/** The normalized address; only called by `finish` builders, once every required part was read. */
export function shippingAddressOf(a: AddressParts): ChannelOrder['shippingAddress'] {
  return {
    name: a.name!,
    line1: a.line1!,
    ...(a.line2 ? { line2: a.line2 } : {}),
    city: a.city!,
    ...(a.region ? { region: a.region } : {}),
    postalCode: a.postalCode!,
    country: a.country!,
  };
}

export function rootOrProblem(payload: unknown): Reader | AdapterFailure {
  if (!isObj(payload)) return { ok: false, problems: [{ field: '', message: 'payload must be a JSON object' }] };
  return new Reader(payload);
}

/**
 * Ends an adapter: any collected problem fails the mapping; otherwise the order is checked against
 * createOrderSchema as a safety net (problems then name the order field, prefixed "order.").
 */
export function finish(r: Reader, build: () => ChannelOrder, fulfillment: Fulfillment, extra: { pickupLocationId?: string } = {}): AdapterResult {
  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  const order = build();
  const parsed = createOrderSchema.safeParse(order);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ field: ['order', ...i.path.map(String)].join('.'), message: i.message })),
    };
  }
  return { ok: true, order, fulfillment, unknownFields: r.unknownFields(), raw: r.root, ...extra };
}
