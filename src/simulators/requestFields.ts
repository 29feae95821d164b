/**
 * Field checks for partner request bodies. Each throws a Rejection whose message
 * names the offending field, so a hub-side bug shows up as a readable 422.
 */

export type JsonObject = Record<string, unknown>;

/** A 4xx answer decided by a handler; the partner route turns it into the HTTP reply. */
export class Rejection extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: string } & JsonObject,
  ) {
    super(body.error);
  }
}

function invalid(field: string, problem: string): Rejection {
  return new Rejection(422, { error: `${field} ${problem}` });
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requiredString(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '') throw invalid(field, 'is required');
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  return value;
}

export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  return value;
}

export function requiredObject(value: unknown, field: string): JsonObject {
  if (value === undefined || value === null) throw invalid(field, 'is required');
  if (!isJsonObject(value)) throw invalid(field, 'must be an object');
  return value;
}

export function nonEmptyArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(field, 'must be a non-empty array');
  return value;
}

// Money travels as decimal strings ("41.98"), never as floats.
const DECIMAL = /^-?\d+(\.\d+)?$/;

export function requiredDecimal(value: unknown, field: string): string {
  const text = requiredString(value, field);
  if (!DECIMAL.test(text)) throw invalid(field, 'must be a decimal string like "41.98"');
  return text;
}

export function optionalDecimal(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : requiredDecimal(value, field);
}

export function requiredInteger(value: unknown, field: string, minimum?: number): number {
  if (value === undefined || value === null) throw invalid(field, 'is required');
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(field, 'must be an integer');
  if (minimum !== undefined && value < minimum) throw invalid(field, `must be >= ${minimum}`);
  return value;
}

/** Validates `{sku, quantity}` entries (order lines, parcel items) and names the failing index. */
export function skuQuantities(value: unknown, field: string): Array<{ sku: string; quantity: number }> {
  return nonEmptyArray(value, field).map((entry, index) => {
    const item = requiredObject(entry, `${field}[${index}]`);
    return {
      sku: requiredString(item.sku, `${field}[${index}].sku`),
      quantity: requiredInteger(item.quantity, `${field}[${index}].quantity`, 1),
    };
  });
}
