export * from './errors.js';
export type * from './load/types.js';
export type * from './model/types.js';
export type * from './checker/change.js';
export type * from './checker/rule.js';
export { RULES, RULES_BY_ID } from './checker/rules.js';
