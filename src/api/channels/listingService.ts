import type { Db } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';
import { badRequest, HttpError, notFound, type FieldProblem } from '../httpError';
import type { CatalogChanged } from '../products/service';
import type { CreateListingRequest, UpdateListingRequest } from './listingSchemas';

const ID_FIELDS = ['channelSku', 'variantId', 'inventoryItemId', 'asin', 'legacyItemId', 'legacyVariationId', 'offerId'] as const;
type IdField = (typeof ID_FIELDS)[number];
type Ids = Partial<Record<IdField, string | null>>;
type ListingRow = Awaited<ReturnType<Db['channelListing']['findFirstOrThrow']>>;

export const listingView = (l: ListingRow) => ({
  listingId: l.id,
  channel: l.channelId,
  sku: l.sku,
  ...Object.fromEntries(ID_FIELDS.map((f) => [f, l[f]])),
  createdAt: l.createdAt.toISOString(),
  updatedAt: l.updatedAt.toISOString(),
});

/** Which unique index a P2002 came from, as the body field to name. */
function duplicateField(err: Prisma.PrismaClientKnownRequestError): string {
  const target = JSON.stringify(err.meta ?? {});
  const found = (['variant_id', 'inventory_item_id', 'asin', 'legacy_item_id', 'offer_id', 'channel_sku'] as const).find((c) => target.includes(c));
  const fields: Record<string, string> = {
    variant_id: 'variantId',
    inventory_item_id: 'inventoryItemId',
    asin: 'asin',
    legacy_item_id: 'legacyItemId',
    offer_id: 'offerId',
    channel_sku: 'channelSku',
  };
  return found ? fields[found]! : 'body';
}

/**
 * A channel's listings. A listing that is added or changed may resolve order lines held
 * `unmapped_sku`: `catalogChanged` then maps them (src/api/catalog/unmappedLines.ts).
 */
export function createListingService(db: Db, catalogChanged: CatalogChanged) {
  async function channelExists(channel: string) {
    if (!(await db.channel.findUnique({ where: { id: channel }, select: { id: true } }))) throw notFound(`channel ${channel}`);
  }

  /** The rules a unique index cannot state: some id, a variation with its item, an existing SKU, an eBay item without variation once. */
  async function check(channel: string, listing: Ids & { sku: string }, exceptId?: string) {
    const problems: FieldProblem[] = [];
    if (!ID_FIELDS.some((f) => f !== 'legacyVariationId' && listing[f])) {
      problems.push({ field: 'body', message: 'a listing needs at least one of channelSku, variantId, inventoryItemId, asin, legacyItemId, offerId' });
    }
    if (listing.legacyVariationId && !listing.legacyItemId) problems.push({ field: 'body.legacyVariationId', message: 'needs legacyItemId (a variation of which item)' });
    if (!(await db.product.findUnique({ where: { sku: listing.sku }, select: { sku: true } }))) problems.push({ field: 'body.sku', message: `unknown SKU "${listing.sku}"` });
    if (problems.length > 0) throw badRequest(`invalid request: ${problems.map((p) => p.field).join(', ')}`, problems);
    // PostgreSQL's unique index treats a null variation as distinct from every other: an item without variations is checked here.
    if (listing.legacyItemId && !listing.legacyVariationId) {
      const same = await db.channelListing.findFirst({
        where: { channelId: channel, legacyItemId: listing.legacyItemId, legacyVariationId: null, ...(exceptId && { id: { not: exceptId } }) },
      });
      if (same) throw conflict('legacyItemId', listing.legacyItemId);
    }
  }

  const conflict = (field: string, value: unknown) =>
    new HttpError(409, 'conflict', `another listing of this channel has ${field} ${String(value)}`, [
      { field: `body.${field}`, message: 'another listing of this channel has it' },
    ]);

  async function writing<T>(listing: Ids, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        const field = duplicateField(err);
        throw conflict(field, listing[field as IdField]);
      }
      throw err;
    }
  }

  return {
    async list(channel: string, q: { sku?: string; limit: number; cursor?: string }) {
      await channelExists(channel);
      const rows = await db.channelListing.findMany({
        where: { channelId: channel, ...(q.sku && { sku: q.sku }), ...(q.cursor && { id: { gt: q.cursor } }) },
        orderBy: { id: 'asc' },
        take: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      return { items: page.map(listingView), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
    },

    async create(channel: string, body: CreateListingRequest) {
      await channelExists(channel);
      await check(channel, body);
      const row = await writing(body, () => db.channelListing.create({ data: { channelId: channel, ...body } }));
      await catalogChanged();
      return listingView(row);
    },

    async update(channel: string, listingId: string, body: UpdateListingRequest) {
      const current = await db.channelListing.findFirst({ where: { id: listingId, channelId: channel } });
      if (!current) throw notFound(`listing ${listingId} of channel ${channel}`);
      const merged = { sku: body.sku ?? current.sku, ...Object.fromEntries(ID_FIELDS.map((f) => [f, body[f] === undefined ? current[f] : body[f]])) } as Ids & { sku: string };
      await check(channel, merged, listingId);
      const row = await writing(merged, () => db.channelListing.update({ where: { id: listingId }, data: body }));
      await catalogChanged();
      return listingView(row);
    },

    /** Order lines already mapped keep their SKU; only new lines stop resolving through it. */
    async remove(channel: string, listingId: string) {
      const deleted = await db.channelListing.deleteMany({ where: { id: listingId, channelId: channel } });
      if (deleted.count === 0) throw notFound(`listing ${listingId} of channel ${channel}`);
    },
  };
}
