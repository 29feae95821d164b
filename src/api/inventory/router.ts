import { Router } from 'express';
import { z } from 'zod';
import { validate, validated } from '../middleware/validate';
import { idempotencyKeyOf, idempotencyScope } from '../middleware/idempotency';
import { skuCode } from '../schemaParts';
import type { createInventoryService } from './service';
import type { AdjustmentRequest } from './adjustmentIdentity';

export const ADJUSTMENT_REASONS = ['receipt', 'correction', 'damage', 'return', 'cycle_count'] as const;

/** A change by `delta`, or a cycle count that sets on-hand to `countedOnHand`: exactly one of them. */
export const adjustmentSchema = z
  .object({
    sku: skuCode(),
    locationId: z.string().min(1).max(64),
    delta: z
      .number()
      .int('must be a whole number')
      .min(-1_000_000, 'must be at least -1000000 units')
      .max(1_000_000, 'must be at most 1000000 units')
      .refine((n) => n !== 0, 'must not be zero')
      .meta({ not: { const: 0 } })
      .optional(),
    countedOnHand: z.number().int('must be a whole number').min(0).max(10_000_000).optional(),
    reason: z.enum(ADJUSTMENT_REASONS),
    note: z.string().max(500).optional(),
    adjustmentId: z
      .string()
      .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 printable characters without spaces')
      .optional()
      .describe(
        'Your identity for this adjustment (e.g. the WMS transaction ID). Sent again, the adjustment is answered (200), never applied twice; with a different request it is a 409 adjustment_conflict.',
      ),
  })
  .superRefine((a, ctx) => {
    if ((a.delta === undefined) === (a.countedOnHand === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['delta'], message: 'give either delta or countedOnHand' });
    }
  })
  // The refinement in the document's words.
  .meta({ oneOf: [{ required: ['delta'] }, { required: ['countedOnHand'] }] });

export const skuParams = z.object({ sku: skuCode() });
export const listQuery = z.object({
  lowStock: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  threshold: z.coerce.number().int().min(0).max(1_000_000).default(5),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  sku: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be the start of a SKU code')
    .optional()
    .describe('Only SKUs that start with this (case-sensitive).'),
});
export const ledgerQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,17}$/, 'must be the nextCursor of the previous page')
    .optional()
    .describe('nextCursor of the previous page: the entries older than it.'),
});

export function inventoryRouter(service: ReturnType<typeof createInventoryService>): Router {
  const router = Router();
  router.get('/', validate({ query: listQuery }), async (_req, res) => {
    res.json(await service.list(validated(res, 'query')));
  });
  router.get('/:sku/ledger', validate({ params: skuParams, query: ledgerQuery }), async (req, res) => {
    res.json(await service.ledger(String(req.params.sku), validated<{ limit: number; cursor?: string }>(res, 'query')));
  });
  router.get('/:sku', validate({ params: skuParams }), async (req, res) => {
    res.json(await service.stockOf(String(req.params.sku)));
  });
  router.post('/adjustments', validate({ body: adjustmentSchema }), async (req, res) => {
    const key = idempotencyKeyOf(req);
    const answer = await service.adjust(req.body as AdjustmentRequest, key ? { idempotency: { scope: idempotencyScope(res), key } } : {});
    res.status(answer.status).json(answer.body);
  });
  return router;
}
