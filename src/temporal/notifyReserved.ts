import type { Client } from '@temporalio/client';
import type { NotifyReserved } from '../activities/inventory';
import { stockReservedSignal } from '../workflows/messages';

/**
 * Wakes backordered orders whose stock was just reserved for them. A lost wake-up only delays an
 * order: each waiting order also re-checks on its own every hour.
 */
export function stockReservedNotifier(client: Client): NotifyReserved {
  return async (workflowIds) => {
    await Promise.all(
      workflowIds.map((id) =>
        client.workflow
          .getHandle(id)
          .signal(stockReservedSignal)
          .catch(() => undefined),
      ),
    );
  };
}
