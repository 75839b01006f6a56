import { diffSpecs } from '../diff/index.js';
import type { SpecDiff } from '../diff/types.js';
import type { ApiModel } from '../model/types.js';
import type { Change } from './change.js';
import { checkDeprecation } from './check-deprecation.js';
import { checkHeaders } from './check-headers.js';
import { checkInfo } from './check-info.js';
import { checkParameters } from './check-parameters.js';
import { checkPaths } from './check-paths.js';
import { checkRequestBody } from './check-request-body.js';
import { checkResponses } from './check-responses.js';
import { checkSchema } from './check-schema.js';
import { checkSecurity } from './check-security.js';
import { checkWebhooks } from './check-webhooks.js';
import type { CheckContext } from './context.js';
import { createCollector } from './emit.js';
import { RULES_BY_ID } from './rules.js';

/** Options of `checkSpecs`. */
export interface CheckOptions {
  /** The day sunset dates compare against; defaults to today (UTC). */
  now?: Date;
}

/** The family checks, in the order their changes are reported. */
const CHECKS: readonly ((ctx: CheckContext) => void)[] = [
  checkPaths,
  checkDeprecation,
  checkSecurity,
  checkParameters,
  checkHeaders,
  checkRequestBody,
  checkResponses,
  checkWebhooks,
  checkInfo,
];

/** Diffs two models and judges the diff with every rule family; levels are the catalog defaults. */
export function checkSpecs(base: ApiModel, revision: ApiModel, opts: CheckOptions = {}): Change[] {
  return checkDiff(diffSpecs(base, revision), opts);
}

/** Judges an already computed structural diff with every rule family. */
export function checkDiff(diff: SpecDiff, opts: CheckOptions = {}): Change[] {
  const { emit, finish } = createCollector(RULES_BY_ID, diff.base, diff.revision);
  const ctx: CheckContext = {
    diff,
    emit,
    today: (opts.now ?? new Date()).toISOString().slice(0, 10),
    schema(pair, site) {
      if (pair.diff) checkSchema(pair.diff, site, emit);
    },
  };
  for (const check of CHECKS) check(ctx);
  return finish();
}
