export { MAX_DEPTH, parsePact, headerValues, isJsonMediaType } from './parse/parse.js';
export type * from './parse/types.js';
export { jsonPath, parseRulePath, RuleIndex, type Step } from './parse/json-path.js';
export { verifyPact, type PactFinding, type PactVerification, type VerifyOptions } from './verify/verify.js';
export { PACT_FINDING_RULES, type PactFindingCode, type PactFindingRule } from './verify/codes.js';
export { extractUsage, type OperationUsage, type ParameterUsage, type PactUsage } from './usage/extract.js';
export {
  diffPacts,
  type FieldDependency,
  type InteractionChange,
  type InteractionRef,
  type OperationKey,
  type PactDiff,
} from './diff/diff.js';
export {
  PACT_DIFF_FORMATS,
  VERIFY_FORMATS,
  renderPactDiff,
  renderVerification,
  verifyReport,
  type PactDiffFormat,
  type VerifyFormat,
  type VerifyReport,
  type VerifyReportContext,
} from './report/render.js';
