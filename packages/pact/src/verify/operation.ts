import type { OperationModel, ParameterModel, ResponseModel } from '@rollgate/openapi';
import { checkParameter } from './params.js';
import type { RouteMatch } from './router.js';
import type { Schemas } from './schema.js';

/** A path parameter value the parameter's schema rejects. */
export interface PathProblem {
  param: ParameterModel;
  message: string;
  specPointer: string;
}

/** The operation a request calls, and what is wrong with its path parameters when every candidate rejects them. */
export interface OperationChoice {
  match: RouteMatch;
  op: OperationModel;
  problem?: PathProblem;
}

/**
 * The operation a request calls: of the templates its path fits that have its method, the first
 * whose path parameter values are valid for their schemas (`/orders/latest` is not `/orders/{id}`
 * when `id` is an integer); when none is, the first, with its problem. Without `checkPath` the
 * first is taken as is. Undefined when no template the path fits has the method.
 */
export function chooseOperation(matches: readonly RouteMatch[], method: string, schemas: Schemas, checkPath: boolean): OperationChoice | undefined {
  let first: OperationChoice | undefined;
  for (const match of matches) {
    const op = match.operations.get(method);
    if (!op) continue;
    const problem = checkPath ? pathProblem(schemas, op, match) : undefined;
    if (!problem) return { match, op };
    first ??= { match, op, problem };
  }
  return first;
}

function pathProblem(schemas: Schemas, op: OperationModel, match: RouteMatch): PathProblem | undefined {
  for (const param of op.parameters) {
    if (param.in !== 'path') continue;
    const value = match.params[param.name];
    if (value === undefined) continue;
    const issue = checkParameter(schemas, param, [value]);
    if (issue) return { param, message: issue.message, specPointer: issue.specPointer };
  }
  return undefined;
}

/** How a response declaration was selected for a status. */
export type ResponseSelection = { response: ResponseModel; by: 'status' | 'range' | 'default' };

/** The response declaration an expected status selects: exact, then a range (`2XX`), then `default`. */
export function selectResponse(op: OperationModel, status: number): ResponseSelection | undefined {
  const code = String(status);
  const exact = op.responses.find((r) => r.status === code);
  if (exact) return { response: exact, by: 'status' };
  const range = op.responses.find((r) => r.status.toUpperCase() === `${code[0]}XX`);
  if (range) return { response: range, by: 'range' };
  const fallback = op.responses.find((r) => r.status.toLowerCase() === 'default');
  return fallback ? { response: fallback, by: 'default' } : undefined;
}
