import type { Db } from '../../src/db/prisma';

export interface StatementCounts {
  /** Transactions committed in the database (pg_stat_database.xact_commit, every client). */
  commits: number;
  /** Statements executed, per normalised query, when pg_stat_statements is loaded (the embedded PostgreSQL preloads it). */
  statements?: Map<string, number>;
}

/**
 * Round trips to PostgreSQL, counted by PostgreSQL itself: every client of the database counts
 * (hub, workers and the bench driver's own progress polls), so read it as an upper bound for the hub.
 */
export async function statementCounts(db: Db): Promise<StatementCounts> {
  const [{ commits }] = await db.$queryRaw<{ commits: bigint }[]>`SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()`;
  const statements = await pgStatStatements(db);
  return { commits: Number(commits), ...(statements && { statements }) };
}

async function pgStatStatements(db: Db): Promise<Map<string, number> | undefined> {
  try {
    await db.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const rows = await db.$queryRawUnsafe<{ query: string; calls: bigint }[]>(
      'SELECT query, calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()',
    );
    const byQuery = new Map<string, number>();
    for (const r of rows) byQuery.set(r.query, (byQuery.get(r.query) ?? 0) + Number(r.calls));
    return byQuery;
  } catch {
    // Not preloaded (a DATABASE_URL of the user's): only the commit count is there.
    return undefined;
  }
}

/** Per order between two snapshots: transactions, statements, and the most frequent statements. */
export function statementsBetween(before: StatementCounts, after: StatementCounts, orders: number) {
  const top: { query: string; perOrder: number }[] = [];
  let statements: number | undefined;
  if (before.statements && after.statements) {
    statements = 0;
    for (const [query, calls] of after.statements) {
      const delta = calls - (before.statements.get(query) ?? 0);
      if (delta <= 0) continue;
      statements += delta;
      top.push({ query: query.replace(/\s+/g, ' ').slice(0, 160), perOrder: Math.round((delta / orders) * 100) / 100 });
    }
    top.sort((a, b) => b.perOrder - a.perOrder);
  }
  return { transactionsPerOrder: (after.commits - before.commits) / orders, statementsPerOrder: statements === undefined ? undefined : statements / orders, top: top.slice(0, 40) };
}
