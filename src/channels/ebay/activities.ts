/**
 * eBay's side of the marketplace poller (src/workflows/marketplace): the generic activities
 * (loadCursor, fetchPage, importOrders, saveCursor, setPaused) on the Sell Fulfillment API. They
 * run on eBay's own task queue; Amazon's have the same names on another.
 *
 * A pass lists the orders changed in a fixed window `lastmodifieddate:[from..to]`, `to` a little
 * in the past (eBay indexes changes with a delay) and `from` the last pass's `to` minus an overlap.
 * Pages are limit/offset. An order changed during the pass leaves the window and shifts every
 * later order one place forward, which plain offsets would skip for good (its lastModifiedDate
 * stays before the next window): each page therefore compares eBay's `total` with the pass's and
 * steps back by the difference, re-reading a few orders (imported once: the order workflow's ID
 * dedupes) instead of missing one.
 */
import { Context } from '@temporalio/activity';
import { HttpError } from '../../api/httpError';
import { createOrderSchema } from '../../api/orders/schemas';
import type { OrderService } from '../../api/orders/service';
import { temporalErrorToHttp } from '../../api/temporalErrors';
import type { Db } from '../../db/prisma';
import { logger } from '../../observability/logger';
import type {
  FetchOrdersRequest,
  FetchOrdersResult,
  FetchPageRequest,
  FetchPageResult,
  ImportOrdersRequest,
  ImportOrdersResult,
  ListedOrder,
  MarketplaceActivities,
} from '../../workflows/marketplace/types';
import { pollerCursorActivities } from '../pollerCursor';
import { CallGate, CallWait, EBAY_FULFILLMENT_LIMIT } from './callGate';
import { createEbayClient, EBAY_PRODUCTION, EbayApiError, type EbayClient } from './client';
import { EBAY_NOTE, followUpsForKnownOrder, planEbayOrder, type EbayFollowUp } from './mapOrder';
import type { EbayConnectorOptions } from './options';
import { hubRefundIds, refundsMadeOnEbay, withoutRefunds } from './hubRefunds';
import { recordPlatformRefunds } from '../platformRefunds';
import type { EbayOrder } from './types';

export type { EbayConnectorOptions } from './options';

/** Who the connector's holds and cancels name as their actor. */
export const EBAY_ACTOR = 'ebay-connector';

interface PageToken {
  from: string;
  to: string;
  offset: number;
  /** eBay's `total` for the window when the pass started (it only shrinks: orders changed meanwhile leave it). */
  total: number;
}

type Orders = Pick<OrderService, 'createOrder' | 'cancelOrder' | 'placeHold' | 'recordPayment'>;

export function createEbayPollerActivities(db: Db, orders: Orders, opts: EbayConnectorOptions): MarketplaceActivities {
  const lookBackMs = opts.lookBackMs ?? 7 * 86_400_000;
  const overlapMs = opts.overlapMs ?? 5 * 60_000;
  const settleMs = opts.settleMs ?? 2 * 60_000;
  const pageSize = Math.min(opts.pageSize ?? 100, 200);
  const rateLimitWaitMs = opts.rateLimitWaitMs ?? 60_000;
  const callLimit = opts.callLimit ?? EBAY_FULFILLMENT_LIMIT;

  async function clientFor(channelId: string): Promise<EbayClient> {
    const channel = await db.channel.findUnique({ where: { id: channelId } });
    if (!channel || channel.platform !== 'ebay') throw new Error(`channel ${channelId} is not an ebay channel`);
    const credentials = opts.credentials(channel);
    if (!credentials) throw new Error(`no eBay OAuth credentials for channel ${channelId} (secret ${channel.secretName ?? channelId})`);
    return createEbayClient({ endpoints: opts.endpoints ?? EBAY_PRODUCTION, credentials, refreshBeforeMs: opts.refreshBeforeMs });
  }

  const gateFor = (rate: FetchPageRequest['rate']) => new CallGate(callLimit, rate, activityAttempt() > 1);

  /** Out of calls by our own count, or eBay refused for its call limit: how long the workflow waits (eBay's Retry-After, else the configured wait). */
  const waitFor = (err: unknown, gate: CallGate): number | undefined => {
    if (err instanceof CallWait) return err.waitMs;
    if (err instanceof EbayApiError && err.status === 429) {
      gate.drain();
      return err.retryAfterMs ?? rateLimitWaitMs;
    }
    return undefined;
  };

  return {
    ...pollerCursorActivities(db),

    async fetchPage({ channelId, cursor, pageToken, rate }: FetchPageRequest): Promise<FetchPageResult> {
      const client = await clientFor(channelId);
      const gate = gateFor(rate);
      let token: PageToken;
      if (pageToken) token = JSON.parse(pageToken) as PageToken;
      else {
        const now = Date.now();
        const from = cursor === null ? now - lookBackMs : Date.parse(cursor) - overlapMs;
        token = { from: new Date(from).toISOString(), to: new Date(now - settleMs).toISOString(), offset: 0, total: -1 };
      }
      const filter = `lastmodifieddate:[${token.from}..${token.to}]`;
      try {
        gate.take();
        let page = await client.getOrders({ filter, limit: pageSize, offset: token.offset });
        const shrunk = token.total >= 0 && page.total !== undefined ? token.total - page.total : 0;
        if (shrunk > 0 && token.offset > 0) {
          // Orders before this offset left the window: step back so that none of the others is skipped.
          token = { ...token, offset: Math.max(0, token.offset - shrunk) };
          gate.take();
          page = await client.getOrders({ filter, limit: pageSize, offset: token.offset });
        }
        const listed = page.orders ?? [];
        const total = page.total ?? token.offset + listed.length;
        const nextOffset = token.offset + listed.length;
        const more = page.next !== undefined && listed.length > 0 && nextOffset < total;
        // eBay names no order for a page: the latest change the page holds is how far the pass got.
        const position = listed.reduce<string | undefined>((max, o) => (o.lastModifiedDate && (!max || o.lastModifiedDate > max) ? o.lastModifiedDate : max), undefined);
        return {
          ...(position && { position }),
          orders: listed.map((o) => ({ id: o.orderId, data: o })),
          nextPageToken: more ? JSON.stringify({ ...token, offset: nextOffset, total } satisfies PageToken) : null,
          passCursor: token.to,
          rate: gate.snapshot(),
        };
      } catch (err) {
        const waitMs = waitFor(err, gate);
        if (waitMs === undefined) throw err;
        return { waitMs, rate: gate.snapshot() };
      }
    },

    async importOrders({ channelId, orders: listed, rate }: ImportOrdersRequest): Promise<ImportOrdersResult> {
      const client = await clientFor(channelId);
      const gate = gateFor(rate);
      const result: ImportOrdersResult = { remaining: [], imported: 0, unchanged: 0, cancelled: 0, waiting: 0, refused: 0, rate: {} };
      for (let i = 0; i < listed.length; i++) {
        try {
          // A worker shutting down cancels us: stop between orders, the retry continues the page.
          Context.current().cancellationSignal.throwIfAborted();
          await importOne(channelId, listed[i], client, gate, result);
          Context.current().heartbeat(i);
        } catch (err) {
          const waitMs = waitFor(err, gate);
          if (waitMs === undefined) throw err;
          return { ...result, remaining: listed.slice(i), waitMs, rate: gate.snapshot() };
        }
      }
      return { ...result, rate: gate.snapshot() };
    },

    /** Orders a notification named: getOrders by orderIds (up to 50 in one call, as eBay's notification guide says to look them up). */
    async fetchOrders({ channelId, ids, rate }: FetchOrdersRequest): Promise<FetchOrdersResult> {
      const client = await clientFor(channelId);
      const gate = gateFor(rate);
      try {
        gate.take();
        const page = await client.getOrders({ orderIds: ids, limit: ids.length, offset: 0 });
        const found = page.orders ?? [];
        const known = new Set(found.map((o) => o.orderId));
        return { orders: found.map((o) => ({ id: o.orderId, data: o })), missing: ids.filter((id) => !known.has(id)), remaining: [], rate: gate.snapshot() };
      } catch (err) {
        const waitMs = waitFor(err, gate);
        if (waitMs === undefined) throw err;
        return { waitMs, rate: gate.snapshot() };
      }
    },
  };

  async function importOne(channelId: string, listedOrder: ListedOrder, client: EbayClient, gate: CallGate, result: ImportOrdersResult): Promise<void> {
    let order = listedOrder.data as EbayOrder;
    // getOrders always lists cancelRequests empty (the document says so): the request's details come from getOrder.
    if (order.cancelStatus?.cancelState === 'CANCEL_REQUESTED' && (order.cancelStatus.cancelRequests ?? []).length === 0) {
      gate.take();
      order = await client.getOrder(order.orderId);
    }
    const plan = planEbayOrder(channelId, order);
    const existing = await db.order.findUnique({
      where: { channelId_externalId: { channelId, externalId: order.orderId } },
      select: { id: true, status: true, paymentStatus: true, holds: { where: { releasedAt: null }, select: { note: true } } },
    });
    if (existing) {
      // The hub's own refunds (issue_refund from the order workflow) are no news to hold the order for.
      const seen = withoutRefunds(order, await hubRefundIds(db, channelId, order.orderId));
      // Refunds made on eBay are counted before anything else: a cancel in the hub then refunds only the rest.
      const currency = await currencyOf(existing.id);
      await recordPlatformRefunds(db, existing.id, currency, refundsMadeOnEbay(seen, currency), 'ebay');
      const followUps = followUpsForKnownOrder(seen, { ...existing, openHoldNotes: existing.holds.map((h) => h.note ?? '') }, plan.sellerTotal);
      if (followUps.length === 0) result.unchanged++;
      for (const f of followUps) await apply(existing.id, order.orderId, f, result);
      return;
    }
    const parsed = createOrderSchema.safeParse(plan.request);
    if (!parsed.success) {
      // eBay sent something the hub cannot take at all: logged loudly, never retried for ever.
      result.refused++;
      logger.error({ channelId, ebayOrderId: order.orderId, issues: parsed.error.issues.slice(0, 5) }, 'ebay order refused by validation');
      return;
    }
    let orderId: string;
    try {
      const created = await orders.createOrder(parsed.data);
      orderId = created.body.orderId;
      if (created.created) result.imported++;
      else result.unchanged++;
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      result.refused++;
      logger.error({ channelId, ebayOrderId: order.orderId, err: err.message }, 'ebay order refused');
      return;
    }
    await recordPlatformRefunds(db, orderId, parsed.data.currency, refundsMadeOnEbay(order, parsed.data.currency), 'ebay');
    for (const f of plan.afterCreate) await apply(orderId, order.orderId, f, result);
  }

  /** One follow-up; what the order refuses (already shipping, already held, closed) is logged and left to the order's timeline. */
  async function apply(orderId: string, ebayOrderId: string, f: EbayFollowUp, result: ImportOrdersResult): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (f.kind === 'hold') await orders.placeHold(orderId, { reason: 'manual', note: f.note, placedBy: EBAY_ACTOR });
        else if (f.kind === 'cancel') {
          await orders.cancelOrder(orderId, { reason: f.reason }, EBAY_ACTOR);
          result.cancelled++;
        } else await orders.recordPayment(orderId, { amount: f.amount, currency: await currencyOf(orderId), reference: f.reference, status: 'succeeded' });
        return;
      } catch (err) {
        const http = err instanceof HttpError ? err : temporalErrorToHttp(err);
        if (!http || http.status >= 500) throw err;
        // A new order decides its rules first; a hold waits for that decision (a moment).
        if (/no rule decision yet/.test(http.message) && attempt < 50) {
          await new Promise((r) => setTimeout(r, 200));
          Context.current().heartbeat();
          continue;
        }
        logger.warn(
          { orderId, ebayOrderId, followUp: f.kind, note: f.kind === 'hold' ? f.note.replace(EBAY_NOTE, '').trim() : undefined, err: http.message },
          'ebay follow-up not applied',
        );
        return;
      }
    }
  }

  async function currencyOf(orderId: string): Promise<string> {
    const row = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { currency: true } });
    return row.currency;
  }
}

function activityAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}
