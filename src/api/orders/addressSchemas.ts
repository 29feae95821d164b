/** Addresses in order requests: an operator's complete one, the one a channel sends (any field may be missing), a billing country. */
import { z } from 'zod';
import { optionalText, text } from '../schemaParts';

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
