import type { Change, Level } from '../checker/change.js';
import type { ExpiredWaiver } from '../policy/types.js';
import type { SemverVerdict } from './semver.js';

/** One side of a diff as the report names it. */
export interface SpecSummary {
  title: string;
  version: string;
  /** The source as the user named it: a path, `-`, or `rev:path`. */
  source: string;
}

/**
 * The result of `rollgate diff`, and exactly what `--format json` prints. The fields of the
 * issue's contract (`base`, `revision`, `summary`, `semver`, `changes`) keep their meaning forever.
 */
export interface DiffReport {
  base: SpecSummary;
  revision: SpecSummary;
  /** Changes per level, waived ones left out. */
  summary: Record<Level, number>;
  semver: SemverVerdict;
  /** Every change after the policy, waived ones included (with `waived` set). */
  changes: Change[];
  /** Waivers from the config whose `until` date has passed. */
  expiredWaivers: ExpiredWaiver[];
}
