/**
 * Keyset pagination on (createdAt, id), newest first, for the lists that page this way (orders,
 * returns): a cursor is the last row's createdAt in epoch ms and its id, so a page never repeats
 * or skips a row that was inserted meanwhile, unlike an offset.
 */
export interface KeysetRow {
  createdAt: Date;
  id: string;
}

/** The where clause for rows after the cursor (none: the first page). */
export function afterCursor(after: KeysetRow | undefined) {
  return after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {};
}

export const KEYSET_ORDER = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** The page from `limit + 1` rows read, and the cursor of the next page when there is one. */
export function keysetPage<T extends KeysetRow>(rows: readonly T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? `${last.createdAt.getTime()}_${last.id}` : null };
}

/** A cursor whose shape the query schema has checked (`<ms>_<id>`) as the row it names. */
export function decodeKeyset(cursor: string, shape: RegExp): KeysetRow {
  const [, ms, id] = shape.exec(cursor)!;
  return { createdAt: new Date(Number(ms)), id };
}
