import type { Db } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';
import { HttpError, notFound } from '../httpError';
import { readProductCsv, type ImportRow } from './csvRows';
import type { CreateProductRequest, ListProductsQuery, UpdateProductRequest } from './schemas';

type ProductRow = {
  sku: string;
  name: string;
  category: string | null;
  barcode: string | null;
  weightGrams: number | null;
  requiresShipping: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export const productView = (p: ProductRow) => ({
  sku: p.sku,
  name: p.name,
  category: p.category,
  barcode: p.barcode,
  weightGrams: p.weightGrams,
  requiresShipping: p.requiresShipping,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

/** After a commit that may resolve held order lines (src/api/catalog/unmappedLines.ts); never throws. */
export type CatalogChanged = () => Promise<void>;

export function createProductService(db: Db, catalogChanged: CatalogChanged) {
  return {
    /** Keyset pagination by SKU: a page never skips or repeats a product while others are added. */
    async list(q: ListProductsQuery) {
      const rows = await db.product.findMany({
        where: {
          ...(q.q && { OR: [{ sku: { startsWith: q.q } }, { name: { contains: q.q, mode: 'insensitive' } }] }),
          ...(q.cursor && { sku: { gt: q.cursor } }),
        },
        orderBy: { sku: 'asc' },
        take: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      return { items: page.map(productView), nextCursor: rows.length > q.limit ? page[page.length - 1]!.sku : null };
    },

    async get(sku: string) {
      const product = await db.product.findUnique({ where: { sku } });
      if (!product) throw notFound(`product ${sku}`);
      return productView(product);
    },

    async create(body: CreateProductRequest) {
      try {
        const product = await db.product.create({ data: body });
        await catalogChanged();
        return productView(product);
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
          throw new HttpError(409, 'conflict', `product ${body.sku} exists already (PATCH it)`, [{ field: 'body.sku', message: 'exists already' }]);
        throw err;
      }
    },

    async update(sku: string, body: UpdateProductRequest) {
      const updated = await db.product.updateManyAndReturn({ where: { sku }, data: body });
      if (updated.length === 0) throw notFound(`product ${sku}`);
      return productView(updated[0]!);
    },

    /**
     * All or nothing: every row is checked first (every problem reported by line and column), then
     * all are written in one statement in one transaction. Columns the file leaves out are kept
     * on existing products.
     */
    async importCsv(text: string) {
      const read = readProductCsv(text);
      if (!read.ok) {
        // problems: by line and column; fields: the same in the hub's usual error shape (every one is the body's).
        const fields = read.problems.map((p) => ({ field: 'body', message: `line ${p.line}, ${p.field}: ${p.message}` }));
        throw new HttpError(400, 'validation_failed', `invalid CSV: ${read.problems.length} problem(s), nothing imported`, fields, { problems: read.problems });
      }
      const result = await upsertProducts(db, read.rows);
      await catalogChanged();
      return result;
    },
  };
}

const COLUMNS = [
  { field: 'category', column: 'category', type: 'text' },
  { field: 'barcode', column: 'barcode', type: 'text' },
  { field: 'weightGrams', column: 'weight_grams', type: 'int4' },
  { field: 'requiresShipping', column: 'requires_shipping', type: 'bool' },
] as const;

/** One INSERT … ON CONFLICT over arrays (unnest): 1,000 rows are one round trip, not 1,000. */
async function upsertProducts(db: Db, rows: ImportRow[]): Promise<{ created: number; updated: number; total: number }> {
  const present = COLUMNS.filter((c) => rows[0]![c.field] !== undefined);
  const params: unknown[] = [rows.map((r) => r.sku), rows.map((r) => r.name), ...present.map((c) => rows.map((r) => r[c.field] ?? null))];
  const names = ['sku', 'name', ...present.map((c) => c.column)];
  const arrays = [`$1::text[]`, `$2::text[]`, ...present.map((c, i) => `$${i + 3}::${c.type}[]`)];
  const sql =
    `INSERT INTO products (${names.join(', ')}, updated_at) SELECT *, now() FROM unnest(${arrays.join(', ')}) ` +
    `ON CONFLICT (sku) DO UPDATE SET ${names
      .slice(1)
      .map((n) => `${n} = EXCLUDED.${n}`)
      .join(', ')}, updated_at = now() RETURNING (xmax = 0) AS inserted`;
  const returned = await db.$transaction((tx) => tx.$queryRawUnsafe<{ inserted: boolean }[]>(sql, ...params));
  const created = returned.filter((r) => r.inserted).length;
  return { created, updated: returned.length - created, total: returned.length };
}
