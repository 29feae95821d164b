/**
 * Order rules engine: types. Pure data only — this module runs inside Temporal workflow code.
 */

export const FACT_TYPES = {
  channel: 'string',
  customerTier: 'string',
  serviceLevel: 'string',
  orderSubtotalMinor: 'number',
  orderDiscountsMinor: 'number',
  orderTaxMinor: 'number',
  orderTotalMinor: 'number',
  orderTotalUsdCents: 'number',
  exchangeRateKnown: 'boolean',
  currency: 'string',
  lineCount: 'number',
  unitCount: 'number',
  destinationCountry: 'string',
  destinationRegion: 'string',
  skus: 'string[]',
  paymentStatus: 'string',
  addressComplete: 'boolean',
  customerOrderCount: 'number',
  riskScore: 'number',
  billingCountryMismatch: 'boolean',
  isPrime: 'boolean',
} as const;

export type FactName = keyof typeof FACT_TYPES;
export const FACT_NAMES = Object.keys(FACT_TYPES) as FactName[];

export interface Facts {
  channel: string;
  customerTier: string;
  serviceLevel: string;
  /**
   * The order's money (orderTotalsOf, src/domain/orderMoney.ts) in its currency's minor units:
   * only comparable between orders of one currency, so a condition on them may name a currency
   * (FactCondition.currency).
   */
  orderSubtotalMinor: number;
  orderDiscountsMinor: number;
  orderTaxMinor: number;
  orderTotalMinor: number;
  /** The total in US cents (FX_RATES); UNKNOWN_WORTH when the currency has no rate, so it is over every threshold. */
  orderTotalUsdCents: number;
  exchangeRateKnown: boolean;
  currency: string;
  lineCount: number;
  unitCount: number;
  destinationCountry: string;
  destinationRegion: string;
  skus: string[];
  paymentStatus: string;
  addressComplete: boolean;
  customerOrderCount: number;
  riskScore: number;
  billingCountryMismatch: boolean;
  /** Amazon's IsPrime (the channel's premium programme); false when the channel does not say. */
  isPrime: boolean;
}

export const OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'contains'] as const;
export type Op = (typeof OPS)[number];

export type ConditionValue = string | number | boolean | (string | number)[];

/** Facts in the order's currency's minor units: a condition on one may state a currency. */
export const MONEY_FACTS = ['orderSubtotalMinor', 'orderDiscountsMinor', 'orderTaxMinor', 'orderTotalMinor'] as const satisfies readonly FactName[];
export type MoneyFact = (typeof MONEY_FACTS)[number];
/** The ops a money threshold (a condition with a currency) may use. */
export const MONEY_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const satisfies readonly Op[];

export interface FactCondition {
  fact: FactName;
  op: Op;
  /**
   * With `currency`: a decimal amount in that currency ("500.00"), read with parseMoney; the
   * condition matches only orders in that currency (any op, neq included) and compares minor units.
   */
  value: ConditionValue;
  /** ISO 4217 code; only on a MONEY_FACTS fact with a MONEY_OPS op. */
  currency?: string;
}

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | FactCondition;

export const PRIORITY_CLASSES = ['urgent', 'high', 'normal', 'low'] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

// total_mismatch: the hub's totals differ from the channel's (even by one minor unit); an operator decides.
export const HOLD_REASONS = ['payment', 'fraud_review', 'address', 'manual', 'inventory', 'integration', 'unmapped_sku', 'total_mismatch'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export const ACTION_TYPES = ['addPriority', 'setPriorityClass', 'placeHold', 'setShipByHours', 'preferLocation', 'tag'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export type Action =
  | { type: 'addPriority'; points: number }
  | { type: 'setPriorityClass'; value: PriorityClass }
  | { type: 'placeHold'; reason: HoldReason; note?: string }
  | { type: 'setShipByHours'; hours: number }
  | { type: 'preferLocation'; locationId: string }
  | { type: 'tag'; value: string };

export interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  /** Lower runs first; ties are broken by id. */
  order: number;
  validFrom?: string;
  validTo?: string;
  when: Condition;
  actions: Action[];
  /** When this rule matches, no later rule is evaluated. */
  stopProcessing: boolean;
}

export interface Hold {
  reason: HoldReason;
  note?: string;
  ruleId: string;
}

export interface RuleLogEntry {
  ruleId: string;
  name: string;
  matched: boolean;
  actions: Action[];
}

export interface Decision {
  priorityScore: number;
  priorityClass: PriorityClass;
  holds: Hold[];
  shipByHours?: number;
  preferredLocationId?: string;
  tags: string[];
  log: RuleLogEntry[];
}
