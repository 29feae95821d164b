/**
 * The simulated Shopify Admin REST API at `/shopify/<shop>/admin/api/<version>/…` (the hub's
 * SHOPIFY_ADMIN_URL stands in for `https://<shop>`), and its control routes under
 * `/admin/shopify/…` for tests and the demo.
 *
 * Every Admin call: `X-Shopify-Access-Token` must be the shop's token (401 otherwise), the shop's
 * leaky bucket decides (429 + `Retry-After` when full; `X-Shopify-Shop-Api-Call-Limit` on every
 * answer), the `channel` faults apply (latency, injected failures), and the call is journaled as
 * system `channel`, operation `shopify.<name>`, with its body as the hub sent it (ids losslessly).
 * Bodies are read as text and parsed with adminJson.ts (this router runs before the app's JSON
 * parser), and answers are written with ids as bare JSON numbers, as Shopify does.
 */
import express, { Router, type Request, type Response } from 'express';
import { parseShopifyJson, stringifyWithIds } from '../../channels/shopify/adminJson';
import type { SimulatorState } from '../state';
import * as api from './adminApi';
import { ShopifyError, type AdminCall, type AdminReply } from './adminApi';
import type { Json } from './store';

const API = '/shopify/:shop/admin/api/:version';
const VERSION = /^\d{4}-(01|04|07|10)$/;

function send(res: Response, reply: AdminReply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.set(name, value);
  res.status(reply.status).type('application/json').send(stringifyWithIds(reply.body));
}

function readBody(req: Request): unknown {
  const text = typeof req.body === 'string' ? req.body : '';
  if (text.trim() === '') return undefined;
  return parseShopifyJson(text);
}

/** Shopify's documented requests write ids as JSON numbers; a quoted id is the client's mistake. */
function quotedId(req: Request): string | null {
  const text = typeof req.body === 'string' ? req.body : '';
  const m = /"(id|[a-z_]+_id)"\s*:\s*"/.exec(text);
  return m ? m[1] : null;
}

function plainQuery(req: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') query[k] = v;
  return query;
}

export function shopifyRoutes(state: SimulatorState): Router {
  const router = Router();
  const stores = state.shopify;
  router.use(['/shopify', '/admin/shopify'], express.text({ type: () => true, limit: '5mb' }));

  type Handler = (call: AdminCall) => AdminReply;
  const admin = (operation: string, handler: Handler) => async (req: Request, res: Response) => {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.params)) params[k] = Array.isArray(v) ? v.join('/') : String(v);
    let body: unknown;
    const journal = (reply: AdminReply, faulted = false) => {
      state.journal.record({
        system: 'channel',
        operation: `shopify.${operation}`,
        method: req.method,
        path: req.originalUrl.split('?')[0] ?? req.originalUrl,
        params: { ...params, ...plainQuery(req) },
        idempotencyKey: null,
        body: body ?? null,
        status: reply.status,
        response: reply.body,
        duplicate: false,
        faulted,
      });
      send(res, reply);
    };
    try {
      body = readBody(req);
    } catch {
      journal({ status: 400, body: { errors: 'body is not valid JSON' } });
      return;
    }
    const quoted = quotedId(req);
    if (quoted !== null) return journal({ status: 422, body: { errors: { [quoted]: ['must be a number, not a string'] } } });
    const s = stores.get(params.shop);
    if (!s || !VERSION.test(params.version)) return journal({ status: 404, body: { errors: 'Not Found' } });
    if (req.get('X-Shopify-Access-Token') !== s.accessToken) {
      return journal({ status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } });
    }
    const bucket = s.bucket.take();
    res.set('X-Shopify-Shop-Api-Call-Limit', `${bucket.used}/${bucket.size}`);
    if (!bucket.allowed) {
      res.set('Retry-After', bucket.retryAfterSeconds.toFixed(1));
      return journal({ status: 429, body: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' } });
    }
    const latencyMs = state.faults.latencyMs('channel');
    if (latencyMs > 0) await state.timers.sleep(latencyMs);
    const faultStatus = state.faults.decide('channel');
    if (faultStatus !== null) return journal({ status: faultStatus, body: { errors: 'injected fault' } }, true);
    const apiBase = `${req.protocol}://${req.get('host') ?? 'localhost'}/shopify/${encodeURIComponent(s.shop)}/admin/api/${params.version}`;
    try {
      journal(handler({ s, params, query: plainQuery(req), body, apiBase }));
    } catch (error) {
      if (error instanceof ShopifyError) return journal({ status: error.status, body: { errors: error.errors } });
      journal({ status: 500, body: { errors: `simulator failure: ${error instanceof Error ? error.message : String(error)}` } });
    }
  };

  router.get(`${API}/orders.json`, admin('listOrders', api.listOrders));
  router.get(`${API}/orders/:id.json`, admin('getOrder', api.getOrder));
  router.get(`${API}/orders/:id/fulfillment_orders.json`, admin('listFulfillmentOrders', api.listFulfillmentOrders));
  router.post(
    `${API}/fulfillments.json`,
    admin('createFulfillment', (c) => api.createFulfillment(c, stores)),
  );
  router.post(`${API}/inventory_levels/set.json`, admin('setInventoryLevel', api.setInventoryLevel));
  router.post(
    `${API}/orders/:id/cancel.json`,
    admin('cancelOrder', (c) => api.cancelOrder(c, stores)),
  );
  router.post(`${API}/orders/:id/refunds/calculate.json`, admin('calculateRefund', api.calculateRefund));
  router.get(`${API}/orders/:id/transactions.json`, admin('listTransactions', api.listTransactions));
  router.get(`${API}/orders/:id/refunds.json`, admin('listRefunds', api.listRefunds));
  router.post(
    `${API}/orders/:id/refunds.json`,
    admin('createRefund', (c) => api.createRefund(c, stores)),
  );

  // --- control, not Shopify: never journaled, no token ---
  const control = (req: Request, res: Response, run: (body: Json) => unknown) => {
    let body: unknown;
    try {
      body = readBody(req) ?? {};
    } catch {
      res.status(400).json({ error: 'body is not valid JSON' });
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      res.status(400).json({ error: 'body must be a JSON object' });
      return;
    }
    const result = run(body as Json);
    if (result !== undefined) send(res, { status: 200, body: result });
  };

  // {shop, accessToken, locationId?}: creates the store (or changes its token).
  router.post('/admin/shopify/shops', (req, res) =>
    control(req, res, (b) => {
      if (typeof b.shop !== 'string' || b.shop === '' || typeof b.accessToken !== 'string' || b.accessToken === '') {
        res.status(400).json({ error: 'shop and accessToken are required strings' });
        return undefined;
      }
      const s = stores.upsertShop(b.shop, b.accessToken, typeof b.locationId === 'string' ? b.locationId : undefined);
      return { shop: s.shop, locationId: s.locationId };
    }),
  );

  // {shop, order}: an order as Shopify has it (ids may be 64-bit); no webhook is sent.
  router.post('/admin/shopify/orders', (req, res) =>
    control(req, res, (b) => {
      const s = typeof b.shop === 'string' ? stores.get(b.shop) : undefined;
      if (!s || typeof b.order !== 'object' || b.order === null) {
        res.status(400).json({ error: 'shop must name a created shop and order must be an object' });
        return undefined;
      }
      return { order: stores.seedOrder(s, b.order as Json) };
    }),
  );

  // Everything the store holds, for assertions.
  router.get('/admin/shopify/shops/:shop', (req, res) => {
    const s = stores.get(req.params.shop);
    if (!s) {
      res.status(404).json({ error: `no shop ${req.params.shop}` });
      return;
    }
    send(res, {
      status: 200,
      body: {
        shop: s.shop,
        locationId: s.locationId,
        orders: [...s.orders.values()],
        fulfillmentOrders: [...s.fulfillmentOrders.values()],
        inventoryLevels: [...s.inventory.values()],
      },
    });
  });

  return router;
}
