import type { Client } from '@temporalio/client';
import type { StockEvents } from '../activities/backorderQueue';
import { inventorySyncWorkflowId, stockChangedSignal, stockReservedSignal } from '../workflows/messages';
import type { inventorySyncWorkflow, InventorySyncOptions } from '../workflows/inventorySync.workflow';

/**
 * What stock changes tell Temporal, after they are committed: backordered orders that now hold
 * their stock are woken, and each changed SKU's sync workflow is nudged (started if need be).
 * A lost wake-up only delays an order: waiting orders also re-check on their own every hour.
 */
export function stockEventsNotifier(client: Client, taskQueue: string, sync: InventorySyncOptions): StockEvents {
  return {
    async reserved(workflowIds) {
      await Promise.all(
        workflowIds.map((id) =>
          client.workflow
            .getHandle(id)
            .signal(stockReservedSignal)
            .catch(() => undefined),
        ),
      );
    },
    async changed(skus) {
      await Promise.all(
        skus.map((sku) =>
          client.workflow.signalWithStart<typeof inventorySyncWorkflow, []>('inventorySyncWorkflow', {
            workflowId: inventorySyncWorkflowId(sku),
            taskQueue,
            args: [sku, sync, true],
            signal: stockChangedSignal,
            staticSummary: `Pushes ${sku}'s sellable quantity to every channel`,
          }),
        ),
      );
    },
  };
}
