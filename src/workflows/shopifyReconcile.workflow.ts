import { proxyActivities } from '@temporalio/workflow';
import type { OrderActivities } from '../activities';

/** Pages per run; a backlog larger than this is finished by the next scheduled run (the cursor keeps its place). */
const MAX_PAGES = 200;

const pull = proxyActivities<OrderActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '1 minute',
  // A 429 retries after Shopify's Retry-After (the failure's nextRetryDelay), anything else backs off.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * One reconciliation pull of a Shopify channel, started by its Temporal Schedule
 * (src/channels/shopify/adminSchedules.ts): page after page until Shopify has no next page.
 */
export async function shopifyReconcileWorkflow(channelId: string): Promise<{ pages: number; imported: number }> {
  let imported = 0;
  for (let pages = 1; pages <= MAX_PAGES; pages++) {
    const page = await pull.shopifyReconcilePage(channelId);
    imported += page.imported;
    if (page.done) return { pages, imported };
  }
  return { pages: MAX_PAGES, imported };
}
