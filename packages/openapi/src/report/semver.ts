import { createRequire } from 'node:module';
import type { ReleaseType, SemVer } from 'semver';
import type { Change } from '../checker/change.js';
import { RULES_BY_ID } from '../checker/rules.js';
import type { Rule } from '../checker/rule.js';

/** A version bump, ordered from none to major. */
export type Bump = 'none' | 'patch' | 'minor' | 'major';

/** What `info.version` moved by: a bump, or `invalid` when a version does not parse or went down. */
export type DeclaredBump = Bump | 'invalid';

/** The `semver` block of the JSON report. */
export interface SemverVerdict {
  /** The smallest bump the changes call for. */
  required: Bump;
  /** The bump between the two documents' `info.version`. */
  declared: DeclaredBump;
  /** False when the declared bump is smaller than the required one (or invalid while one is required). */
  ok: boolean;
  /** Present (true) when the base version is 0.x, where the bumps shift down one place. */
  initialDevelopment?: true;
}

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The three `semver` functions used here. */
interface SemverFunctions {
  parse(version: string, options?: { loose?: boolean }): SemVer | null;
  compare(a: SemVer, b: SemVer): -1 | 0 | 1;
  diff(a: SemVer, b: SemVer): ReleaseType | null;
}
let functions: SemverFunctions | undefined;
/**
 * `semver`'s functions, each required from its own module on first use: its index loads ranges,
 * comparators and every other function, which cost each run about 20 ms of CPU at start-up.
 */
function semver(): SemverFunctions {
  if (!functions) {
    const require = createRequire(import.meta.url);
    functions = {
      parse: require('semver/functions/parse') as SemverFunctions['parse'],
      compare: require('semver/functions/compare') as SemverFunctions['compare'],
      diff: require('semver/functions/diff') as SemverFunctions['diff'],
    };
  }
  return functions;
}

/**
 * Reads a version the way API descriptions write them: full semver (`1.4.0`, `v2.0.0-beta.1`),
 * or one to three numbers (`2`, `1.0`) padded with zeros, since `1.0` is the most common
 * `info.version` of all and means 1.0.0.
 */
export function parseVersion(text: string): SemVer | null {
  const trimmed = text.trim();
  const short = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/i.exec(trimmed);
  if (short) return semver().parse(`${short[1]}.${short[2] ?? '0'}.${short[3] ?? '0'}`);
  return semver().parse(trimmed, { loose: true });
}

/** The bump from one `info.version` to the next; `invalid` when either does not parse or the version went down. */
export function declaredBump(baseVersion: string, revisionVersion: string): DeclaredBump {
  const from = parseVersion(baseVersion);
  const to = parseVersion(revisionVersion);
  if (!from || !to) return 'invalid';
  const order = semver().compare(from, to);
  if (order === 0) return 'none';
  if (order > 0) return 'invalid';
  switch (semver().diff(from, to)) {
    case 'major':
    case 'premajor':
      return 'major';
    case 'minor':
    case 'preminor':
      return 'minor';
    default:
      // `patch`, `prepatch` and `prerelease` (1.0.0-beta.1 to 1.0.0-beta.2) all move the last place.
      return 'patch';
  }
}

/**
 * Rules whose changes give clients something new to use: an operation, an optional input, an
 * accepted value or variant, a response field, header or media type. They call for a minor bump;
 * every other non-breaking change (metadata, loosened limits, documentation) calls for a patch.
 * A catalog row can say otherwise with its `addition` marker.
 */
export const ADDITION_RULES: ReadonlySet<string> = new Set([
  'operation-added',
  'api-server-added',
  'request-parameter-added',
  'request-header-added',
  'request-body-added-optional',
  'request-body-media-type-added',
  'new-optional-request-property',
  'request-parameter-enum-value-added',
  'request-property-enum-value-added',
  'request-property-one-of-added',
  'request-property-any-of-added',
  'request-property-discriminator-mapping-added',
  'security-requirement-added',
  'security-oauth-flow-added',
  'response-property-added',
  'response-header-added',
  'response-required-header-added',
  'response-media-type-added',
  'webhook-added',
  'callback-added',
]);

/** True when a rule reports something new for clients, which calls for a minor version bump. */
export function isAddition(rule: Pick<Rule, 'id' | 'addition'>): boolean {
  return rule.addition ?? ADDITION_RULES.has(rule.id);
}

/** True when a version is in initial development (`0.y.z`), where semver promises no stability. */
export function isInitialDevelopment(version: string): boolean {
  return parseVersion(version)?.major === 0;
}

/** Options of `requiredBump`. */
export interface RequiredBumpOptions {
  /**
   * The base version is `0.y.z`: the bumps shift down one place, as npm's caret ranges and
   * Cargo read them (`^0.4.1` accepts `0.4.x` only), so a breaking change calls for a minor bump
   * and an addition or any other change for a patch.
   */
  initialDevelopment?: boolean;
}

/**
 * The bump the changes call for: major for any breaking change, minor for any addition, patch
 * for any other change (minor, patch and patch under 0.x). Waived changes are left out, like in
 * the summary: a waiver says the change is accepted as not breaking anyone.
 */
export function requiredBump(
  changes: readonly Change[],
  catalog: ReadonlyMap<string, Rule> = RULES_BY_ID,
  options: RequiredBumpOptions = {},
): Bump {
  let bump: Bump = 'none';
  for (const change of changes) {
    if (change.waived) continue;
    if (change.level === 'breaking') {
      bump = 'major';
      break;
    }
    const rule = catalog.get(change.id);
    const next: Bump = isAddition(rule ?? { id: change.id }) ? 'minor' : 'patch';
    if (RANK[next] > RANK[bump]) bump = next;
  }
  if (!options.initialDevelopment) return bump;
  return bump === 'major' ? 'minor' : bump === 'none' ? 'none' : 'patch';
}

/** Compares the required bump with the declared one; `initialDevelopment` marks a 0.x base in the verdict. */
export function semverVerdict(required: Bump, declared: DeclaredBump, initialDevelopment = false): SemverVerdict {
  const ok = declared === 'invalid' ? required === 'none' : RANK[declared] >= RANK[required];
  return initialDevelopment ? { required, declared, ok, initialDevelopment: true } : { required, declared, ok };
}
