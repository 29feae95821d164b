import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export interface PollerStatus {
  platform: string;
  channelId: string;
  paused: boolean;
  cursor: string | null;
  pageToken: string | null;
  /** Orders of the page in progress not imported yet. */
  backlog: number;
  /** Total time the poller waited for usage plans, this run. */
  rateWaitMs: number;
  rateWaits: number;
  lastPassAt: string | null;
  imported: number;
  refused: number;
}

export const pollerStatusQuery = defineQuery<PollerStatus>('pollerStatus');
/** A platform notification (Amazon ORDER_CHANGE, eBay order events): poll now instead of at the next interval. */
export const pollNowSignal = defineSignal('pollNow');
export const pausePollerUpdate = defineUpdate<PollerStatus>('pausePoller');
export const resumePollerUpdate = defineUpdate<PollerStatus>('resumePoller');
/** Pull again everything changed since `from` (an ISO time): the next pass starts there. Imports stay deduplicated. */
export const resyncPollerUpdate = defineUpdate<PollerStatus, [{ from: string }]>('resyncPoller');
