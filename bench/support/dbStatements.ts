import type { Db } from '../../src/db/prisma';

export interface StatementCounts {
  /** Transactions committed in the database (pg_stat_database.xact_commit, every client). */
  commits: number;
  /** Statements executed, per normalised query, when pg_stat_statements is loaded (the embedded PostgreSQL preloads it). */
  statements?: Map<string, number>;
  /** Buffer blocks each normalised query touched (shared hit + read): what names a query that scans. */
  blocks?: Map<string, number>;
}

/**
 * Round trips to PostgreSQL, counted by PostgreSQL itself: every client of the database counts
 * (hub, workers and the bench driver's own progress polls), so read it as an upper bound for the hub.
 */
export async function statementCounts(db: Db): Promise<StatementCounts> {
  const [{ commits }] = await db.$queryRaw<{ commits: bigint }[]>`SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()`;
  const stats = await pgStatStatements(db);
  return { commits: Number(commits), ...stats };
}

async function pgStatStatements(db: Db): Promise<Pick<StatementCounts, 'statements' | 'blocks'>> {
  try {
    await db.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const rows = await db.$queryRawUnsafe<{ query: string; calls: bigint; blocks: bigint }[]>(
      'SELECT query, calls, shared_blks_hit + shared_blks_read AS blocks FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()',
    );
    const statements = new Map<string, number>();
    const blocks = new Map<string, number>();
    for (const r of rows) {
      statements.set(r.query, (statements.get(r.query) ?? 0) + Number(r.calls));
      blocks.set(r.query, (blocks.get(r.query) ?? 0) + Number(r.blocks));
    }
    return { statements, blocks };
  } catch {
    // Not preloaded (a DATABASE_URL of the user's): only the commit count is there.
    return {};
  }
}

/** Per order between two snapshots: transactions, statements, the most frequent statements and those touching the most blocks. */
export function statementsBetween(before: StatementCounts, after: StatementCounts, orders: number) {
  const perOrder = (b: Map<string, number> | undefined, a: Map<string, number> | undefined) => {
    if (!b || !a) return undefined;
    let total = 0;
    const top: { query: string; perOrder: number }[] = [];
    for (const [query, value] of a) {
      const delta = value - (b.get(query) ?? 0);
      if (delta <= 0) continue;
      total += delta;
      top.push({ query: query.replace(/\s+/g, ' ').slice(0, 160), perOrder: Math.round((delta / orders) * 100) / 100 });
    }
    top.sort((x, y) => y.perOrder - x.perOrder);
    return { perOrder: total / orders, top };
  };
  const statements = perOrder(before.statements, after.statements);
  const blocks = perOrder(before.blocks, after.blocks);
  return {
    transactionsPerOrder: (after.commits - before.commits) / orders,
    statementsPerOrder: statements?.perOrder,
    top: statements?.top.slice(0, 40) ?? [],
    blocksPerOrder: blocks?.perOrder,
    heaviest: blocks?.top.slice(0, 10) ?? [],
  };
}
