import { z } from 'zod';
import { isMailbox } from '../../domain/email';
import { ISO_4217_CODES } from '../../domain/currencies';
import { MAX_MINOR_UNITS, MoneyFormatError, parseMoney } from '../../domain/money';
import { computeOrderTotals } from '../../domain/pricing';
import { moneyProblem, requestMoney } from './pricedRequest';
import { CUSTOMER_TIERS, SHIPPING_SERVICES } from '../../domain/order';
import { ORDER_STATUSES } from '../../domain/orderStatus';
import { CHANNEL_PAYMENT_STATUSES, CHANNEL_TRANSACTION_KINDS } from '../../domain/payment';
import { HOLD_REASONS } from '../../domain/rules/types';
import { channelCode, NO_NUL, skuCode, text } from '../schemaParts';

const decimal = z.string().regex(/^\d{1,12}(\.\d{1,3})?$/, 'must be a decimal string like "19.99"');
// A code of ISO 4217 (src/domain/currencies.ts), as an enum the document states: not only its shape.
const currency = z.enum([...ISO_4217_CODES] as [string, ...string[]], { error: 'must be an ISO 4217 code like "USD"' });

const discountSchema = z.object({
  code: text(100).optional(),
  title: text(200).optional(),
  amount: decimal.describe('The discount on the whole line (all units together), or on the shipping line.'),
  shopAmount: decimal.optional().describe('The same discount in shopCurrency, when the channel sends both.'),
});
const taxLineSchema = z.object({
  title: text(100),
  rate: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a rate like "0.06"')
    .describe('As the channel sent it; shown, never multiplied: the amount is the tax.'),
  amount: decimal.describe('The tax charged on the whole line (all units together).'),
  shopAmount: decimal.optional(),
});
const shippingLineSchema = z.object({
  service: text(100).describe("The channel's name of the shipping option (free text)."),
  price: decimal.describe('Before its discounts.'),
  shopPrice: decimal.optional(),
  discounts: z.array(discountSchema).max(20).optional(),
  taxLines: z.array(taxLineSchema).max(20).optional(),
});

export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like "US"');

export const addressSchema = z.object({
  name: text(200),
  line1: text(200),
  line2: text(200).optional(),
  city: text(100),
  region: text(100).optional(),
  // Optional: some countries have none. An empty one counts as absent; the rules hold the order.
  postalCode: z
    .string()
    .max(20, 'must be at most 20 characters')
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined)),
  country: countryCode,
});

/**
 * Optional text a channel may leave out or send empty: both mean absent. Whatever is given must
 * still be text of a sane length (a wrong type is a structural problem and a 400).
 */
const optionalText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(NO_NUL, 'must not contain NUL')
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined));

/**
 * The address a channel sends with an order: any field may be missing (a marketplace that masks
 * it, a till), and so may the whole address. An order that must ship with an incomplete address
 * is accepted and held (`address`) for an operator to correct; a pickup or digital order needs none.
 * An operator's correction (addressSchema) must be complete.
 */
export const channelAddressSchema = z.object({
  name: optionalText(200),
  line1: optionalText(200),
  line2: optionalText(200),
  city: optionalText(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: countryCode.optional(),
});

export const billingAddressSchema = z.object({ country: countryCode });

/** A line's product in the channel's own identifiers (src/domain/listings.ts), resolved through the channel's listings. */
export const listingRefSchema = z
  .object({
    channelSku: text(128).optional(),
    variantId: z
      .string()
      .regex(/^[0-9]{1,20}$/, 'must be a Shopify id (digits, as a string)')
      .optional(),
    inventoryItemId: z
      .string()
      .regex(/^[0-9]{1,20}$/, 'must be a Shopify id (digits, as a string)')
      .optional(),
    asin: text(16).optional(),
    legacyItemId: text(32).optional(),
    legacyVariationId: text(32).optional(),
    offerId: text(64).optional(),
  })
  .strict()
  .describe(
    "The channel's own identifiers of the line's product: the line resolves through the channel's listings (most specific id first), then by a channel SKU equal to a hub SKU.",
  );

export const createOrderSchema = z
  .object({
    channel: channelCode(),
    externalId: z.string().regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 printable characters without spaces'),
    // E-mail and name are optional: a till, a guest checkout or a marketplace's masked buyer has
    // none, and the order is paid for. A given e-mail must be well-formed (RFC 6531: non-ASCII allowed).
    customer: z
      .object({
        id: text(64).optional(),
        email: optionalText(254)
          .refine((v) => v === undefined || isMailbox(v), 'must be an e-mail address (RFC 6531; non-ASCII allowed)')
          .meta({ format: 'idn-email', description: 'RFC 6531: a non-ASCII local part or domain is well-formed. Optional; empty counts as absent.' }),
        name: optionalText(200),
        tier: z.enum(CUSTOMER_TIERS).default('standard'),
      })
      .prefault({}),
    currency,
    lines: z
      .array(
        z.object({
          sku: skuCode()
            .optional()
            .describe(
              'The hub SKU, or the SKU the channel shows. May be left out (real platforms send lines without one): the line then resolves through `listing`, or holds the order `unmapped_sku`.',
            ),
          title: optionalText(255).describe("The channel's name of the product: what an operator sees on a line the hub cannot map."),
          listing: listingRefSchema.optional(),
          quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000'),
          unitPrice: decimal,
          requiresShipping: z
            .boolean()
            .optional()
            .describe('false: digital goods, gift cards. No stock is reserved and no parcel booked for the line; an order of such lines only completes without a carrier.'),
          shopUnitPrice: decimal.optional().describe('The unit price in shopCurrency, when the channel sends both.'),
          channelLineId: text(128).optional().describe("The channel's own id of the line."),
          discounts: z.array(discountSchema).max(20).optional().describe('Discounts allocated to this line: totals for the line, not per unit.'),
          taxLines: z.array(taxLineSchema).max(20).optional().describe('Taxes charged on this line: totals for the line, not per unit.'),
        }),
      )
      .min(1, 'an order needs at least one line')
      .max(200, 'at most 200 lines'),
    shippingAddress: channelAddressSchema.optional(),
    billingAddress: billingAddressSchema.optional(),
    // Point of sale: the customer takes the goods at a store (a location), so no parcel is booked.
    fulfillment: z
      .object({
        mode: z.enum(['ship', 'pickup']),
        pickupLocationId: text(64)
          .optional()
          .describe(
            'Required for pickup: the store. It must exist, serve pickups, and be a location the channel sells from (its buffer), or the answer is a 400 naming this field. The order takes stock there only.',
          ),
      })
      .refine((f) => f.mode === 'ship' || f.pickupLocationId !== undefined, { path: ['pickupLocationId'], message: 'is required for pickup' })
      // The refinement in the document's words.
      .meta({ anyOf: [{ properties: { mode: { const: 'ship' } } }, { required: ['pickupLocationId'] }] })
      .optional(),
    shippingService: z
      .enum(SHIPPING_SERVICES)
      .optional()
      .describe('The service level the carrier is booked with. Required without shippingLines; with them it defaults to "standard".'),
    shippingPrice: decimal.optional().describe('Shorthand for one shipping line of shippingService at this price (default 0). Not together with shippingLines.'),
    shippingLines: z.array(shippingLineSchema).max(20).optional().describe('The shipping charged, with its discounts and taxes (instead of shippingPrice).'),
    taxesIncluded: z.boolean().optional().describe('Prices already include their tax (VAT markets): the tax is reported, not added to the total. Default false.'),
    shopCurrency: currency.optional().describe("The seller's currency when the customer paid in another one; shop amounts are in it."),
    orderDiscounts: z
      .array(discountSchema.omit({ shopAmount: true }))
      .max(20)
      .optional()
      .describe(
        'Discounts on the whole order: each is split over the lines in proportion to what they cost after their own discounts (largest remainder) and kept as line discounts.',
      ),
    channelTotals: z
      .object({ total: decimal, tax: decimal.optional(), discounts: decimal.optional() })
      .optional()
      .describe(
        "What the channel says the customer owes. Any difference from the hub's own figures, one minor unit included, is accepted (202) and held total_mismatch with both figures in the note.",
      ),
    payment: z.object({
      status: z
        .enum(CHANNEL_PAYMENT_STATUSES)
        .describe(
          "paid: the channel captured everything; pending: the order waits for POST /orders/:orderId/payment; authorized / partially_paid: the channel authorized the money (and captured part of it), the hub captures the rest through the payment gateway by the channel's capture policy (on_order: at once; on_shipment: each parcel its share at dispatch).",
        ),
      reference: text(128)
        .optional()
        .describe("The payment reference; for an authorized order, the gateway's authorization reference unless an authorization transaction names one."),
      transactions: z
        .array(
          z.object({
            kind: z.enum(CHANNEL_TRANSACTION_KINDS),
            amount: decimal,
            gateway: text(64).optional(),
            reference: text(128).optional(),
          }),
        )
        .max(50, 'at most 50 transactions')
        .optional()
        .describe('What the channel did with the money before it sent the order; captures and sales count as already captured (refunded through the channel on cancel).'),
    }),
    placedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((order, ctx) => {
    if (order.shippingLines === undefined && order.shippingService === undefined) {
      ctx.addIssue({ code: 'custom', path: ['shippingService'], message: 'is required without shippingLines' });
    }
    if (order.shippingLines !== undefined && order.shippingPrice !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['shippingPrice'], message: 'give the shipping money either as shippingPrice or as shippingLines, not both' });
      return;
    }
    order.payment.transactions?.forEach((t, i) => {
      try {
        parseMoney(t.amount, order.currency);
      } catch (err) {
        if (!(err instanceof MoneyFormatError)) throw err;
        ctx.addIssue({ code: 'custom', path: ['payment', 'transactions', i, 'amount'], message: err.message });
      }
    });
    // Amounts are read with the currency's minor unit by the pricing module, which names the field.
    try {
      const total = computeOrderTotals(requestMoney(order).pricing).totalMinor;
      if (total > MAX_MINOR_UNITS) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'the order total is larger than the largest accepted amount' });
    } catch (err) {
      const problem = moneyProblem(err);
      if (!problem) throw err;
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  });
export type CreateOrderRequest = z.infer<typeof createOrderSchema>;

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
    .describe("The channel's own order id: with channel, finds that channel's order (at most one)."),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(ORDER_CURSOR, 'must be the nextCursor of a previous page').optional(),
});

export const paymentSchema = z.object({
  amount: decimal,
  currency,
  reference: text(128),
  status: z.enum(['succeeded', 'failed']).default('succeeded'),
});

/** One line of a partial cancel: the line by its number (GET's lines[].lineNo) or by SKU, never both. */
const cancelLineSchema = z
  .object({
    lineId: z.number().int().min(1).optional(),
    sku: text(64).optional(),
    quantity: z.number().int().min(1, 'must be a whole number >= 1').max(100_000),
    reason: text(200).optional(),
  })
  .refine((l) => (l.lineId === undefined) !== (l.sku === undefined), { message: 'give lineId or sku (one of them)', path: ['lineId'] })
  .describe('Units to cancel: lineId (the line number, lines[].lineNo in GET) or sku, and how many');

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
