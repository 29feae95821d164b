/** Requests on an order that exists: its id, the list query, payment, cancel, holds, address correction and operator steps. */
import { z } from 'zod';
import { ORDER_STATUSES } from '../../domain/orderStatus';
import { HOLD_REASONS } from '../../domain/rules/types';
import { channelCode, skuCode, text } from '../schemaParts';
import { addressSchema } from './addressSchemas';
import { currency, decimal } from './lineSchemas';

export const orderIdParams = z.object({ orderId: z.uuid('must be an order ID') });

/**
 * A page's nextCursor: the last order's createdAt (epoch ms) and ID. Every string of this shape
 * names a valid position (up to 14 digits of ms is before the year 9999, which the database
 * client can still convert), so the pattern is the whole rule.
 */
export const ORDER_CURSOR = /^(\d{1,14})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const listOrdersQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  channel: channelCode().optional(),
  externalId: z
    .string()
    .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 printable characters without spaces')
    .optional()
    .describe("The channel's own order id: with channel, finds that channel's order (at most one); without, that id on every channel."),
  // The console's search (docs/dashboard.md); filters combine with AND.
  email: text(254).optional().describe("The customer's e-mail, exactly as the channel sent it."),
  name: text(200).optional().describe("Part of the customer's name, any case."),
  sku: skuCode().optional().describe('Orders with a line of this hub SKU.'),
  holdReason: z.enum(HOLD_REASONS).optional().describe('Orders with an open hold of this reason.'),
  placedFrom: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-11-26T00:00:00Z' }).optional().describe('Placed at or after this instant.'),
  placedTo: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-11-26T00:00:00Z' }).optional().describe('Placed before this instant.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(ORDER_CURSOR, 'must be the nextCursor of a previous page').optional(),
});

export const paymentSchema = z.object({
  amount: decimal,
  currency,
  reference: text(128),
  status: z.enum(['succeeded', 'failed']).default('succeeded'),
});

/** Units of one order line (a partial cancel, a return): the line by its number (GET's lines[].lineNo) or by SKU, never both. */
export const orderLineUnitsSchema = (description: string) =>
  z
    .object({
      lineId: z.number().int().min(1).optional(),
      sku: text(64).optional(),
      quantity: z.number().int().min(1, 'must be a whole number >= 1').max(100_000),
      reason: text(200).optional(),
    })
    .refine((l) => (l.lineId === undefined) !== (l.sku === undefined), { message: 'give lineId or sku (one of them)', path: ['lineId'] })
    .describe(description);

const cancelLineSchema = orderLineUnitsSchema('Units to cancel: lineId (the line number, lines[].lineNo in GET) or sku, and how many');

/** Without lines: the whole order. With lines: those units only (a partial cancel); the reason may then come per line. */
export const cancelSchema = z
  .object({
    reason: text(200).optional(),
    lines: z.array(cancelLineSchema).min(1, 'must name at least one line').max(100).optional(),
  })
  .refine((b) => b.reason !== undefined || (b.lines !== undefined && b.lines.every((l) => l.reason !== undefined)), {
    message: 'a reason is required (for the order, or for every line of a partial cancel)',
    path: ['reason'],
  });
export type CancelRequestBody = z.infer<typeof cancelSchema>;

// No field names the actor: it is the calling API key's name (src/api/auth/actor.ts refuses
// placedBy, releasedBy, changedBy and requestedBy with a 400). A body may add a note.

export const holdParams = z.object({ orderId: z.uuid('must be an order ID'), reason: z.enum(HOLD_REASONS) });

export const placeHoldSchema = z.object({ reason: z.enum(HOLD_REASONS), note: text(500).optional() });

export const releaseHoldSchema = z.object({ note: text(500).optional() });

export const correctAddressSchema = z.object({ address: addressSchema });

export const reevaluateSchema = z.object({ useLatestRules: z.boolean().default(false) });

export const retryStepSchema = z.object({ step: text(200).optional() });

export const skipStepSchema = z.object({ step: text(200), reason: text(500) });
