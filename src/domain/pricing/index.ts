/** The order money model (issue 13): pure functions only, see docs/money.md. */
export * from './allocate';
export * from './capture';
export * from './model';
export * from './orderDiscount';
export * from './parse';
export * from './reconcile';
export * from './simple';
export * from './totals';
export * from './unitShare';
