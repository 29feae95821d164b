import { allHandlersFinished, condition, continueAsNew, proxyActivities, setCurrentDetails, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import { pausePollerUpdate, pollerStatusQuery, pollNowSignal, resumePollerUpdate, resyncPollerUpdate, type PollerStatus } from './messages';
import type { ListedOrder, MarketplaceActivities, RateState } from './types';

type Acts = ReturnType<typeof proxyActivities<MarketplaceActivities>>;

export interface PollerInput {
  platform: string;
  channelId: string;
  /** The platform's activity worker's queue (its activities have the generic names of MarketplaceActivities). */
  activityTaskQueue: string;
  /** Between passes (a notification starts one sooner). */
  intervalMs: number;
  /** Carried over continue-as-new; absent at first start (then read from channel_cursors). */
  carried?: Carried;
}

interface Carried {
  cursor: string | null;
  pageToken: string | null;
  paused: boolean;
  rate: RateState;
  pending: ListedOrder[];
  passCursor: string | null;
  nextPageToken: string | null;
  lastPassAt: string | null;
  /** An operator's re-sync asked for during a pass: where the next pass starts. */
  resyncFrom: string | null;
}

/** Pages per run before the history starts afresh. */
const PAGES_PER_RUN = 50;

export function pollerWorkflowId(platform: string, channelId: string): string {
  return `marketplace-poller:${platform}:${channelId}`;
}

/** The carried position plus what this run counts (shown in the status, dropped at continue-as-new). */
type PollerState = Carried & { pollNow: boolean; rateWaitMs: number; rateWaits: number; imported: number; refused: number };

/**
 * One per marketplace channel, for ever (continue-as-new). A pass lists the orders changed since
 * the cursor page by page; each page's orders are imported (the order workflow's ID dedupes a
 * repeat), then the page token is saved, and only after the last page the cursor moves to the
 * pass's watermark. A restart resumes at the saved page; an order listed twice (the overlap the
 * platform activity asks for, or a retried page) is imported once.
 *
 * Rate limits: the activities return how long to wait instead of sleeping; the workflow waits on
 * a timer, so no worker slot is held and other channels' pollers go on.
 */
export async function marketplacePollerWorkflow(input: PollerInput): Promise<void> {
  const acts = proxyActivities<MarketplaceActivities>({
    taskQueue: input.activityTaskQueue,
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes' },
  });
  const carried = input.carried ?? {
    ...(await acts.loadCursor(input.channelId)),
    rate: {},
    pending: [],
    passCursor: null,
    nextPageToken: null,
    lastPassAt: null,
    resyncFrom: null,
  };
  const s: PollerState = { ...carried, pollNow: false, rateWaitMs: 0, rateWaits: 0, imported: 0, refused: 0 };
  registerHandlers(input, s, acts);

  for (let pages = 0; pages < PAGES_PER_RUN && !workflowInfo().continueAsNewSuggested;) {
    show(s);
    await condition(() => !s.paused);
    if (s.pending.length === 0) {
      if (!(await fetchPage(input, s, acts))) continue;
      pages++;
    }
    const refusedOnPage = await importPending(input, s, acts);
    if (await savePosition(input, s, acts, refusedOnPage)) {
      show(s);
      await condition(() => s.pollNow, input.intervalMs);
      s.pollNow = false;
    }
  }
  await condition(allHandlersFinished);
  const { pollNow: _p, rateWaitMs: _w, rateWaits: _n, imported: _i, refused: _r, ...next } = s;
  await continueAsNew<typeof marketplacePollerWorkflow>({ ...input, carried: next });
}

function statusOf(input: PollerInput, s: PollerState): PollerStatus {
  return {
    platform: input.platform,
    channelId: input.channelId,
    paused: s.paused,
    cursor: s.cursor,
    pageToken: s.pageToken,
    backlog: s.pending.length,
    rateWaitMs: s.rateWaitMs,
    rateWaits: s.rateWaits,
    lastPassAt: s.lastPassAt,
    imported: s.imported,
    refused: s.refused,
  };
}

function show(s: PollerState): void {
  setCurrentDetails(
    `${s.paused ? 'paused' : 'running'}; cursor ${s.cursor ?? 'none'}; backlog ${s.pending.length}; imported ${s.imported}; rate waits ${s.rateWaits} (${s.rateWaitMs} ms)`,
  );
}

/** Status query, poll-now signal, and the operator's pause, resume and re-sync updates. */
function registerHandlers(input: PollerInput, s: PollerState, acts: Acts): void {
  setHandler(pollerStatusQuery, () => statusOf(input, s));
  setHandler(pollNowSignal, () => void (s.pollNow = true));
  setHandler(pausePollerUpdate, async () => {
    s.paused = true;
    await acts.setPaused({ channelId: input.channelId, paused: true });
    return statusOf(input, s);
  });
  setHandler(resumePollerUpdate, async () => {
    s.paused = false;
    await acts.setPaused({ channelId: input.channelId, paused: false });
    return statusOf(input, s);
  });
  setHandler(
    resyncPollerUpdate,
    async ({ from }) => {
      // A pass in progress finishes first (its pages are half imported); the next one starts at `from`.
      if (s.pageToken === null && s.pending.length === 0) {
        s.cursor = from;
        await acts.saveCursor({ channelId: input.channelId, cursor: from, pageToken: null, passComplete: false, backlog: 0 });
      } else s.resyncFrom = from;
      s.pollNow = true;
      return statusOf(input, s);
    },
    {
      validator: ({ from }) => {
        if (Number.isNaN(Date.parse(from))) throw new Error('from must be an ISO 8601 time');
      },
    },
  );
}

/** A rate limit's wait, on a timer (no worker slot held), counted in the status. */
async function wait(s: PollerState, ms: number): Promise<void> {
  s.rateWaits++;
  s.rateWaitMs += ms;
  show(s);
  await sleep(ms);
}

/** Lists the next page into `pending`; false when the platform asked to wait first (the wait is done). */
async function fetchPage(input: PollerInput, s: PollerState, acts: Acts): Promise<boolean> {
  const page = await acts.fetchPage({ channelId: input.channelId, cursor: s.cursor, pageToken: s.pageToken, rate: s.rate });
  s.rate = page.rate;
  if (page.waitMs !== undefined) {
    await wait(s, page.waitMs);
    return false;
  }
  s.pending = page.orders;
  s.nextPageToken = page.nextPageToken;
  s.passCursor = page.passCursor;
  return true;
}

/** Imports the page's orders, waiting out rate limits between batches; answers how many the hub refused. */
async function importPending(input: PollerInput, s: PollerState, acts: Acts): Promise<number> {
  let refusedOnPage = 0;
  while (s.pending.length > 0) {
    await condition(() => !s.paused);
    const r = await acts.importOrders({ channelId: input.channelId, orders: s.pending, rate: s.rate });
    s.rate = r.rate;
    s.pending = r.remaining;
    s.imported += r.imported;
    s.refused += r.refused;
    refusedOnPage += r.refused;
    if (r.waitMs !== undefined) await wait(s, r.waitMs);
  }
  return refusedOnPage;
}

/** The page is imported: only now does the saved position move past it. True when the pass is complete. */
async function savePosition(input: PollerInput, s: PollerState, acts: Acts, refusedOnPage: number): Promise<boolean> {
  const passComplete = s.nextPageToken === null;
  s.pageToken = s.nextPageToken;
  if (passComplete && s.passCursor !== null) {
    s.cursor = s.resyncFrom ?? s.passCursor;
    s.resyncFrom = null;
    s.lastPassAt = new Date().toISOString();
  }
  const error = refusedOnPage > 0 ? `${refusedOnPage} order(s) of the last page refused by the hub's validation (the worker log names them)` : undefined;
  await acts.saveCursor({ channelId: input.channelId, cursor: s.cursor, pageToken: s.pageToken, passComplete, backlog: 0, error });
  return passComplete;
}
