import type { Direction, Level } from './change.js';

/** Rule families, one checker file each (`checker/check-<family>.ts`). */
export type RuleFamily =
  | 'paths'
  | 'parameters'
  | 'request-body'
  | 'responses'
  | 'headers'
  | 'properties'
  | 'enum'
  | 'type'
  | 'constraints'
  | 'composition'
  | 'deprecation'
  | 'security'
  | 'webhooks'
  | 'info';

/** One row of the rule catalog. The catalog is data: checks look their rule up by ID. */
export interface Rule {
  /** Stable kebab-case ID `<where>-<what>-<how>`; never changes meaning once released. */
  id: string;
  level: Level;
  direction: Direction;
  family: RuleFamily;
  /** One sentence: what the rule detects. */
  description: string;
  /**
   * Past-tense message template quoting the element, with `{name}` placeholders filled from the
   * arguments a check passes: `response property {property} was removed`.
   */
  message: string;
  /** Why this change breaks (or may surprise) clients; empty only for purely informational rules. */
  why: string;
  /** Fixture folder under `fixtures/rules/`, defaults to the ID. */
  fixture?: string;
  /**
   * Whether the change adds something clients can use, so it calls for a minor version bump.
   * Defaults to membership in `ADDITION_RULES` (report/semver.ts); set it to override.
   */
  addition?: boolean;
}
