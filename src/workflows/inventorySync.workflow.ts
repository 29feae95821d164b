import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { OrderActivities } from '../activities';
import { stockChangedSignal } from './messages';

export interface InventorySyncOptions {
  /** Changes within this window are pushed as one. */
  debounceMs: number;
}

/** Rounds of pushes before the history is started afresh, so it stays small forever. */
const ROUNDS_PER_RUN = 100;

const sync = proxyActivities<OrderActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One long-lived workflow per SKU (ID `inventory-sync:<sku>`) that pushes each channel's sellable
 * quantity after stock changes. Bursts are coalesced; each push carries the ledger sequence it was
 * computed from, so a channel can never be sent an older figure after a newer one.
 */
export async function inventorySyncWorkflow(sku: string, options: InventorySyncOptions, pending = true): Promise<void> {
  let dirty = pending;
  setHandler(stockChangedSignal, () => void (dirty = true));
  for (let round = 0; round < ROUNDS_PER_RUN && !workflowInfo().continueAsNewSuggested; round++) {
    await condition(() => dirty);
    await sleep(options.debounceMs);
    dirty = false;
    await sync.pushSellable(sku);
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof inventorySyncWorkflow>(sku, options, dirty);
}
