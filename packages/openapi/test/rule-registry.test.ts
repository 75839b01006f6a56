import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rules as composition } from '../src/checker/check-schema-composition.js';
import { rules as constraints } from '../src/checker/check-schema-constraints.js';
import { rules as enums } from '../src/checker/check-schema-enum.js';
import { rules as properties } from '../src/checker/check-schema-properties.js';
import { rules as types } from '../src/checker/check-schema-type.js';
import { RULES, RULES_BY_ID } from '../src/index.js';
import type { Rule } from '../src/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = path.join(ROOT, 'fixtures/rules');
const SCHEMA_RULES: readonly Rule[] = [...types, ...enums, ...constraints, ...properties, ...composition];

/** The response-side ID of a request-side schema rule by name: same place on the other side, same change. */
function namedMirror(id: string): string | undefined {
  if (id.startsWith('request-parameter-')) return `response-header-${id.slice('request-parameter-'.length)}`;
  if (id.startsWith('request-')) return `response-${id.slice('request-'.length)}`;
  return undefined;
}

/** The request-side ID of a response-side schema rule by name. */
function namedRequestMirror(id: string): string | undefined {
  if (id.startsWith('response-header-')) return `request-parameter-${id.slice('response-header-'.length)}`;
  if (id.startsWith('response-')) return `request-${id.slice('response-'.length)}`;
  return undefined;
}

/**
 * Mirrors that do not follow the naming: the same change seen from the other side has another name
 * there (a widening that is harmless for requests is a plain change for responses).
 */
const MIRRORS: Record<string, string> = {
  'new-required-request-property': 'response-property-added',
  'new-optional-request-property': 'response-property-added',
  'request-body-type-widened': 'response-body-type-changed',
  'request-property-type-widened': 'response-property-type-changed',
  'request-parameter-type-widened': 'response-header-type-changed',
  'request-property-multiple-of-widened': 'response-property-multiple-of-changed',
  'request-parameter-multiple-of-widened': 'response-header-multiple-of-changed',
  'response-optional-property-removed': 'request-property-removed',
  'response-property-added': 'new-optional-request-property',
  'response-body-type-narrowed': 'request-body-type-changed',
  'response-property-type-narrowed': 'request-property-type-changed',
  'response-header-type-narrowed': 'request-parameter-type-changed',
  'response-property-multiple-of-narrowed': 'request-property-multiple-of-changed',
  'response-header-multiple-of-narrowed': 'request-parameter-multiple-of-changed',
};

/** Schema rules with no mirror on the other side, and why. */
const UNMIRRORED: Record<string, string> = {
  'request-property-became-read-only': 'a read-only property is still returned, so responses do not change',
  'request-property-became-not-read-only': 'a read-only property was returned before and still is',
  'response-property-became-write-only': 'a write-only property is still accepted, so requests do not change',
  'response-property-became-not-write-only': 'a write-only property was accepted before and still is',
  'response-header-became-nullable': 'a query, path or header parameter has no serialisation of null to compare',
  'response-header-became-not-nullable': 'a query, path or header parameter has no serialisation of null to compare',
};

describe('rule catalog', () => {
  it('has unique kebab-case IDs', () => {
    const seen = new Set<string>();
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(seen.has(rule.id), `duplicate rule ${rule.id}`).toBe(false);
      seen.add(rule.id);
    }
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s is documented', (_id, rule) => {
    expect(rule.description.trim(), 'description').not.toBe('');
    expect(rule.message.trim(), 'message').not.toBe('');
    if (rule.level !== 'info') expect(rule.why.trim(), 'why it breaks clients').not.toBe('');
  });

  it('gives every rule a fixture folder whose expectations name the rule', () => {
    const problems: string[] = [];
    for (const rule of RULES) {
      const dir = path.join(FIXTURES, rule.fixture ?? rule.id);
      const files = ['base.yaml', 'revision.yaml', 'expect.yaml'];
      const missing = files.filter((f) => !existsSync(path.join(dir, f)));
      if (missing.length > 0) {
        problems.push(`${rule.id}: missing ${missing.join(', ')}`);
        continue;
      }
      const expected = parse(readFileSync(path.join(dir, 'expect.yaml'), 'utf8')) as { forward?: string[] };
      if (!expected.forward?.includes(rule.id)) problems.push(`${rule.id}: its fixture does not expect it`);
    }
    expect(problems).toEqual([]);
  });

  it('has no fixture folder that no rule uses', () => {
    const known = new Set(RULES.map((rule) => rule.fixture ?? rule.id));
    expect(readdirSync(FIXTURES).filter((name) => !known.has(name))).toEqual([]);
  });

  it('expects only rules that exist in every fixture', () => {
    const unknown: string[] = [];
    for (const folder of readdirSync(FIXTURES)) {
      const file = path.join(FIXTURES, folder, 'expect.yaml');
      if (!existsSync(file)) continue;
      const expected = parse(readFileSync(file, 'utf8')) as { forward?: string[]; reverse?: string[] };
      for (const id of [...(expected.forward ?? []), ...(expected.reverse ?? [])]) {
        if (!RULES_BY_ID.has(id)) unknown.push(`${folder}: ${id}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});

describe('schema rule symmetry', () => {
  const ids = new Set(SCHEMA_RULES.map((r) => r.id));

  it.each(SCHEMA_RULES.map((r) => [r.id, r] as const))('%s has a mirror on the other side or a recorded reason', (id, rule) => {
    if (id in UNMIRRORED) {
      expect(id in MIRRORS, 'a rule is either mirrored or explained, not both').toBe(false);
      return;
    }
    const mirror = MIRRORS[id] ?? (rule.direction === 'request' ? namedMirror(id) : namedRequestMirror(id));
    expect(mirror, `${id} has no mirror by name; add one to MIRRORS or a reason to UNMIRRORED`).toBeDefined();
    expect(ids.has(mirror!), `mirror ${mirror} of ${id} is not a schema rule`).toBe(true);
    const other = RULES_BY_ID.get(mirror!)!;
    expect(other.direction).toBe(rule.direction === 'request' ? 'response' : 'request');
    expect(other.family).toBe(rule.family);
  });

  it('records no mirror or reason that is not needed', () => {
    const needless = Object.keys(MIRRORS).filter((id) => {
      const rule = RULES_BY_ID.get(id);
      if (!rule) return true;
      const named = rule.direction === 'request' ? namedMirror(id) : namedRequestMirror(id);
      return named !== undefined && ids.has(named);
    });
    const stale = Object.keys(UNMIRRORED).filter((id) => !ids.has(id));
    expect({ needless, stale }).toEqual({ needless: [], stale: [] });
  });
});

describe('schema rule fixtures', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'rollgate-fixtures-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('are what scripts/generate-schema-fixtures.mjs writes, one folder per schema rule', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/generate-schema-fixtures.mjs'), '--out', out], { stdio: 'pipe' });
    const generated = readdirSync(out).sort();
    expect(generated).toEqual(SCHEMA_RULES.map((r) => r.fixture ?? r.id).sort());
    const stale: string[] = [];
    for (const folder of generated) {
      for (const file of readdirSync(path.join(out, folder))) {
        const committed = path.join(FIXTURES, folder, file);
        if (!existsSync(committed) || readFileSync(committed, 'utf8') !== readFileSync(path.join(out, folder, file), 'utf8')) {
          stale.push(`${folder}/${file}`);
        }
      }
    }
    expect(stale, 'run node scripts/generate-schema-fixtures.mjs').toEqual([]);
  });
});
