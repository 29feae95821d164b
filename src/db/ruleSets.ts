import { isDeepStrictEqual } from 'node:util';
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

/**
 * Every database gets the default rules as version 1. Once versions exist, a default rule that is
 * still exactly as an older release shipped it and is known to be wrong is replaced by the
 * current default in a new version (see upgradeShippedDefaults); rules an admin changed stand.
 */
export async function ensureDefaultRuleSet(db: Db): Promise<boolean> {
  if ((await db.ruleSet.count()) > 0) {
    await db.$transaction((tx) => upgradeShippedDefaults(tx));
    return false;
  }
  const created = await db.$transaction((tx) => insertNext(tx, DEFAULT_RULES, 'system', 'default rules', true));
  return created !== undefined;
}

/**
 * The fraud-review rule as releases before issue 11 shipped it: its threshold was 50,000 minor
 * units of the order's own currency, so every VND, IDR or HUF order went to review and a KWD one
 * counted three decimals. The current default compares orderTotalUsdCents instead.
 */
const LEGACY_FRAUD_REVIEW: Rule = {
  id: 'fraud-review',
  name: 'Large orders or billing/shipping country mismatch go to fraud review',
  enabled: true,
  order: 100,
  when: {
    any: [
      { fact: 'orderTotalMinor', op: 'gt', value: 50_000 },
      { fact: 'billingCountryMismatch', op: 'eq', value: true },
    ],
  },
  actions: [{ type: 'placeHold', reason: 'fraud_review', note: 'total over 50000 minor units or billing country mismatch' }],
  stopProcessing: false,
};

async function upgradeShippedDefaults(tx: Tx): Promise<StoredRuleSet | undefined> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RULE_SETS_LOCK})`;
  const latest = await tx.ruleSet.findFirst({ orderBy: { version: 'desc' } });
  const rules = (latest?.rules ?? []) as unknown as Rule[];
  const at = rules.findIndex((r) => isDeepStrictEqual(r, LEGACY_FRAUD_REVIEW));
  const current = DEFAULT_RULES.find((r) => r.id === LEGACY_FRAUD_REVIEW.id);
  if (!latest || at < 0 || !current) return undefined;
  const upgraded = rules.map((r, i) => (i === at ? current : r));
  const row = await tx.ruleSet.create({
    data: {
      version: latest.version + 1,
      rules: upgraded as object[],
      comment: 'fraud-review threshold in US cents whatever the currency (was 50000 minor units of the order currency)',
      createdBy: 'system',
    },
  });
  return toStored(row);
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
