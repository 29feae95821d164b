import { Router } from 'express';
import type { EbayOrder } from '../../channels/ebay/types';
import { EBAY_APIS, type CallLimit, type EbayApi, type EbaySimState } from './ebayState';

/**
 * Test and demo controls: seed an order in eBay's own shape (an Order as getOrders returns it),
 * set call limits and faults, read the journal and counters (overLimit stays 0 for a client that
 * backs off on 429).
 */
export function ebayAdminRoutes(state: EbaySimState): Router {
  const router = Router();

  router.post('/admin/ebay/orders', (req, res) => {
    const order = req.body as Partial<EbayOrder>;
    if (typeof order?.orderId !== 'string' || !Array.isArray(order.lineItems)) {
      res.status(400).json({ error: 'body must be an eBay Order as getOrders returns it: orderId and lineItems are required' });
      return;
    }
    // ?seller=<refresh token>: the order is that eBay user's only (tests give each channel its own seller).
    const seller = typeof req.query.seller === 'string' ? req.query.seller : undefined;
    const stored = state.upsert(order as EbayOrder, { keepDates: req.query.keepDates === 'true', user: seller });
    res.status(201).json({ orderId: stored.orderId, lastModifiedDate: stored.lastModifiedDate });
  });

  router.post('/admin/ebay/config', (req, res) => {
    const body = req.body as {
      limits?: Partial<Record<EbayApi, CallLimit>>;
      tokenTtlSeconds?: number;
      maxLimit?: number;
      throttle?: number;
      outage?: number;
      expireTokens?: boolean;
    };
    if (body.limits) {
      const unknown = Object.keys(body.limits).filter((k) => !(EBAY_APIS as readonly string[]).includes(k));
      if (unknown.length > 0) return void res.status(400).json({ error: `unknown APIs: ${unknown.join(', ')} (known: ${EBAY_APIS.join(', ')})` });
      state.setLimits(body.limits);
    }
    if (body.tokenTtlSeconds !== undefined) state.config.tokenTtlSeconds = body.tokenTtlSeconds;
    if (body.maxLimit !== undefined) state.config.maxLimit = body.maxLimit;
    if (body.throttle !== undefined) state.pending429 = body.throttle;
    if (body.outage !== undefined) state.pending503 = body.outage;
    if (body.expireTokens) state.expireAllTokens();
    res.json({ config: state.config, limits: state.limits });
  });

  router.get('/admin/ebay/stats', (_req, res) => {
    res.json({ ...state.stats, orders: state.orders.size });
  });

  router.get('/admin/ebay/journal', (req, res) => {
    const { operation, orderId } = req.query as Record<string, string | undefined>;
    res.json(state.journal.filter((e) => (!operation || e.operation === operation) && (!orderId || e.orderId === orderId)));
  });

  return router;
}
