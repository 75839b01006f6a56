// Checks of what callers give the store, before any of it reaches SQL.
import { checkName, checkText, invalidInput } from './rows.js';
import type { EnvironmentInput, ServicePatch, UsageInput, UsageParam, VersionInfo } from './types.js';

/** Where a used parameter may be. */
export const USAGE_PARAM_LOCATIONS = new Set(['path', 'query', 'header', 'cookie']);

/** Environment columns a caller may set. */
export type EnvironmentChanges = { display_name?: string | null; production?: boolean };

/** A service patch checked and turned into column changes. */
export function servicePatch(patch: ServicePatch = {}): { display_name?: string | null; main_branch?: string | null; repository_url?: string | null } {
  const changes: { display_name?: string | null; main_branch?: string | null; repository_url?: string | null } = {};
  if (patch.displayName !== undefined) changes.display_name = patch.displayName === null ? null : checkText('displayName', patch.displayName);
  if (patch.mainBranch !== undefined) changes.main_branch = patch.mainBranch === null ? null : checkName('mainBranch', patch.mainBranch);
  if (patch.repositoryUrl !== undefined) changes.repository_url = patch.repositoryUrl === null ? null : checkText('repositoryUrl', patch.repositoryUrl);
  return changes;
}

/** Environment properties checked and turned into column changes. */
export function environmentChanges(input: EnvironmentInput): EnvironmentChanges {
  const changes: EnvironmentChanges = {};
  if (input.displayName !== undefined) changes.display_name = input.displayName === null ? null : checkText('displayName', input.displayName);
  if (input.production !== undefined) {
    if (typeof input.production !== 'boolean') throw invalidInput('production', `must be a boolean, got ${typeof input.production}`);
    changes.production = input.production;
  }
  return changes;
}

/** Checks a version's branch, commit, build URL and tags. */
export function checkVersionInfo(info: VersionInfo): void {
  if (info.branch !== undefined) checkName('branch', info.branch);
  if (info.commit !== undefined) checkText('commit', info.commit);
  if (info.buildUrl !== undefined) checkText('buildUrl', info.buildUrl);
  if (info.tags !== undefined) {
    if (!Array.isArray(info.tags)) throw invalidInput('tags', 'must be an array of strings');
    info.tags.forEach((tag, index) => checkName(`tags[${index}]`, tag));
  }
}

/** A spec's format, JSON unless given. */
export function checkFormat(format: unknown): 'json' | 'yaml' {
  if (format === undefined) return 'json';
  if (format !== 'json' && format !== 'yaml') throw invalidInput('format', `must be "json" or "yaml", got ${JSON.stringify(format)}`);
  return format;
}

/** Validates usages (they come from pact parsing, possibly of hostile files) and normalises methods. */
export function checkUsages(usages: unknown): UsageInput[] {
  if (!Array.isArray(usages)) throw invalidInput('usages', 'must be an array');
  return usages.map((usage: Partial<UsageInput> | null, index) => {
    const field = `usages[${index}]`;
    if (typeof usage !== 'object' || usage === null) throw invalidInput(field, 'must be an object');
    if (typeof usage.method !== 'string' || !/^[A-Za-z]+$/.test(usage.method)) throw invalidInput(`${field}.method`, `must be an HTTP method, got ${JSON.stringify(usage.method)}`);
    if (typeof usage.path !== 'string' || usage.path.length === 0) throw invalidInput(`${field}.path`, 'must be a non-empty string');
    checkText(`${field}.path`, usage.path);
    if (typeof usage.matched !== 'boolean') throw invalidInput(`${field}.matched`, 'must be a boolean');
    const params = checkArray(`${field}.params`, usage.params, (param: UsageParam, at) => {
      if (typeof param !== 'object' || param === null || !USAGE_PARAM_LOCATIONS.has(param.in) || typeof param.name !== 'string') {
        throw invalidInput(at, 'must be { in: path|query|header|cookie, name: string }');
      }
      return { in: param.in, name: param.name };
    });
    const strings = (name: string, value: unknown) =>
      checkArray(name, value, (item: unknown, at) => {
        if (typeof item !== 'string') throw invalidInput(at, 'must be a string');
        return item;
      });
    const statuses = checkArray(`${field}.statuses`, usage.statuses, (status: unknown, at) => {
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) throw invalidInput(at, `must be an HTTP status, got ${JSON.stringify(status)}`);
      return status;
    });
    return {
      method: usage.method.toUpperCase(),
      path: usage.path,
      matched: usage.matched,
      params,
      requestFields: strings(`${field}.requestFields`, usage.requestFields),
      responseFields: strings(`${field}.responseFields`, usage.responseFields),
      statuses,
      interactions: strings(`${field}.interactions`, usage.interactions),
    };
  });
}

/** Checks that `value` is an array and maps each entry, naming its index when one is wrong. */
export function checkArray<I, O>(field: string, value: unknown, item: (value: I, field: string) => O): O[] {
  if (!Array.isArray(value)) throw invalidInput(field, 'must be an array');
  return value.map((entry: I, index) => item(entry, `${field}[${index}]`));
}
