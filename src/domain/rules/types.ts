/**
 * Order rules engine: types. Pure data only — this module runs inside Temporal workflow code.
 */

export const FACT_TYPES = {
  channel: 'string',
  customerTier: 'string',
  serviceLevel: 'string',
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
} as const;

export type FactName = keyof typeof FACT_TYPES;
export const FACT_NAMES = Object.keys(FACT_TYPES) as FactName[];

export interface Facts {
  channel: string;
  customerTier: string;
  serviceLevel: string;
  /** In the order's currency: only comparable between orders of one currency. */
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
}

export const OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'contains'] as const;
export type Op = (typeof OPS)[number];

export type ConditionValue = string | number | boolean | (string | number)[];

export interface FactCondition {
  fact: FactName;
  op: Op;
  value: ConditionValue;
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
