import type { Db } from '../../src/db/prisma';

interface Scans {
  seqScans: number;
  seqRows: number;
  indexScans: number;
}

/** PostgreSQL's scan counters per table: sequential scans that read many rows point at a missing index. */
export async function tableScans(db: Db): Promise<Map<string, Scans>> {
  const rows = await db.$queryRaw<{ relname: string; seq_scan: bigint | null; seq_tup_read: bigint | null; idx_scan: bigint | null }[]>`
    SELECT relname, seq_scan, seq_tup_read, idx_scan FROM pg_stat_user_tables`;
  return new Map(rows.map((r) => [r.relname, { seqScans: Number(r.seq_scan ?? 0), seqRows: Number(r.seq_tup_read ?? 0), indexScans: Number(r.idx_scan ?? 0) }]));
}

/** What happened between two snapshots, busiest sequential readers first. */
export function scansBetween(before: Map<string, Scans>, after: Map<string, Scans>): { table: string; seqScans: number; seqRows: number; indexScans: number }[] {
  return [...after]
    .map(([table, a]) => {
      const b = before.get(table) ?? { seqScans: 0, seqRows: 0, indexScans: 0 };
      return { table, seqScans: a.seqScans - b.seqScans, seqRows: a.seqRows - b.seqRows, indexScans: a.indexScans - b.indexScans };
    })
    .filter((d) => d.seqScans > 0 || d.indexScans > 0)
    .sort((x, y) => y.seqRows - x.seqRows);
}
