/** Requests of the returns API (issue 18): open a return on an order, list and read returns. */
import { z } from 'zod';
import { RETURN_ID } from '../../domain/ids';
import { EXCHANGE_POLICIES, RETURN_CONDITIONS, RETURN_SHIPPING_POLICIES, RETURN_STATUSES } from '../../domain/returns';
import { orderLineUnitsSchema } from '../orders/actionSchemas';
import { channelCode, text } from '../schemaParts';

export const returnIdParams = z.object({ returnId: z.string().regex(RETURN_ID, 'must be a return ID ("ret_" and 26 characters)') });

const returnLineSchema = orderLineUnitsSchema('Units to send back: lineId (the line number, lines[].lineNo in GET) or sku, how many, and why');

const replacementSchema = z
  .object({
    sku: text(64),
    quantity: z.number().int().min(1, 'must be a whole number >= 1').max(100_000),
  })
  .describe('A replacement: the SKU the customer gets instead, and how many units');

export const createReturnSchema = z.object({
  lines: z.array(returnLineSchema).min(1, 'must name at least one line').max(100),
  note: text(500).optional(),
  replacements: z
    .array(replacementSchema)
    .min(1, 'must name at least one replacement (or leave replacements out)')
    .max(100)
    .optional()
    .describe(
      'An exchange: as many replacement units as units returned (unit for unit, no money either way); shipped as a new order of the exchange channel once the return is received, or at once per the channel policy',
    ),
});
export type CreateReturnBody = z.infer<typeof createReturnSchema>;

/** A page's nextCursor: the last return's createdAt (epoch ms) and ID, like the orders list. */
export const RETURN_CURSOR = /^(\d{1,14})_(ret_[0-9a-z]{26})$/;

export const listReturnsQuery = z.object({
  status: z.enum(RETURN_STATUSES).optional(),
  channel: channelCode().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(RETURN_CURSOR, 'must be the nextCursor of a previous page').optional(),
});
export type ListReturnsQuery = z.infer<typeof listReturnsQuery>;

/** PUT /api/v1/channels/:channel/return-policy: the whole policy (src/domain/returns/policy.ts). */
export const returnPolicySchema = z.object({
  returnWindowDays: z.number().int().min(0).max(3650).describe('Days after delivery a return may be opened (0: none once the order is delivered).'),
  returnShipping: z.enum(RETURN_SHIPPING_POLICIES).describe('with_last_unit: the shipping paid goes back once every unit is returned; never: it is kept.'),
  exchangeShipsAt: z.enum(EXCHANGE_POLICIES).describe("on_receipt: an exchange's replacement ships once the returned units arrive; at_once: when it is requested."),
});

/** POST /api/v1/returns/:returnId/receipt: what arrived, per line and condition (several entries per line may split it). */
export const receiptSchema = z.object({
  lines: z
    .array(
      z.object({
        lineId: z.number().int().min(1).describe("The return's line (its order line number)."),
        quantity: z.number().int().min(1).max(1_000_000),
        condition: z.enum(RETURN_CONDITIONS).describe('resellable: back on hand at the receiving location; damaged: refunded, not restocked.'),
      }),
    )
    .min(1, 'must name at least one line')
    .max(100),
  locationId: text(64).optional().describe('Where the parcel was received; omitted: the location the units shipped from.'),
});
export type ReceiptBody = z.infer<typeof receiptSchema>;

/** POST /api/v1/returns/:returnId/retry: the failed step (or every waiting one). */
export const returnRetrySchema = z.object({ step: text(200).optional() });
export type ReturnRetryBody = z.infer<typeof returnRetrySchema>;
