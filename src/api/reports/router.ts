import { Router } from 'express';
import { z } from 'zod';
import { validate, validated } from '../middleware/validate';
import type { ReportRange, ReportService } from './service';

const DEFAULT_SPAN_MS = 7 * 24 * 3_600_000;
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-11-26T00:00:00Z' });

/** from/to are optional: to defaults to now, from to seven days before to. */
export const summaryQuery = z
  .object({ from: instant.optional(), to: instant.optional() })
  .transform(({ from, to }): ReportRange => {
    const end = to ? new Date(to) : new Date();
    return { from: from ? new Date(from) : new Date(end.getTime() - DEFAULT_SPAN_MS), to: end };
  })
  .refine((range) => range.from < range.to, { path: ['from'], message: 'must be before to' });

export function reportsRouter(service: ReportService): Router {
  const router = Router();
  router.get('/summary', validate({ query: summaryQuery }), async (_req, res) => {
    res.json(await service.summary(validated<ReportRange>(res, 'query')));
  });
  return router;
}
