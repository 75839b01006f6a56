import type { Rule } from './rule.js';

/**
 * The rule catalog. Each family file (`check-<family>.ts`) declares its rows at the top as
 * `export const rules: Rule[]`; this module only gathers them. IDs are frozen once released.
 */
const families: Rule[][] = [];

/** Every rule, in catalog order. */
export const RULES: readonly Rule[] = families.flat();

/** Rules by ID. */
export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
