import { RollgateError } from '@rollgate/openapi';
import { parseRackQuery } from './query.js';
import type { RackObject, RackValue } from './query.js';

/** One `q[]` selector of a matrix query: which version(s) of a pacticipant to look at. */
export interface MatrixSelector {
  pacticipant: string;
  version?: string;
  /** `q[][latest]=true`: the latest version (of `tag` or `branch` when given). */
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
  environment?: string;
}

/** A pacticipant (and optionally one of its versions) that can-i-deploy must not wait for. */
export interface MatrixIgnore {
  pacticipant: string;
  version?: string;
}

/** A matrix or can-i-deploy query as the Pact clients send it. */
export interface MatrixQuery {
  selectors: MatrixSelector[];
  ignore: MatrixIgnore[];
  /** `cvp`: latest consumer version per provider; `cvpv`: per provider version. */
  latestby?: 'cvp' | 'cvpv';
  /** The target: versions currently in this environment are the counterparts. */
  environment?: string;
  /** The target: the latest versions with this tag are the counterparts. */
  tag?: string;
  /** The target: the latest version of every integrated pacticipant. */
  latest?: boolean;
  /** The target: the latest version of each counterpart's main branch. */
  mainBranch?: boolean;
  limit?: number;
}

const SELECTOR_FIELDS = ['pacticipant', 'version', 'latest', 'tag', 'branch', 'mainBranch', 'environment'] as const;

/** Reads a `/matrix` query string (`q[][pacticipant]=A&q[][version]=1&latestby=cvpv&environment=production`). */
export function parseMatrixQuery(query: string): MatrixQuery {
  return matrixQueryFrom(parseRackQuery(query));
}

/** Builds a MatrixQuery from already decoded Rack parameters, naming the first bad field. */
export function matrixQueryFrom(params: RackObject): MatrixQuery {
  const rawSelectors = params.q;
  if (rawSelectors === undefined) throw invalid('q[]', 'is missing: name at least one pacticipant with q[][pacticipant]=NAME');
  if (!Array.isArray(rawSelectors)) throw invalid('q', 'must be a list of selectors (q[][pacticipant]=...)');
  const selectors = rawSelectors.map((raw, index) => selectorFrom(raw, index));

  const rawIgnore = params.ignore;
  const ignore: MatrixIgnore[] = [];
  if (rawIgnore !== undefined) {
    if (!Array.isArray(rawIgnore)) throw invalid('ignore', 'must be a list (ignore[][pacticipant]=...)');
    rawIgnore.forEach((raw, index) => {
      const field = `ignore[${index}]`;
      if (!isObject(raw)) throw invalid(field, 'must be an object (ignore[][pacticipant]=...)');
      const pacticipant = text(raw, 'pacticipant', `${field}[pacticipant]`);
      if (pacticipant === undefined) throw invalid(`${field}[pacticipant]`, 'is missing');
      const version = text(raw, 'version', `${field}[version]`);
      ignore.push(version === undefined ? { pacticipant } : { pacticipant, version });
    });
  }

  const result: MatrixQuery = { selectors, ignore };
  const latestby = text(params, 'latestby', 'latestby');
  if (latestby !== undefined && latestby !== '') {
    if (latestby !== 'cvp' && latestby !== 'cvpv') throw invalid('latestby', `must be "cvp" or "cvpv", got "${latestby}"`);
    result.latestby = latestby;
  }
  const environment = text(params, 'environment', 'environment');
  if (environment) result.environment = environment;
  const tag = text(params, 'tag', 'tag');
  if (tag) result.tag = tag;
  const latest = flag(params, 'latest', 'latest');
  if (latest !== undefined) result.latest = latest;
  const mainBranch = flag(params, 'mainBranch', 'mainBranch');
  if (mainBranch !== undefined) result.mainBranch = mainBranch;
  const limit = text(params, 'limit', 'limit');
  if (limit !== undefined) {
    const parsed = Number(limit);
    if (!Number.isInteger(parsed) || parsed < 1) throw invalid('limit', `must be a positive integer, got "${limit}"`);
    result.limit = parsed;
  }
  return result;
}

function selectorFrom(raw: RackValue, index: number): MatrixSelector {
  const at = `q[${index}]`;
  if (!isObject(raw)) throw invalid(at, 'must be an object (q[][pacticipant]=NAME)');
  for (const key of Object.keys(raw)) {
    if (!(SELECTOR_FIELDS as readonly string[]).includes(key)) {
      throw invalid(`${at}[${key}]`, `is not a selector field (expected one of ${SELECTOR_FIELDS.join(', ')})`);
    }
  }
  const pacticipant = text(raw, 'pacticipant', `${at}[pacticipant]`);
  if (!pacticipant) throw invalid(`${at}[pacticipant]`, 'is missing: every selector names a pacticipant');
  const selector: MatrixSelector = { pacticipant };
  const version = text(raw, 'version', `${at}[version]`);
  if (version !== undefined) selector.version = version;
  const tag = text(raw, 'tag', `${at}[tag]`);
  if (tag !== undefined) selector.tag = tag;
  const branch = text(raw, 'branch', `${at}[branch]`);
  if (branch !== undefined) selector.branch = branch;
  const environment = text(raw, 'environment', `${at}[environment]`);
  if (environment !== undefined) selector.environment = environment;
  const latest = flag(raw, 'latest', `${at}[latest]`);
  if (latest !== undefined) selector.latest = latest;
  const mainBranch = flag(raw, 'mainBranch', `${at}[mainBranch]`);
  if (mainBranch !== undefined) selector.mainBranch = mainBranch;
  return selector;
}

function text(object: RackObject, key: string, field: string): string | undefined {
  if (!Object.hasOwn(object, key)) return undefined;
  const value = object[key];
  if (typeof value !== 'string') throw invalid(field, 'must be a single value');
  return value;
}

function flag(object: RackObject, key: string, field: string): boolean | undefined {
  const value = text(object, key, field);
  if (value === undefined) return undefined;
  if (value === 'true' || value === '') return true;
  if (value === 'false') return false;
  throw invalid(field, `must be "true" or "false", got "${value}"`);
}

function isObject(value: RackValue | undefined): value is RackObject {
  return typeof value === 'object' && !Array.isArray(value);
}

function invalid(field: string, problem: string): RollgateError {
  return new RollgateError('BROKER_QUERY_INVALID', `query parameter ${field} ${problem}`, { pointer: field });
}
