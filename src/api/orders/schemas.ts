import { z } from 'zod';
import { isMailbox } from '../../domain/email';
import { MAX_MINOR_UNITS, MoneyFormatError, parseMoney } from '../../domain/money';
import { computeOrderTotals } from '../../domain/pricing';
import { moneyProblem, requestMoney } from './pricedRequest';
import { CUSTOMER_TIERS, SHIPPING_SERVICES } from '../../domain/order';
import { CHANNEL_PAYMENT_STATUSES, CHANNEL_TRANSACTION_KINDS } from '../../domain/payment';
import { channelCode, skuCode, text } from '../schemaParts';
import { optionalText } from '../schemaParts';
import { billingAddressSchema, channelAddressSchema } from './addressSchemas';
import { currency, decimal, listingRefSchema, shippingLineSchema, discountSchema, taxLineSchema } from './lineSchemas';

export * from './addressSchemas';
export * from './actionSchemas';
export { listingRefSchema } from './lineSchemas';

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
    isPrime: z.boolean().optional().describe("The marketplace's premium programme (Amazon IsPrime): a rule fact (isPrime), not a delivery promise; absent: false."),
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
