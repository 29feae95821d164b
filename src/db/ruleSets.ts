import type { Db } from './prisma';
import { DEFAULT_RULES, type Rule } from '../domain/rules';

export interface StoredRuleSet {
  version: number;
  rules: Rule[];
  comment: string | null;
  createdBy: string;
  createdAt: Date;
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
type Row = { version: number; rules: unknown; comment: string | null; createdBy: string; createdAt: Date };

/**
 * Writers of rule_sets take this transaction-scoped advisory lock and number versions MAX + 1
 * themselves: concurrent saves then queue instead of colliding, and the first-run default can be
 * version 1 without racing the column's sequence.
 */
const RULE_SETS_LOCK = 0x72756c65; // 'rule'

const toStored = (row: Row): StoredRuleSet => ({ ...row, rules: row.rules as Rule[] });

async function insertNext(tx: Tx, rules: readonly Rule[], createdBy: string, comment: string | null, onlyIfEmpty: boolean): Promise<StoredRuleSet | undefined> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RULE_SETS_LOCK})`;
  const latest = await tx.ruleSet.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
  if (onlyIfEmpty && latest) return undefined;
  const row = await tx.ruleSet.create({ data: { version: (latest?.version ?? 0) + 1, rules: rules as object[], comment, createdBy } });
  return toStored(row);
}

/** Every database gets the default rules as version 1; a no-op once any version exists. */
export async function ensureDefaultRuleSet(db: Db): Promise<boolean> {
  if ((await db.ruleSet.count()) > 0) return false;
  const created = await db.$transaction((tx) => insertNext(tx, DEFAULT_RULES, 'system', 'default rules', true));
  return created !== undefined;
}

/** The highest version is the active one. */
export async function activeRuleSet(db: Db): Promise<StoredRuleSet | undefined> {
  const row = await db.ruleSet.findFirst({ orderBy: { version: 'desc' } });
  return row ? toStored(row) : undefined;
}

export async function ruleSetByVersion(db: Db, version: number): Promise<StoredRuleSet | undefined> {
  const row = await db.ruleSet.findUnique({ where: { version } });
  return row ? toStored(row) : undefined;
}

/** Newest first, without the rule bodies (those can be large; fetch one version for them). */
export async function listRuleSets(db: Db, limit: number): Promise<Omit<StoredRuleSet, 'rules'>[]> {
  return db.ruleSet.findMany({ orderBy: { version: 'desc' }, take: limit, select: { version: true, comment: true, createdBy: true, createdAt: true } });
}

/** A new version; rows are never updated, so an order can always re-read the version it used. Rules must be validated already. */
export async function saveRuleSet(db: Db, rules: readonly Rule[], createdBy: string, comment?: string | null): Promise<StoredRuleSet> {
  const saved = await db.$transaction((tx) => insertNext(tx, rules, createdBy, comment ?? null, false));
  return saved!;
}
