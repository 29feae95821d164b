/**
 * The receipt of a return parcel at a location (POST /api/v1/returns/:returnId/receipt): which units
 * arrived and in what condition. Resellable units go back to stock; damaged ones are refunded but
 * not restocked. Checked in the return workflow's update validator, so a wrong receipt is refused
 * before it enters the history (and the API turns the problem into a 4xx naming the field).
 */
import type { OrderProblem } from '../orderChecks';

export const RETURN_CONDITIONS = ['resellable', 'damaged'] as const;
export type ReturnCondition = (typeof RETURN_CONDITIONS)[number];

export interface ReceiptLineInput {
  lineId: number;
  quantity: number;
  condition: ReturnCondition;
}

export interface ReceivedLine {
  lineNo: number;
  resellable: number;
  damaged: number;
}

const invalidInput = (message: string): OrderProblem => ({ kind: 'invalid_input', message });

/** The receipt per line, or the problem: a line not in the return is 400, more units than it asked for is 409. */
export function checkReceipt(returnLines: readonly { lineNo: number; quantity: number }[], receipt: readonly ReceiptLineInput[]): ReceivedLine[] | OrderProblem {
  if (receipt.length === 0) return invalidInput('lines: must name at least one line');
  const byLine = new Map<number, ReceivedLine>();
  for (const [i, r] of receipt.entries()) {
    const at = `lines[${i}]`;
    const asked = returnLines.find((l) => l.lineNo === r.lineId);
    if (!asked) return invalidInput(`${at}.lineId: the return has no line ${r.lineId}`);
    if (!Number.isSafeInteger(r.quantity) || r.quantity < 1) return invalidInput(`${at}.quantity: must be a whole number >= 1`);
    if (!(RETURN_CONDITIONS as readonly string[]).includes(r.condition)) return invalidInput(`${at}.condition: must be one of ${RETURN_CONDITIONS.join(', ')}`);
    const got = byLine.get(r.lineId) ?? { lineNo: r.lineId, resellable: 0, damaged: 0 };
    got[r.condition] += r.quantity;
    byLine.set(r.lineId, got);
    if (got.resellable + got.damaged > asked.quantity) {
      return {
        kind: 'invalid_state',
        message: `${at}.quantity: the return asked for ${asked.quantity} unit(s) of line ${r.lineId}, the receipt counts ${got.resellable + got.damaged}`,
      };
    }
  }
  return [...byLine.values()];
}
