/**
 * Exchanges (issue 18): a return may name replacement lines, shipped as a new order of the hub's own
 * `exchange` channel once the return is received (or at once, per the channel's policy). Pure: the
 * returns service checks a request here under its locks, and the replacement's order input is built
 * here so every retry of the starting activity builds the same one.
 */
import type { OrderProblem } from '../orderChecks';
import type { Address, OrderInput, ShippingService } from '../order';

/** The channel replacement orders belong to: hub-made, never paid again (the return paid for them). */
export const EXCHANGE_CHANNEL = 'exchange';

/**
 * held: reserved at the row's location since the exchange was requested; unreserved: no single
 * location had the units free, so the replacement order reserves (or backorders) them itself;
 * ordered: handed to the replacement order; released: the return expired before it started.
 */
export const REPLACEMENT_STATES = ['held', 'unreserved', 'ordered', 'released'] as const;
export type ReplacementState = (typeof REPLACEMENT_STATES)[number];

export interface ReplacementInput {
  sku: string;
  quantity: number;
}

/** A replacement line as stored: its line number is the replacement order's line number. */
export interface ReplacementLine {
  lineNo: number;
  sku: string;
  quantity: number;
}

const invalidInput = (message: string): OrderProblem => ({ kind: 'invalid_input', message });

/**
 * The replacement lines, or the problem (a 400 naming the field). An exchange swaps unit for unit:
 * as many replacement units as units returned, so the returned units pay for the replacement and
 * no money moves either way (docs/returns.md "Exchanges"). A refund for some units and a
 * replacement for others are two returns. Replacements must be products the hub ships.
 */
export function checkReplacements(
  returnedUnits: number,
  replacements: readonly ReplacementInput[],
  products: ReadonlyMap<string, { requiresShipping: boolean }>,
): ReplacementLine[] | OrderProblem {
  const lines: ReplacementLine[] = [];
  for (const [i, r] of replacements.entries()) {
    const product = products.get(r.sku);
    if (!product) return invalidInput(`replacements[${i}].sku: no product "${r.sku}"`);
    if (!product.requiresShipping) return invalidInput(`replacements[${i}].sku: "${r.sku}" ships nothing (digital goods, gift cards): it cannot replace a returned unit`);
    const same = lines.find((l) => l.sku === r.sku);
    if (same) same.quantity += r.quantity;
    else lines.push({ lineNo: lines.length + 1, sku: r.sku, quantity: r.quantity });
  }
  const units = lines.reduce((n, l) => n + l.quantity, 0);
  if (units !== returnedUnits) {
    return invalidInput(
      `replacements: an exchange swaps unit for unit: ${returnedUnits} unit(s) returned, ${units} replacement unit(s) named (a refund for the rest is a return of its own)`,
    );
  }
  return lines;
}

/** What the replacement order is built from: the return's original order as stored. */
export interface ReplacementFacts {
  returnId: string;
  orderId: string;
  externalId: string;
  currency: string;
  customer: { email: string | null; name: string | null; tier: string };
  shippingAddress: Address;
  shippingService: ShippingService;
  replacements: readonly ReplacementLine[];
  /** When the replacement order was placed: the first attempt's time, read back on every retry. */
  placedAt: Date;
}

/**
 * The replacement order's input: priced at zero with no shipping charged, paid (reference
 * `return:<returnId>`), to the address the original order ships to now (an operator's correction
 * included), for the same customer.
 */
export function replacementOrderInput(f: ReplacementFacts): OrderInput {
  const tier = f.customer.tier === 'vip' ? 'vip' : 'standard';
  return {
    orderId: f.orderId,
    channel: EXCHANGE_CHANNEL,
    externalId: f.externalId,
    customer: { tier, ...(f.customer.email !== null && { email: f.customer.email }), ...(f.customer.name !== null && { name: f.customer.name }) },
    currency: f.currency,
    lines: f.replacements.map((r) => ({ lineNo: r.lineNo, sku: r.sku, quantity: r.quantity, unitPriceMinor: 0 })),
    shippingAddress: f.shippingAddress,
    shippingService: f.shippingService,
    shippingMinor: 0,
    payment: { status: 'paid', reference: `return:${f.returnId}` },
    placedAt: f.placedAt.toISOString(),
  };
}
