import type { Level } from '../checker/change.js';

/** What a config may set a rule to: a level, or `off` to drop its changes. */
export type RuleSetting = Level | 'off';

/** One waiver: accepts the changes it matches, for a stated reason, maybe until a date. */
export interface Waiver {
  /** Rule IDs the waiver covers; absent means every rule. */
  rules?: string[];
  /** Operation globs (`GET /internal/**`, `* /admin/*`); absent means every change, with or without an operation. */
  operations?: string[];
  /** Why the change is acceptable; shown next to every change it waives. */
  reason: string;
  /** Last day (`YYYY-MM-DD`, UTC) the waiver applies; from the next day on it is reported as expired. */
  until?: string;
  /** Where the waiver is written, for messages: the config file and the line of its entry. */
  file?: string;
  line?: number;
}

/** The parsed `rollgate.yaml`. */
export interface PolicyConfig {
  /** Path of the file it was read from, when it was read from one. */
  file?: string;
  /** Per-rule level overrides. */
  rules: Record<string, RuleSetting>;
  waivers: Waiver[];
  /** The gate's `fail-on` mode when `--fail-on` is not given (`breaking`, `warning`, `never`, `breaking-in-use`). */
  failOn?: string;
  /** Line of the `failOn` key, for messages about it. */
  failOnLine?: number;
}

/** A waiver whose `until` date has passed, and how many changes it would have covered. */
export interface ExpiredWaiver {
  rules?: string[];
  operations?: string[];
  reason: string;
  until: string;
  file?: string;
  line?: number;
  /** Changes in this diff it would have waived had it not expired. */
  matched: number;
}
