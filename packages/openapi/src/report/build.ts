import type { Change, Level } from '../checker/change.js';
import type { Rule } from '../checker/rule.js';
import { RULES_BY_ID } from '../checker/rules.js';
import type { LoadedSpec } from '../load/types.js';
import { applyPolicy } from '../policy/apply.js';
import type { PolicyConfig } from '../policy/types.js';
import { declaredBump, isInitialDevelopment, requiredBump, semverVerdict } from './semver.js';
import type { DiffReport } from './types.js';

/** Options of `buildDiffReport` and `compareSpecs`. */
export interface ReportOptions {
  /** Level overrides and waivers; none by default. */
  config?: PolicyConfig;
  /** The moment waiver dates are judged at; the current time by default. */
  now?: Date;
  /** Rule catalog (for additions and descriptions); the built-in one by default. */
  catalog?: ReadonlyMap<string, Rule>;
}

/** Counts non-waived changes per level. */
function summarize(changes: readonly Change[]): Record<Level, number> {
  const summary: Record<Level, number> = { breaking: 0, warning: 0, info: 0 };
  for (const change of changes) if (!change.waived) summary[change.level] += 1;
  return summary;
}

/** Applies the policy to judged changes and assembles the report (the part of `compareSpecs` after the checks). */
export function buildDiffReport(
  base: Pick<LoadedSpec, 'title' | 'version' | 'source'>,
  revision: Pick<LoadedSpec, 'title' | 'version' | 'source'>,
  judged: readonly Change[],
  options: ReportOptions = {},
): DiffReport {
  const { changes, expiredWaivers } = applyPolicy(judged, options.config ?? { rules: {}, waivers: [] }, options.now);
  // Clients depend on the base version, so its major decides whether 0.x rules apply.
  const initialDevelopment = isInitialDevelopment(base.version);
  const required = requiredBump(changes, options.catalog ?? RULES_BY_ID, { initialDevelopment });
  return {
    base: { title: base.title, version: base.version, source: base.source.name },
    revision: { title: revision.title, version: revision.version, source: revision.source.name },
    summary: summarize(changes),
    semver: semverVerdict(required, declaredBump(base.version, revision.version), initialDevelopment),
    changes,
    expiredWaivers,
  };
}
