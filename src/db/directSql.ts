import pg from 'pg';
import type { Prisma } from '../generated/prisma/client';

type Queryable = { $queryRaw<T>(query: Prisma.Sql): Promise<T> };

const pools = new WeakMap<object, pg.Pool>();

/** Called by createDb: the pool under a Db, for the statements that go to it directly. */
export function rememberPool(db: object, pool: pg.Pool): void {
  pools.set(db, pool);
}

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

/**
 * The hub stores UTC in `timestamp(3)` columns (Prisma's DateTime); pg's default parser would read
 * them as local time. Everything else is parsed as pg does by default (json as objects, int4 as
 * numbers, int8 and numeric as strings).
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_WITHOUT_TIME_ZONE && format !== 'binary'
      ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Dates as UTC text, which a `timestamp` column reads without shifting by the server's zone. */
const toParam = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/**
 * One statement on a hot path (the reservation, the accept), straight to the pg pool under the
 * Prisma client. Prisma's raw query costs about a millisecond of CPU per statement in its client
 * and query compiler (profiled in bench/README.md, issue 17), which is what limited reservations per
 * second, not PostgreSQL. Given a transaction client (or any Db not made by createDb) the statement
 * goes through Prisma as before, so callers may pass either.
 *
 * A failed statement throws pg's DatabaseError (its `code` is PostgreSQL's SQLSTATE), not a
 * Prisma error: callers that tell errors apart must go through Prisma.
 */
export async function directSql<T>(db: Queryable, sql: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) return db.$queryRaw<T[]>(sql);
  const result = await pool.query({ text: sql.text, values: sql.values.map(toParam), types });
  return result.rows as T[];
}
