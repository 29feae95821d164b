import type { Db } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';
import { HttpError, notFound } from '../httpError';
import type { CreateLocationRequest, UpdateLocationRequest } from './schemas';

type LocationRow = Awaited<ReturnType<Db['location']['findFirstOrThrow']>>;

export const locationView = (l: LocationRow) => ({
  id: l.id,
  name: l.name,
  kind: l.kind,
  address: l.address ?? null,
  country: l.country,
  region: l.region,
  priority: l.priority,
  servesPickup: l.servesPickup,
  createdAt: l.createdAt.toISOString(),
  updatedAt: l.updatedAt.toISOString(),
});

const json = (address: CreateLocationRequest['address']) => (address === null ? Prisma.DbNull : address);

/** Warehouses and stores. No delete: stock, reservations and parcels refer to a location for ever. */
export function createLocationService(db: Db) {
  return {
    async list() {
      const rows = await db.location.findMany({ orderBy: [{ priority: 'asc' }, { id: 'asc' }] });
      return { items: rows.map(locationView) };
    },

    async create(body: CreateLocationRequest) {
      try {
        return locationView(await db.location.create({ data: { ...body, address: json(body.address) } }));
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
          throw new HttpError(409, 'conflict', `location ${body.id} exists already (PATCH it)`, [{ field: 'body.id', message: 'exists already' }]);
        throw err;
      }
    },

    async update(id: string, body: UpdateLocationRequest) {
      const { address, ...rest } = body;
      const updated = await db.location.updateManyAndReturn({ where: { id }, data: { ...rest, ...(address !== undefined && { address: json(address) }) } });
      if (updated.length === 0) throw notFound(`location ${id}`);
      return locationView(updated[0]!);
    },
  };
}
