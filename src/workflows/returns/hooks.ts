import type { ReturnReceiptOutcome } from '../../activities/returns/returnReceipt';
import type { ReturnActivityGroups } from './activityStubs';
import type { ReturnWorkflowInput } from './messages';

/**
 * What happens once a return's parcel is received and its resellable units are back in stock,
 * before the money goes back: the place for "ship the replacement" of an exchange. Each hook runs
 * in the workflow (deterministic, activities only through `acts`) and must be safe to run again on
 * replay; a hook that fails past its retries should use the workflow's attention like the other steps.
 */
export interface AfterReceiptContext {
  input: ReturnWorkflowInput;
  receipt: ReturnReceiptOutcome;
  acts: ReturnActivityGroups;
}

export type AfterReceiptHook = (ctx: AfterReceiptContext) => Promise<void>;

/**
 * An exchange shipped on receipt: its replacement order starts now, before the money step (which
 * refunds nothing for an exchange). The activity is idempotent: a replay or a retry after a killed
 * worker finds the order recorded and its workflow started, and starts neither again.
 */
const shipReplacement: AfterReceiptHook = async ({ input, acts }) => {
  if (input.exchange?.shipsAt === 'on_receipt') await acts.exchange.startReplacementOrder(input.returnId);
};

export const afterReceiptHooks: readonly AfterReceiptHook[] = [shipReplacement];

export async function runAfterReceipt(ctx: AfterReceiptContext, hooks: readonly AfterReceiptHook[] = afterReceiptHooks): Promise<void> {
  for (const hook of hooks) await hook(ctx);
}
