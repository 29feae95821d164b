/**
 * Reconciliation: imports what Shopify's webhooks missed (a delivery lost, the hub down longer than
 * Shopify retries, a subscription removed). One page per activity: orders updated since the
 * channel's cursor (`channel_cursors`, stream `orders`), minus an overlap for clock skew and orders
 * saved while the last pull ran, oldest first, each imported through the inbound path (whose
 * workflow id, channel + Shopify's order id, drops what is known already). After a page is
 * imported the cursor moves to its newest `updated_at` and the next page's `page_info` is saved,
 * in one write, so a worker that dies mid-page repeats only that page, and one that dies between
 * pages resumes at the next one.
 */
import { heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../../db/prisma';
import { PartnerErrorType } from '../../activities/clients/partnerHttp';
import type { ShopifyAdminClient } from './adminClient';
import type { ShopifyOutboundLookups } from './adminOutbound';

/** A Shopify order as the Admin API returns it (ids as decimal strings). */
export type ShopifyOrderJson = Record<string, unknown> & { id: string; updated_at: string };

/**
 * The inbound import: map the Shopify order to a CreateOrderRequest and create it through the
 * orders service (a repeat is a no-op). The default stores it in the webhook inbox (reconcileImport.ts).
 */
export type ImportShopifyOrder = (channelId: string, order: ShopifyOrderJson) => Promise<unknown>;

export interface ReconcileSettings {
  pageSize: number;
  /** How far before the cursor each pull starts again. */
  overlapMs: number;
  /** A channel without a cursor starts this far back. */
  firstLookbackMs: number;
}

export const DEFAULT_RECONCILE: ReconcileSettings = { pageSize: 50, overlapMs: 2 * 60_000, firstLookbackMs: 24 * 3600_000 };

export const ORDERS_STREAM = 'orders';

export interface ReconcilePageResult {
  imported: number;
  /** No further page: this pull is complete. */
  done: boolean;
}

const newer = (a: string | null, b: string) => (a === null || Date.parse(b) > Date.parse(a) ? b : a);

export function createShopifyReconcileActivities(
  db: Db,
  admin: ShopifyAdminClient,
  lookups: ShopifyOutboundLookups,
  importOrder: ImportShopifyOrder,
  settings: ReconcileSettings = DEFAULT_RECONCILE,
) {
  const key = (channelId: string) => ({ channelId_stream: { channelId, stream: ORDERS_STREAM } });
  return {
    async shopifyReconcilePage(channelId: string): Promise<ReconcilePageResult> {
      const row = await db.channelCursor.upsert({ where: key(channelId), create: { channelId, stream: ORDERS_STREAM }, update: {} });
      let channel;
      try {
        channel = await lookups.shopifyChannel(channelId);
      } catch (err) {
        // Not connected yet (no access token, no shop domain): nothing to pull; the cursor says why.
        if (!(err instanceof ApplicationFailure && err.nonRetryable)) throw err;
        await db.channelCursor.update({ where: key(channelId), data: { lastError: err.message.slice(0, 500) } });
        return { imported: 0, done: true };
      }
      if (!channel) return { imported: 0, done: true };
      if (row.paused) return { imported: 0, done: true };
      const since = row.cursor === null ? Date.now() - settings.firstLookbackMs : Date.parse(row.cursor) - settings.overlapMs;
      // A page_info request carries only limit (and fields): its filters travel inside the token.
      const query: Record<string, string> = row.pageToken
        ? { limit: String(settings.pageSize), page_info: row.pageToken }
        : { limit: String(settings.pageSize), status: 'any', order: 'updated_at asc', updated_at_min: new Date(since).toISOString() };
      let page;
      try {
        page = await admin.get<{ orders: ShopifyOrderJson[] }>(channel, 'orders.json', query);
      } catch (err) {
        await db.channelCursor.update({ where: key(channelId), data: { lastError: String((err as Error).message).slice(0, 500) } });
        // An expired or refused page_info: start the pull again from the cursor (imports are idempotent).
        const status = err instanceof ApplicationFailure ? (err.details?.[0] as { status?: number } | undefined)?.status : undefined;
        if (row.pageToken && err instanceof ApplicationFailure && err.type === PartnerErrorType.Rejected && status === 400) {
          await db.channelCursor.update({ where: key(channelId), data: { pageToken: null } });
          return { imported: 0, done: false };
        }
        throw err;
      }
      let cursor = row.cursor;
      for (const order of page.data.orders) {
        await importOrder(channelId, order);
        cursor = newer(cursor, order.updated_at);
        heartbeat();
      }
      await db.channelCursor.update({
        where: key(channelId),
        data: { cursor, pageToken: page.nextPageInfo, lastSuccessAt: new Date(), lastError: null, backlog: 0 },
      });
      return { imported: page.data.orders.length, done: page.nextPageInfo === null };
    },
  };
}
