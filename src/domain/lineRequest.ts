/**
 * Lines named in a request (partial cancel, return): each entry names a line by its number
 * (`lineId`, GET's lineNo) or by SKU, with a quantity. One resolver for both so a client learns one
 * contract: an unknown line is invalid input (400), more units than are left is a conflict with the
 * order's state (409), and the message names the field (`lines[i].quantity`, …).
 */
import type { OrderProblem } from './orderChecks';

export interface LineRequestInput {
  lineId?: number;
  sku?: string;
  quantity: number;
  reason?: string;
}

export interface ResolvedLine {
  lineNo: number;
  quantity: number;
  /** Index of the request entry it came from (a SKU may spread over several lines). */
  entry: number;
}

const invalidInput = (message: string): OrderProblem => ({ kind: 'invalid_input', message });
const invalidState = (message: string): OrderProblem => ({ kind: 'invalid_state', message });

/**
 * The request as line numbers and quantities, taking units from `left` (units still available per
 * line number). By SKU, units are taken from the order's lines of that SKU in line order.
 * `leftWords` ends the 409's message: "has 1 unit(s) <leftWords>, 2 asked".
 */
export function resolveLineRequest(
  lines: readonly { lineNo: number; sku: string }[],
  available: ReadonlyMap<number, number>,
  request: readonly LineRequestInput[],
  leftWords: string,
): ResolvedLine[] | OrderProblem {
  if (request.length === 0) return invalidInput('lines: must name at least one line');
  const left = new Map(available);
  const wanted: ResolvedLine[] = [];
  for (const [i, r] of request.entries()) {
    const at = `lines[${i}]`;
    if (!Number.isSafeInteger(r.quantity) || r.quantity < 1) return invalidInput(`${at}.quantity: must be a whole number >= 1`);
    const byId = r.lineId !== undefined;
    const candidates = lines.filter((l) => (byId ? l.lineNo === r.lineId : l.sku === r.sku));
    if (r.lineId === undefined && r.sku === undefined) return invalidInput(`${at}: give lineId or sku`);
    if (candidates.length === 0) return invalidInput(byId ? `${at}.lineId: the order has no line ${r.lineId}` : `${at}.sku: the order has no line of SKU "${r.sku}"`);
    let need = r.quantity;
    for (const line of candidates) {
      const take = Math.min(need, left.get(line.lineNo) ?? 0);
      if (take <= 0) continue;
      left.set(line.lineNo, (left.get(line.lineNo) ?? 0) - take);
      wanted.push({ lineNo: line.lineNo, quantity: take, entry: i });
      need -= take;
      if (need === 0) break;
    }
    if (need > 0) {
      const name = byId ? `${at}.lineId ${r.lineId}` : `${at}.sku "${r.sku}"`;
      return invalidState(`${at}.quantity: ${name} has ${r.quantity - need} unit(s) ${leftWords}, ${r.quantity} asked`);
    }
  }
  return wanted;
}
