import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export interface PollerStatus {
  platform: string;
  channelId: string;
  paused: boolean;
  cursor: string | null;
  pageToken: string | null;
  /** Orders of the page in progress not imported yet. */
  backlog: number;
  /** Orders named by platform notifications, not fetched yet. */
  notified: number;
  /** Total time the poller waited for usage plans, this run. */
  rateWaitMs: number;
  rateWaits: number;
  lastPassAt: string | null;
  /** How far the pass in progress has caught up (the platform's time of the last page it listed); null between passes. */
  position: string | null;
  imported: number;
  refused: number;
}

export const pollerStatusQuery = defineQuery<PollerStatus>('pollerStatus');
/** An operator's "poll now": the next pass starts at once instead of at the next interval. */
export const pollNowSignal = defineSignal('pollNow');
/**
 * A platform notification (Amazon ORDER_CHANGE, eBay ORDER_CONFIRMATION) named these orders: the
 * poller fetches them by id at once. A signal, so a notification is accepted while no worker runs
 * (it waits in the history); ids already waiting are not fetched twice.
 */
export const ordersChangedSignal = defineSignal<[{ ids: string[] }]>('ordersChanged');
export const pausePollerUpdate = defineUpdate<PollerStatus>('pausePoller');
export const resumePollerUpdate = defineUpdate<PollerStatus>('resumePoller');
/** Pull again everything changed since `from` (an ISO time): the next pass starts there. Imports stay deduplicated. */
export const resyncPollerUpdate = defineUpdate<PollerStatus, [{ from: string }]>('resyncPoller');
