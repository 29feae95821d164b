import type { JsonSchema } from './registry';

/*
 * Response shapes, written by hand: responses are built by the services, not by zod schemas. They
 * name every field the README promises; nested details stay loose (object) where the hub passes
 * stored JSON through.
 */
import { arr, bool, int, nullable, num, obj, ref, str, time } from './schemaBuilders';
import { orderResponseSchemas } from './orderResponses';
import { catalogResponseSchemas, stockResponseSchemas } from './catalogResponses';
import { returnResponseSchemas } from './returnOps';
import { consoleResponseSchemas } from './consoleOps';

export { ref } from './schemaBuilders';

export const errorSchema = obj(
  {
    error: { type: 'string', description: 'machine-readable code, e.g. validation_failed, not_found, invalid_order_state' },
    message: str,
    fields: { ...arr(obj({ field: { type: 'string', description: 'e.g. body.lines.0.quantity' }, message: str })), description: 'only when specific fields are at fault' },
  },
  ['fields'],
);

const ruleVersionMeta = { version: int, comment: nullable(str), createdBy: str, createdAt: time };

/** Shared response components, referenced by name from the operations. */
export const responseSchemas: Record<string, JsonSchema> = {
  Error: errorSchema,
  ...orderResponseSchemas,
  RuleSet: obj({ ...ruleVersionMeta, rules: arr(ref('Rule')) }),
  RuleVersionList: obj({ items: arr(obj(ruleVersionMeta)) }),
  RulePreview: obj({ ruleSetVersion: nullable(int), facts: { type: 'object' }, risk: { type: 'object' }, decision: { type: 'object' } }),
  SummaryReport: obj({
    ordersByChannelAndStatus: arr({ type: 'object' }),
    timeToShip: obj({ count: int, medianSeconds: nullable(num), p95Seconds: nullable(num) }),
    onTimeShip: obj({ shipped: int, withShipBy: int, onTime: int, rate: nullable(num) }),
    cancellationsByReason: arr({ type: 'object' }),
    // Per channel and currency; amounts are decimal strings in that currency (never summed across currencies).
    salesByChannel: arr(obj({ channel: str, currency: str, orders: int, netSales: str, discounts: str, tax: str, refunds: str })),
    // Issue 18: orders received in the window that came back, and returns opened in it per reason (refunds: the lines' shares, decimal strings).
    returnRateByChannel: arr(obj({ channel: str, orders: int, ordersWithReturns: int, rate: nullable(num), unitsSold: int, unitsReturned: int })),
    returnRefundsByChannelAndReason: arr(obj({ channel: str, reason: str, currency: str, returns: int, units: int, refunds: str })),
  }),
  ...stockResponseSchemas,
  ...returnResponseSchemas,
  ...consoleResponseSchemas,
  CarrierEventResult: obj({ accepted: bool, orderId: str, returnId: { ...str, description: 'a return parcel: the return it belongs to' }, reason: str }, ['reason', 'returnId']),
  ChannelOrderResult: obj({
    orderId: { type: 'string', format: 'uuid' },
    workflowId: str,
    status: str,
    created: { type: 'boolean', description: 'false: a repeat delivery of an order already received' },
  }),
  Health: obj({ status: { enum: ['ok', 'degraded'] }, database: obj({ ok: bool }), temporal: obj({ ok: bool }) }),
  DashboardConfig: obj({ temporalUiUrl: str, namespace: str }),
  ...catalogResponseSchemas,
  Me: obj({ name: str, role: { enum: ['admin', 'ops', 'carrier', 'channel'] }, channel: nullable(str), keyId: str }),
};
