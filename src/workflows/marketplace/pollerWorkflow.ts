import { allHandlersFinished, condition, continueAsNew, proxyActivities, setCurrentDetails, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { PollerBacklogKey, PollerCursorKey } from '../searchAttributes';
import { ordersChangedSignal, pausePollerUpdate, pollerStatusQuery, pollNowSignal, resumePollerUpdate, resyncPollerUpdate, type PollerStatus } from './messages';
import type { ListedOrder, MarketplaceActivities, RateState } from './types';

type Acts = ReturnType<typeof proxyActivities<MarketplaceActivities>>;

export interface PollerInput {
  platform: string;
  channelId: string;
  /** The platform's activity worker's queue (its activities have the generic names of MarketplaceActivities). */
  activityTaskQueue: string;
  /** Between passes (a notification fetches its orders sooner). */
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
  /** Order ids named by notifications, not fetched yet (absent in runs started before notifications existed). */
  notified?: string[];
  /** Workflow time of the next pass (absent: at once). */
  nextPassAtMs?: number;
  /** How far the pass in progress has caught up (the platform's time of its last listed page). */
  position?: string;
}

/** Pages per run before the history starts afresh. */
const PAGES_PER_RUN = 50;
/** Ids fetched per call (eBay's getOrders takes up to 50 orderIds). */
const NOTIFIED_PER_FETCH = 50;

export function pollerWorkflowId(platform: string, channelId: string): string {
  return `marketplace-poller:${platform}:${channelId}`;
}

/** The carried position plus what this run counts (shown in the status, dropped at continue-as-new). */
type PollerState = Carried & {
  notified: string[];
  pollNow: boolean;
  rateWaitMs: number;
  rateWaits: number;
  /** Waits not yet added to channel_cursors' running totals (the next saveCursor adds them). */
  unsavedWaits: number;
  unsavedWaitMs: number;
  imported: number;
  refused: number;
  /** What the search attributes were last set to (each upsert is a history event). */
  shown?: { cursor: string | null; backlog: number };
};

/**
 * One per marketplace channel, for ever (continue-as-new). A pass lists the orders changed since
 * the cursor page by page; each page's orders are imported (the order workflow's ID dedupes a
 * repeat), then the page token is saved, and only after the last page the cursor moves to the
 * pass's watermark. A restart resumes at the saved page; an order listed twice (the overlap the
 * platform activity asks for, or a retried page) is imported once. Orders a notification names
 * are fetched by id between pages and between passes, without waiting for the next pass.
 *
 * Rate limits: the activities return how long to wait instead of sleeping; the workflow waits on
 * a timer, so no worker slot is held and other channels' pollers go on.
 */
export async function marketplacePollerWorkflow(input: PollerInput): Promise<void> {
  const acts = proxyActivities<MarketplaceActivities>({
    taskQueue: input.activityTaskQueue,
    startToCloseTimeout: '5 minutes',
    // A SIGKILLed worker's import is retried this long after its last heartbeat (one per order; a page's fetch is one call).
    heartbeatTimeout: '30 seconds',
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
  const s: PollerState = { ...carried, notified: carried.notified ?? [], pollNow: false, rateWaitMs: 0, rateWaits: 0, unsavedWaits: 0, unsavedWaitMs: 0, imported: 0, refused: 0 };
  registerHandlers(input, s, acts);

  for (let pages = 0; pages < PAGES_PER_RUN && !workflowInfo().continueAsNewSuggested;) {
    show(s);
    await condition(() => !s.paused);
    if (s.notified.length > 0) {
      await fetchNotified(input, s, acts);
      continue;
    }
    const betweenPasses = s.pending.length === 0 && s.pageToken === null;
    if (betweenPasses && !s.pollNow && s.nextPassAtMs !== undefined && Date.now() < s.nextPassAtMs) {
      await condition(() => s.pollNow || s.notified.length > 0, s.nextPassAtMs - Date.now());
      continue;
    }
    s.pollNow = false;
    if (s.pending.length === 0) {
      if (!(await fetchPage(input, s, acts))) continue;
      pages++;
    }
    const refusedOnPage = await importAll(input, s, acts, s.pending, (remaining) => void (s.pending = remaining));
    await savePosition(input, s, acts, refusedOnPage);
  }
  await condition(allHandlersFinished);
  const { pollNow: _p, rateWaitMs: _w, rateWaits: _n, unsavedWaits: _uw, unsavedWaitMs: _um, imported: _i, refused: _r, shown: _s, ...next } = s;
  await continueAsNew<typeof marketplacePollerWorkflow>({ ...input, carried: next });
}

const backlogOf = (s: PollerState) => s.pending.length + s.notified.length;

function statusOf(input: PollerInput, s: PollerState): PollerStatus {
  return {
    platform: input.platform,
    channelId: input.channelId,
    paused: s.paused,
    cursor: s.cursor,
    pageToken: s.pageToken,
    backlog: s.pending.length,
    notified: s.notified.length,
    rateWaitMs: s.rateWaitMs,
    rateWaits: s.rateWaits,
    lastPassAt: s.lastPassAt,
    position: s.position ?? null,
    imported: s.imported,
    refused: s.refused,
  };
}

/** Current details every time; the search attributes only when they change. */
function show(s: PollerState): void {
  setCurrentDetails(
    `${s.paused ? 'paused' : 'running'}; cursor ${s.cursor ?? 'none'}${s.position ? `; this pass has caught up to ${s.position}` : ''}; last pass ${s.lastPassAt ?? 'none'}; backlog ${s.pending.length} listed + ${s.notified.length} notified; imported ${s.imported}; rate waits ${s.rateWaits} (${s.rateWaitMs} ms)`,
  );
  if (s.shown?.cursor === s.cursor && s.shown.backlog === backlogOf(s)) return;
  s.shown = { cursor: s.cursor, backlog: backlogOf(s) };
  const cursorTime = s.cursor === null ? NaN : Date.parse(s.cursor);
  upsertSearchAttributes([
    { key: PollerBacklogKey, value: backlogOf(s) },
    { key: PollerCursorKey, value: Number.isNaN(cursorTime) ? null : new Date(cursorTime) },
  ]);
}

/** Status query, poll-now and orders-changed signals, and the operator's pause, resume and re-sync updates. */
function registerHandlers(input: PollerInput, s: PollerState, acts: Acts): void {
  setHandler(pollerStatusQuery, () => statusOf(input, s));
  setHandler(pollNowSignal, () => void (s.pollNow = true));
  setHandler(ordersChangedSignal, ({ ids }) => {
    for (const id of ids) if (typeof id === 'string' && id !== '' && !s.notified.includes(id)) s.notified.push(id);
  });
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

/** A rate limit's wait, on a timer (no worker slot held), counted in the status and in the saved totals. */
async function wait(s: PollerState, ms: number): Promise<void> {
  s.rateWaits++;
  s.rateWaitMs += ms;
  s.unsavedWaits++;
  s.unsavedWaitMs += ms;
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
  s.position = page.position ?? s.position;
  show(s);
  return true;
}

/** Imports orders until none is left, waiting out rate limits between batches; answers how many the hub refused. */
async function importAll(input: PollerInput, s: PollerState, acts: Acts, orders: ListedOrder[], onProgress: (remaining: ListedOrder[]) => void): Promise<number> {
  let refused = 0;
  let remaining = orders;
  while (remaining.length > 0) {
    await condition(() => !s.paused);
    const r = await acts.importOrders({ channelId: input.channelId, orders: remaining, rate: s.rate });
    s.rate = r.rate;
    remaining = r.remaining;
    onProgress(remaining);
    s.imported += r.imported;
    s.refused += r.refused;
    refused += r.refused;
    if (r.waitMs !== undefined) await wait(s, r.waitMs);
  }
  return refused;
}

/** Saves where the poller stands, with the waits since the last save. */
async function save(input: PollerInput, s: PollerState, acts: Acts, passComplete: boolean, error?: string): Promise<void> {
  const rateWaits = s.unsavedWaits;
  const rateWaitMs = s.unsavedWaitMs;
  s.unsavedWaits = 0;
  s.unsavedWaitMs = 0;
  await acts.saveCursor({ channelId: input.channelId, cursor: s.cursor, pageToken: s.pageToken, passComplete, backlog: backlogOf(s), error, rateWaits, rateWaitMs });
}

/** The page is imported: only now does the saved position move past it (and the cursor, after the pass's last page). */
async function savePosition(input: PollerInput, s: PollerState, acts: Acts, refusedOnPage: number): Promise<void> {
  const passComplete = s.nextPageToken === null;
  s.pageToken = s.nextPageToken;
  if (passComplete && s.passCursor !== null) {
    s.cursor = s.resyncFrom ?? s.passCursor;
    s.resyncFrom = null;
    s.lastPassAt = new Date().toISOString();
    s.position = undefined;
    s.nextPassAtMs = Date.now() + input.intervalMs;
  }
  const error = refusedOnPage > 0 ? `${refusedOnPage} order(s) of the last page refused by the hub's validation (the worker log names them)` : undefined;
  await save(input, s, acts, passComplete, error);
}

/** The orders notifications named, fetched by id (an id the platform does not know is reported) and imported like a page's. */
async function fetchNotified(input: PollerInput, s: PollerState, acts: Acts): Promise<void> {
  // Taken off the list first: an id notified again while this fetch runs is fetched again (the order may have changed after it was read).
  const ids = s.notified.slice(0, NOTIFIED_PER_FETCH);
  s.notified = s.notified.slice(ids.length);
  const fetched = await acts.fetchOrders({ channelId: input.channelId, ids, rate: s.rate });
  s.rate = fetched.rate;
  const back = fetched.waitMs !== undefined ? ids : fetched.remaining;
  s.notified = [...back, ...s.notified.filter((id) => !back.includes(id))];
  if (fetched.waitMs !== undefined) return wait(s, fetched.waitMs);
  show(s);
  const refused = await importAll(input, s, acts, fetched.orders, () => undefined);
  if (refused > 0 || fetched.missing.length > 0) {
    const problems = [
      refused > 0 && `${refused} notified order(s) refused by the hub's validation`,
      fetched.missing.length > 0 && `notified order(s) unknown to the platform: ${fetched.missing.slice(0, 5).join(', ')}`,
    ];
    await save(input, s, acts, false, problems.filter(Boolean).join('; '));
  }
}
