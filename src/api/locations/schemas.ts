import { z } from 'zod';
import { addressSchema, countryCode } from '../orders/schemas';
import { text } from '../schemaParts';

export const LOCATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const locationParams = z.object({ locationId: z.string().regex(LOCATION_ID, 'must be a location id like "WH-EAST"') });

const fields = {
  name: text(200),
  kind: z.enum(['warehouse', 'store']).describe('store: a shop; with servesPickup, pickup orders may name it.'),
  address: addressSchema.partial({ name: true }).nullable().describe('Where parcels leave from.'),
  country: countryCode,
  region: text(100).nullable(),
  priority: z.number().int().min(0).max(1_000_000).describe('Allocation order: lower ships first.'),
  servesPickup: z.boolean().describe('A store with a counter: pickup orders may name it and then take their stock from it only.'),
};

export const createLocationSchema = z
  .object({
    id: z.string().regex(LOCATION_ID, 'must be a location id like "WH-EAST"'),
    name: fields.name,
    kind: fields.kind.default('warehouse'),
    address: fields.address.optional(),
    country: fields.country,
    region: fields.region.optional(),
    priority: fields.priority.default(100),
    servesPickup: fields.servesPickup.default(false),
  })
  .strict();

export const updateLocationSchema = z
  .object({
    name: fields.name.optional(),
    kind: fields.kind.optional(),
    address: fields.address.optional(),
    country: fields.country.optional(),
    region: fields.region.optional(),
    priority: fields.priority.optional(),
    servesPickup: fields.servesPickup.optional(),
  })
  .strict();

export type CreateLocationRequest = z.infer<typeof createLocationSchema>;
export type UpdateLocationRequest = z.infer<typeof updateLocationSchema>;
