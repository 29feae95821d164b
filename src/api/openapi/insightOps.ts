/** The operations console's own reads (docs/dashboard.md): trends per day as JSON or CSV, and the orders waiting for stock. */
import { backordersQuery } from '../backorders/router';
import { TREND_SERIES, type TrendSeries } from '../reports/trends';
import { MAX_TREND_DAYS, trendsQuery } from '../reports/trendsRouter';
import type { JsonSchema, Operation } from './registry';
import { arr, bool, int, nullable, num, obj, str, time } from './schemaBuilders';

const day: JsonSchema = { type: 'string', format: 'date' };
const secs = (what: string): JsonSchema => ({ ...nullable(num), description: `${what} of the orders shipped that day (created to shipped), in seconds; nearest rank` });

const ROWS: Record<TrendSeries, { summary: string; row: JsonSchema }> = {
  orders: { summary: 'Orders received per day and channel', row: obj({ day, channel: str, orders: int }) },
  'time-to-ship': { summary: 'Time to ship per day: median and p95', row: obj({ day, shipped: int, medianSeconds: secs('Median'), p95Seconds: secs('95th percentile') }) },
  'on-time': {
    summary: 'On-time shipping rate per day',
    row: obj({ day, withShipBy: int, onTime: int, rate: { ...nullable(num), description: 'onTime / withShipBy; null when no order shipped that day had a ship-by time' } }),
  },
  holds: { summary: 'Holds opened and closed per day', row: obj({ day, opened: int, closed: int }) },
  cancellations: {
    summary: 'Cancellations per day and reason',
    row: obj({ day, reason: { ...str, description: 'the order\u2019s cancel reason; beyond the 8 most frequent in the period, "other"' }, cancellations: int }),
  },
};

const trendOperations: Operation[] = (Object.keys(TREND_SERIES) as TrendSeries[]).map((series) => ({
  operationId: `getTrend_${series.replace(/-/g, '_')}`,
  method: 'get',
  path: `/api/v1/reports/trends/${series}`,
  tag: 'reports',
  summary: ROWS[series].summary,
  description:
    `Rows per UTC day from \`from\` through \`to\` (both included); days with nothing are left out. format=csv answers the same rows as text/csv with the header ${TREND_SERIES[series].join(',')}. ` +
    `A 400 naming query.from when from is after to, or more than ${MAX_TREND_DAYS} days before it.`,
  query: trendsQuery,
  responses: [
    {
      status: 200,
      description: 'The rows (format=json).',
      schema: obj({ series: { const: series }, from: day, to: day, channel: nullable(str), columns: arr(str), items: arr(ROWS[series].row) }),
    },
    { status: 200, description: 'The rows as CSV (format=csv).', contentType: 'text/csv', schema: { type: 'string' } },
  ],
  errors: [400],
}));

export const insightOperations: Operation[] = [
  ...trendOperations,
  {
    operationId: 'listBackorders',
    method: 'get',
    path: '/api/v1/backorders',
    tag: 'inventory',
    summary: 'Orders waiting for stock, oldest or by priority',
    query: backordersQuery,
    responses: [
      {
        status: 200,
        description: 'A page of waiting orders; waiting counts every match.',
        schema: obj({
          waiting: int,
          items: arr(
            obj({
              orderId: str,
              workflowId: str,
              channel: nullable(str),
              externalId: nullable(str),
              skus: arr(str),
              shortfall: arr({ type: 'object', description: 'per SKU: {sku, requested, available} when the order was queued' }),
              partial: { ...bool, description: 'reserve_available: the order holds what there was and waits for the rest' },
              priorityScore: int,
              since: time,
              waitingSeconds: int,
            }),
          ),
          nextCursor: { ...nullable(str), description: 'pass it as cursor (with the same sort) for the next page' },
        }),
      },
    ],
    errors: [400],
  },
];
