import { z } from 'zod';
import { skuCode, text } from '../schemaParts';

/*
 * A product's fields, shared by the JSON routes and the CSV import (each CSV cell is checked by
 * the same schema as the JSON field it fills), so the two can never accept different products.
 */
export const productFields = {
  name: text(200),
  category: text(100).nullable(),
  barcode: z
    .string()
    .regex(/^[0-9A-Za-z-]{1,48}$/, 'must be a barcode (GTIN/EAN/UPC or another code: letters, digits and -, at most 48)')
    .nullable(),
  weightGrams: z.number().int('must be a whole number of grams').min(0, 'must be at least 0').max(1_000_000, 'must be at most 1000000 (1 t)').nullable(),
  requiresShipping: z.boolean(),
};

export const skuParams = z.object({ sku: skuCode() });

export const createProductSchema = z
  .object({
    sku: skuCode(),
    name: productFields.name,
    category: productFields.category.optional(),
    barcode: productFields.barcode.optional(),
    weightGrams: productFields.weightGrams.optional().describe('Shipping weight of one unit, in grams.'),
    requiresShipping: productFields.requiresShipping
      .default(true)
      .describe('false: digital goods, gift cards. An order line of the product that does not say requiresShipping takes this value.'),
  })
  .strict();

export const updateProductSchema = z
  .object({
    name: productFields.name.optional(),
    category: productFields.category.optional(),
    barcode: productFields.barcode.optional(),
    weightGrams: productFields.weightGrams.optional(),
    requiresShipping: productFields.requiresShipping.optional(),
  })
  .strict();

export const listProductsQuery = z.object({
  q: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9._ -]*$/, 'must be letters, digits, space, ".", "_" or "-"')
    .optional()
    .describe('A SKU prefix (case-sensitive) or a part of the name (case-insensitive).'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: skuCode().optional().describe('The nextCursor of the previous page (the last SKU it listed).'),
});

export type CreateProductRequest = z.infer<typeof createProductSchema>;
export type UpdateProductRequest = z.infer<typeof updateProductSchema>;
export type ListProductsQuery = z.infer<typeof listProductsQuery>;
