/**
 * What a marketplace poller asks of its platform's activities (Amazon, eBay...). The workflow
 * knows nothing of any platform: a cursor and a page token are opaque strings to it, and the
 * rate-limit state is an opaque record it keeps and hands back.
 */
export type RateState = Record<string, { tokens: number; atMs: number }>;

/** An order as a page listed it, small enough for the workflow's history (the platform's id and what the import needs of the listing). */
export interface ListedOrder {
  id: string;
  /** The platform's order as listed, trimmed by the platform's activity to what the import needs. */
  data: unknown;
}

export interface FetchPageRequest {
  channelId: string;
  /** The watermark of the last complete pass (null: first sync). */
  cursor: string | null;
  /** Where the pass in progress stands (null: start one). */
  pageToken: string | null;
  rate: RateState;
}

export type FetchPageResult =
  | { waitMs: number; rate: RateState }
  | {
      waitMs?: undefined;
      orders: ListedOrder[];
      /** The next page of this pass, or null when this was its last page. */
      nextPageToken: string | null;
      /** The watermark this pass reaches once every page is imported. */
      passCursor: string;
      /** The latest change (or, in a first pass, purchase) time this page reached (ISO): how far a pass in progress has caught up. */
      position?: string;
      rate: RateState;
    };

export interface ImportOrdersRequest {
  channelId: string;
  orders: ListedOrder[];
  rate: RateState;
}

export interface ImportOrdersResult {
  /** Orders not handled yet because a usage plan ran out (retry after waitMs). */
  remaining: ListedOrder[];
  waitMs?: number;
  imported: number;
  unchanged: number;
  cancelled: number;
  waiting: number;
  refused: number;
  rate: RateState;
}

/** Orders a platform notification named (Amazon ORDER_CHANGE, eBay ORDER_CONFIRMATION): fetched by id, whatever the cursor says. */
export interface FetchOrdersRequest {
  channelId: string;
  ids: string[];
  rate: RateState;
}

export type FetchOrdersResult =
  | { waitMs: number; rate: RateState }
  | {
      waitMs?: undefined;
      orders: ListedOrder[];
      /** Ids the platform does not know (a stale or mistaken notification): nothing to import. */
      missing: string[];
      /** Ids not fetched yet because a usage plan ran out after the others: asked again next. */
      remaining: string[];
      rate: RateState;
    };

export interface SaveCursorRequest {
  channelId: string;
  cursor: string | null;
  pageToken: string | null;
  /** A whole pass finished: lastSuccessAt moves. */
  passComplete: boolean;
  backlog: number;
  error?: string;
  /** Usage-plan waits since the last save (added to the channel's running totals for /metrics). */
  rateWaits?: number;
  rateWaitMs?: number;
}

export interface MarketplaceActivities {
  loadCursor(channelId: string): Promise<{ cursor: string | null; pageToken: string | null; paused: boolean }>;
  fetchPage(request: FetchPageRequest): Promise<FetchPageResult>;
  fetchOrders(request: FetchOrdersRequest): Promise<FetchOrdersResult>;
  importOrders(request: ImportOrdersRequest): Promise<ImportOrdersResult>;
  saveCursor(request: SaveCursorRequest): Promise<void>;
  setPaused(request: { channelId: string; paused: boolean }): Promise<void>;
}
