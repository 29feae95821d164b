import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/prisma';
import { activeRuleSet, listRuleSets, ruleSetByVersion, saveRuleSet, type StoredRuleSet } from '../../db/ruleSets';
import { earlierOrderCount } from '../../activities/rules';
import { higherTier } from '../../domain/order';
import { orderTotalsOf } from '../../domain/orderMoney';
import { assessRisk, riskInputOf } from '../../domain/risk';
import { DEFAULT_FX_RATES, toUsdCents, type FxRates } from '../../domain/fx';
import { evaluateRules, orderFacts, validateRuleSet, type Rule } from '../../domain/rules';
import { badRequest, HttpError, notFound } from '../httpError';
import type { CreateOrderRequest } from '../orders/schemas';
import { toOrderInput } from '../orders/toOrderInput';

export interface PutRulesRequest {
  rules: unknown[];
  comment?: string;
}

export interface PreviewRequest {
  rules?: unknown[];
  order: CreateOrderRequest;
}

const view = (r: StoredRuleSet) => ({ version: r.version, rules: r.rules, comment: r.comment, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() });

/** The zod schema checked the shape; this checks the meaning (op against the fact's type, duplicate ids, windows). */
function semanticallyValid(rules: unknown[]): Rule[] {
  const result = validateRuleSet(rules);
  if (result.ok) return result.rules;
  const fields = result.problems.map((p) => ({ field: `body.${p.path}`, message: p.message }));
  throw badRequest(`invalid request: ${fields.map((f) => f.field).join(', ')}`, fields);
}

export function createRulesService(db: Db, fxRates: FxRates = DEFAULT_FX_RATES) {
  async function active(): Promise<StoredRuleSet> {
    const current = await activeRuleSet(db);
    // Only a database that skipped the migrate step's seeding has none.
    if (!current) throw notFound('active rule set');
    return current;
  }

  async function byVersion(version: number): Promise<StoredRuleSet> {
    const found = await ruleSetByVersion(db, version);
    if (!found) throw notFound(`rule set version ${version}`);
    return found;
  }

  return {
    active: async () => view(await active()),

    version: async (version: number) => view(await byVersion(version)),

    /** Newest first, without the rule bodies: GET /versions/:version has them. */
    async versions(limit: number) {
      const items = await listRuleSets(db, limit);
      return { items: items.map((r) => ({ version: r.version, comment: r.comment, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() })) };
    },

    /** `changedBy`: the calling key's name. */
    async save(req: PutRulesRequest, changedBy: string) {
      const rules = semanticallyValid(req.rules);
      return view(await saveRuleSet(db, rules, changedBy, req.comment));
    },

    /** A rollback is a new version with an old version's rules: history is never rewritten. */
    async restore(version: number, changedBy: string) {
      const old = await byVersion(version);
      const check = validateRuleSet(old.rules);
      if (!check.ok) {
        const fields = check.problems.map((p) => ({ field: `stored.${p.path}`, message: p.message }));
        throw new HttpError(409, 'rules_no_longer_valid', `rule set version ${version} is not valid under the current rules engine`, fields);
      }
      return view(await saveRuleSet(db, check.rules, changedBy, `restored from version ${version}`));
    },

    /** What the rules would decide for this order right now; nothing is stored or started. */
    async preview(req: PreviewRequest) {
      const given = req.rules === undefined ? undefined : semanticallyValid(req.rules);
      const ruleSet = given === undefined ? await active() : undefined;
      const now = new Date();
      const input = toOrderInput(randomUUID(), req.order, now);
      const { totalMinor } = orderTotalsOf(input);
      const customerOrderCount = await earlierOrderCount(db, input.customer.email, new Date(input.placedAt));
      const stored = input.customer.email === undefined ? null : await db.customer.findUnique({ where: { email: input.customer.email }, select: { tier: true } });
      const usdCents = toUsdCents(totalMinor, input.currency, fxRates);
      const risk = assessRisk(riskInputOf(input, usdCents, customerOrderCount));
      // As the order would be recorded: the stored tier unless the channel's is higher.
      const customerTier = higherTier(stored?.tier, input.customer.tier);
      const facts = orderFacts(input, { customerOrderCount, riskScore: risk.score, paymentStatus: input.payment.status, customerTier, orderTotalUsdCents: usdCents });
      const decision = evaluateRules(given ?? ruleSet!.rules, facts, now.toISOString());
      return { ruleSetVersion: ruleSet?.version ?? null, facts, risk, decision };
    },
  };
}
