import pg from 'pg';
import type { Prisma } from '../generated/prisma/client';

/** What raw statements need: a Db, a Prisma transaction client, or a transaction on the pool (directTransaction). */
export type SqlQueryable = { $queryRaw<T>(query: Prisma.Sql): Promise<T> };

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
export async function directSql<T>(db: SqlQueryable, sql: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (!pool) return db.$queryRaw<T[]>(sql);
  return run<T>(pool, sql);
}

async function run<T>(on: pg.Pool | pg.PoolClient, sql: Prisma.Sql): Promise<T[]> {
  const result = await on.query({ text: sql.text, values: sql.values.map(toParam), types });
  return result.rows as T[];
}

type Transactional = SqlQueryable & { $transaction<R>(fn: (tx: SqlQueryable) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R> };

/**
 * A transaction of raw statements (`directSql(q, …)` inside `fn`) on one connection of the pool,
 * without Prisma's client: BEGIN, the statements, COMMIT (ROLLBACK when `fn` throws). Given a Db
 * not made by createDb (a test's wrapper) it is Prisma's interactive transaction instead, with
 * `prismaOptions`, and the same statements run through it.
 */
export async function directTransaction<R>(db: Transactional, fn: (q: SqlQueryable) => Promise<R>, prismaOptions?: { maxWait?: number; timeout?: number }): Promise<R> {
  const pool = pools.get(db);
  if (!pool) return db.$transaction((tx) => fn(tx), prismaOptions);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn({ $queryRaw: <T>(sql: Prisma.Sql) => run(client, sql) as Promise<T> });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A connection that cannot even roll back is dropped by the pool rather than reused.
    await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
    throw err;
  } finally {
    client.release(broken);
  }
}

/** A unique index refused the row: pg's SQLSTATE 23505, or Prisma's P2002 (its P2010 for a raw statement names the SQLSTATE). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { code?: unknown }; message?: unknown } | null;
  if (e?.code === '23505' || e?.code === 'P2002') return true;
  return e?.code === 'P2010' && (e.meta?.code === '23505' || (typeof e.message === 'string' && e.message.includes('23505')));
}
