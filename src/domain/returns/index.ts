/** Returns and exchanges (issue 18): pure rules only, see docs/returns.md. */
export * from './eligibility';
export * from './policy';
export * from './receipt';
export * from './refund';
export * from './status';
export * from './exchange';
