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

/** A consumer version that uses what a change touches, and the environments it runs in. */
export interface AffectedConsumer {
  service: string;
  version: string;
  /** Environments where that version is deployed now; empty when it runs nowhere. */
  environments: string[];
}

/**
 * A change as the report holds it. `consumers` is set (possibly empty) on every change of an
 * operation when the diff was run against a registry (`--registry URL --service A`).
 */
export interface ReportedChange extends Change {
  consumers?: AffectedConsumer[];
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
  changes: ReportedChange[];
  /** Waivers from the config whose `until` date has passed. */
  expiredWaivers: ExpiredWaiver[];
}
