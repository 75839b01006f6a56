import type { Change } from '../checker/change.js';
import { compileOperationGlob } from './match.js';
import type { ExpiredWaiver, PolicyConfig, Waiver } from './types.js';

/** The changes after the policy, and the waivers that no longer apply. */
export interface PolicyOutcome {
  /** Changes with per-rule levels applied, `off` rules dropped and `waived` set where a waiver matched. */
  changes: Change[];
  expiredWaivers: ExpiredWaiver[];
}

/** The UTC calendar day of `now`, `YYYY-MM-DD`, which is what waiver dates are compared with. */
function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** True when the waiver's `until` day is over at `now` (it still applies on that day itself). */
function isExpired(waiver: Waiver, now: Date): boolean {
  return waiver.until !== undefined && utcDay(now) > waiver.until;
}

/** Builds the predicate saying whether a waiver covers a change: every list it has must match. */
function waiverMatcher(waiver: Waiver): (change: Change) => boolean {
  const rules = waiver.rules ? new Set(waiver.rules) : undefined;
  const operations = waiver.operations?.map(compileOperationGlob);
  return (change) => {
    if (rules && !rules.has(change.id)) return false;
    if (operations) {
      const operation = change.operation;
      if (!operation || !operations.some((matches) => matches(operation))) return false;
    }
    return true;
  };
}

/**
 * Applies a config to judged changes: level overrides first (so a waiver sees the final level),
 * then waivers in file order, the first match winning. Changes keep their order.
 */
export function applyPolicy(changes: readonly Change[], config: PolicyConfig, now: Date = new Date()): PolicyOutcome {
  const active: { waiver: Waiver; matches: (change: Change) => boolean }[] = [];
  const expired: { waiver: Waiver; matches: (change: Change) => boolean; matched: number }[] = [];
  for (const waiver of config.waivers) {
    const matches = waiverMatcher(waiver);
    if (isExpired(waiver, now)) expired.push({ waiver, matches, matched: 0 });
    else active.push({ waiver, matches });
  }

  const result: Change[] = [];
  for (const original of changes) {
    const setting = config.rules[original.id];
    if (setting === 'off') continue;
    const change: Change = setting ? { ...original, level: setting } : { ...original };
    const waiver = active.find((candidate) => candidate.matches(change))?.waiver;
    if (waiver) {
      change.waived = waiver.until ? { reason: waiver.reason, until: waiver.until } : { reason: waiver.reason };
    } else {
      for (const entry of expired) if (entry.matches(change)) entry.matched += 1;
    }
    result.push(change);
  }

  return {
    changes: result,
    expiredWaivers: expired.map(({ waiver, matched }) => ({
      ...(waiver.rules ? { rules: waiver.rules } : {}),
      ...(waiver.operations ? { operations: waiver.operations } : {}),
      reason: waiver.reason,
      until: waiver.until as string,
      ...(waiver.file !== undefined ? { file: waiver.file } : {}),
      ...(waiver.line !== undefined ? { line: waiver.line } : {}),
      matched,
    })),
  };
}
