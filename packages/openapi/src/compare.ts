import { checkSpecs } from './checker/index.js';
import { isStackOverflow, tooDeeplyNested } from './load/nesting.js';
import type { LoadedSpec } from './load/types.js';
import { buildModel } from './model/index.js';
import type { PolicyConfig } from './policy/types.js';
import { buildDiffReport } from './report/build.js';
import type { DiffReport } from './report/types.js';

/** Options of `compareSpecs`. */
export interface CompareOptions {
  /** Level overrides and waivers (`rollgate.yaml`); none by default. */
  config?: PolicyConfig;
  /** The moment sunset and waiver dates are judged at; now by default. */
  now?: Date;
}

/**
 * Compares two loaded documents: models both, judges the diff with the rule catalog, applies
 * the policy and recommends a version bump. The result is the JSON contract of `rollgate diff`.
 */
export function compareSpecs(base: LoadedSpec, revision: LoadedSpec, opts: CompareOptions = {}): DiffReport {
  const now = opts.now ?? new Date();
  try {
    const changes = checkSpecs(buildModel(base), buildModel(revision), { now });
    return buildDiffReport(base, revision, changes, { ...(opts.config ? { config: opts.config } : {}), now });
  } catch (error) {
    // The comparison recurses through nested schemas; a document nested thousands of levels deep
    // exhausts the stack. Say which one and where, rather than crash.
    if (isStackOverflow(error)) throw tooDeeplyNested([base, revision]);
    throw error;
  }
}
