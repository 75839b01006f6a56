import type { Change } from '../checker/change.js';
import { RollgateError } from '../errors.js';

/** Says whether one change fails the gate. Waived changes never reach a predicate. */
export type GatePredicate = (change: Change) => boolean;

/** The `--fail-on` modes every command that gates on changes understands. */
export const FAIL_ON_MODES = {
  breaking: (change) => change.level === 'breaking',
  warning: (change) => change.level === 'breaking' || change.level === 'warning',
  never: () => false,
} as const satisfies Record<string, GatePredicate>;

/** A built-in `--fail-on` mode. */
export type FailOn = keyof typeof FAIL_ON_MODES;

/**
 * The mode that fails only on breaking changes some consumer uses. Only a command that reads
 * consumer usage from a registry can resolve it, so it is not among `FAIL_ON_MODES`.
 */
export const BREAKING_IN_USE = 'breaking-in-use';

/** Every `fail-on` value a config file or `--fail-on` may name. */
export const FAIL_ON_VALUES: readonly string[] = [...Object.keys(FAIL_ON_MODES), BREAKING_IN_USE];

/** The default `--fail-on` mode. */
export const DEFAULT_FAIL_ON: FailOn = 'breaking';

/**
 * Resolves a `--fail-on` value to its predicate. Commands with more context pass extra modes
 * (a registry knows which operations are in use), so the set of values is open.
 */
export function gatePredicate(mode: string, extra: Readonly<Record<string, GatePredicate>> = {}): GatePredicate {
  const modes: Record<string, GatePredicate> = { ...FAIL_ON_MODES, ...extra };
  const predicate = Object.hasOwn(modes, mode) ? modes[mode] : undefined;
  if (!predicate) {
    const known = Object.keys(modes).join(', ');
    throw new RollgateError('USAGE', `unknown --fail-on value ${JSON.stringify(mode)} (expected one of ${known})`);
  }
  return (change) => !change.waived && predicate(change);
}

/** The changes that fail the gate under a predicate. */
export function failingChanges(changes: readonly Change[], fails: GatePredicate): Change[] {
  return changes.filter((change) => !change.waived && fails(change));
}
