/** Pure order rules engine: safe to import from Temporal workflow code (no I/O, no clock, no randomness). */
export * from './types';
export { orderFacts, UNKNOWN_WORTH, type FactExtras } from './facts';
export { isMoneyFact, moneyThresholdMatches, thresholdMinor } from './moneyThreshold';
export { evaluateRules, evaluateCondition, inWindow, sortRules } from './evaluate';
export { validateRuleSet, MAX_CONDITION_DEPTH, type Problem, type ValidationResult } from './validate';
export { DEFAULT_RULES } from './defaults';
export { customerOrderCountCap } from './countCap';
