import { Prisma } from '../generated/prisma/client';

/** A JSON column's value in a raw statement: bound as JSON text and cast (SQL NULL is a plain null). */
export const jsonb = (value: unknown): Prisma.Sql => Prisma.sql`${JSON.stringify(value)}::jsonb`;

/**
 * `INSERT INTO table (columns) VALUES (…), (…)` for rows that share the first row's columns. The
 * table and column names are the caller's constants, never input; the values are bound parameters
 * (a Prisma.Sql value such as jsonb() is embedded as SQL), an undefined value is NULL. PostgreSQL
 * coerces each value to its column's type, as Prisma's own inserts do.
 */
export function insertInto(table: string, rows: readonly Record<string, unknown>[]): Prisma.Sql {
  const columns = Object.keys(rows[0]);
  const values = rows.map((row) => Prisma.sql`(${Prisma.join(columns.map((c) => (row[c] === undefined ? null : row[c])))})`);
  return Prisma.sql`INSERT INTO ${Prisma.raw(table)} (${Prisma.raw(columns.join(', '))}) VALUES ${Prisma.join(values)}`;
}
