import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/prisma';
import { validate, validated } from '../middleware/validate';
import { channelCode } from '../schemaParts';
import { createTrends, toCsv, TREND_SERIES, type TrendRange, type TrendSeries } from './trends';

/** At most this many days per request: a year and a little, so one answer stays a few hundred rows. */
export const MAX_TREND_DAYS = 400;
const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;
const day = z.iso.date({ message: 'must be a date, e.g. 2026-11-01' });
const today = () => new Date().toISOString().slice(0, 10);

/** from/to are whole UTC days, both included; to defaults to today, from to 29 days before to. */
export const trendsQuery = z
  .object({
    from: day.optional().describe('First day (UTC), included. Default: 29 days before to.'),
    to: day.optional().describe('Last day (UTC), included. Default: today.'),
    channel: channelCode().optional().describe('Only this channel.'),
    format: z.enum(['json', 'csv']).default('json').describe('csv: the same rows as text/csv, a header line of the column names first.'),
  })
  .transform(({ from, to, channel, format }) => {
    const end = to ?? today();
    const start = from ?? new Date(Date.parse(end) - (DEFAULT_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
    return { from: start, to: end, ...(channel && { channel }), format };
  })
  .refine((q) => q.from <= q.to, { path: ['from'], message: 'must not be after to' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS < MAX_TREND_DAYS, { path: ['from'], message: `must be at most ${MAX_TREND_DAYS} days before to` });

/** GET /api/v1/reports/trends/<series>: a chart's rows per UTC day, as JSON or CSV. */
export function trendsRouter(db: Db): Router {
  const trends = createTrends(db);
  const router = Router();
  for (const series of Object.keys(TREND_SERIES) as TrendSeries[]) {
    router.get(`/trends/${series}`, validate({ query: trendsQuery }), async (_req, res) => {
      const { format, ...range } = validated<TrendRange & { format: 'json' | 'csv' }>(res, 'query');
      const rows = await trends.series(series, range);
      if (format === 'csv') {
        res.type('text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="orderhub-${series}-${range.from}-to-${range.to}.csv"`);
        res.send(toCsv(TREND_SERIES[series], rows));
        return;
      }
      res.json({ series, from: range.from, to: range.to, channel: range.channel ?? null, columns: TREND_SERIES[series], items: rows });
    });
  }
  return router;
}
