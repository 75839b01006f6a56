import { describe, expect, it } from 'vitest';
import { RULES_BY_ID, buildDiffReport, renderDiff } from '@rollgate/openapi';
import {
  ADDITION_RULES,
  declaredBump,
  isAddition,
  isInitialDevelopment,
  parseVersion,
  requiredBump,
  semverVerdict,
} from '../src/report/semver.js';
import type { Change, LoadedSpec, Rule } from '@rollgate/openapi';

function change(id: string, level: Change['level'], waived = false): Change {
  return {
    id,
    level,
    direction: 'none',
    operation: null,
    pointer: '',
    side: 'revision',
    message: id,
    ...(waived ? { waived: { reason: 'accepted' } } : {}),
  };
}

describe('declaredBump', () => {
  it.each([
    ['1.0.0', '2.0.0', 'major'],
    ['1.4.2', '1.5.0', 'minor'],
    ['1.4.2', '1.4.3', 'patch'],
    ['1.4.2', '1.4.2', 'none'],
    ['1.0', '1.1', 'minor'],
    ['1', '2', 'major'],
    ['v1.2.3', 'v1.2.4', 'patch'],
    ['1.0.0', '2.0.0-beta.1', 'major'],
    ['1.0.0-beta.1', '1.0.0-beta.2', 'patch'],
    ['2.0.0', '1.9.9', 'invalid'],
    ['1.0.0', 'latest', 'invalid'],
    ['2024-01-01', '2024-02-01', 'invalid'],
    ['', '1.0.0', 'invalid'],
    // Pre-releases order as semver orders them: numeric identifiers numerically, then lexically.
    ['1.0.0-beta.2', '1.0.0-beta.10', 'patch'],
    ['1.0.0-beta.10', '1.0.0-beta.2', 'invalid'],
    ['1.0.0-rc.1', '1.0.0-beta.9', 'invalid'],
    ['1.0.0-alpha', '1.0.0-alpha.1', 'patch'],
    ['1.0.0', '1.0.0-rc.1', 'invalid'],
    // Releasing a pre-release is the bump it was the pre-release of, as semver.diff says.
    ['1.0.0-beta.1', '1.0.0', 'major'],
    ['1.1.0-beta.1', '1.1.0', 'minor'],
    ['1.0.1-0', '1.0.1', 'patch'],
    ['1.2.0', '1.3.0-alpha', 'minor'],
    ['0.9.0', '1.0.0-rc.1', 'major'],
    // Build metadata does not order versions.
    ['1.0.0+build.1', '1.0.0+build.2', 'none'],
    ['0.3.1', '0.4.0', 'minor'],
  ])('%s to %s is %s', (base, revision, expected) => {
    expect(declaredBump(base, revision)).toBe(expected);
  });

  it('reads short versions as padded semver', () => {
    expect(parseVersion('1.0')?.version).toBe('1.0.0');
    expect(parseVersion(' 3 ')?.version).toBe('3.0.0');
    expect(parseVersion('1.0.0.0')).toBeNull();
  });
});

describe('requiredBump', () => {
  it('is major for a breaking change, even among additions', () => {
    expect(requiredBump([change('operation-added', 'info'), change('operation-removed', 'breaking')])).toBe('major');
  });

  it('is minor for an addition, patch for other changes, none for nothing', () => {
    expect(requiredBump([change('operation-id-changed', 'warning'), change('operation-added', 'info')])).toBe('minor');
    expect(requiredBump([change('operation-id-changed', 'warning')])).toBe('patch');
    expect(requiredBump([])).toBe('none');
  });

  it('leaves waived changes out, like the summary', () => {
    expect(requiredBump([change('operation-removed', 'breaking', true), change('operation-id-changed', 'warning')])).toBe('patch');
  });

  it('shifts every bump down one place under 0.x: breaking calls for minor, the rest for patch', () => {
    const zero = { initialDevelopment: true };
    expect(requiredBump([change('operation-added', 'info'), change('operation-removed', 'breaking')], RULES_BY_ID, zero)).toBe('minor');
    expect(requiredBump([change('operation-added', 'info')], RULES_BY_ID, zero)).toBe('patch');
    expect(requiredBump([change('operation-id-changed', 'warning')], RULES_BY_ID, zero)).toBe('patch');
    expect(requiredBump([], RULES_BY_ID, zero)).toBe('none');
    expect(requiredBump([change('operation-removed', 'breaking', true)], RULES_BY_ID, zero)).toBe('none');
  });

  it('takes the catalog marker over the built-in list', () => {
    const catalog = new Map<string, Rule>([
      ['operation-added', { ...RULES_BY_ID.get('operation-added')!, addition: false }],
      ['operation-tag-added', { ...RULES_BY_ID.get('operation-tag-added')!, addition: true }],
    ]);
    expect(requiredBump([change('operation-added', 'info')], catalog)).toBe('patch');
    expect(requiredBump([change('operation-tag-added', 'info')], catalog)).toBe('minor');
  });

  it('lists only rules of the catalog, none of them breaking by default', () => {
    for (const id of ADDITION_RULES) {
      expect(RULES_BY_ID.has(id), id).toBe(true);
      expect(RULES_BY_ID.get(id)!.level, id).not.toBe('breaking');
    }
    // Metadata that merely appears is not a feature.
    expect(isAddition(RULES_BY_ID.get('operation-tag-added')!)).toBe(false);
    expect(isAddition(RULES_BY_ID.get('response-property-added')!)).toBe(true);
  });
});

describe('semverVerdict', () => {
  it('is ok when the declared bump is at least the required one', () => {
    expect(semverVerdict('minor', 'major')).toEqual({ required: 'minor', declared: 'major', ok: true });
    expect(semverVerdict('minor', 'minor').ok).toBe(true);
    expect(semverVerdict('major', 'minor').ok).toBe(false);
    expect(semverVerdict('patch', 'none').ok).toBe(false);
    expect(semverVerdict('none', 'none').ok).toBe(true);
  });

  it('is not ok for an invalid version unless nothing changed', () => {
    expect(semverVerdict('patch', 'invalid').ok).toBe(false);
    expect(semverVerdict('none', 'invalid').ok).toBe(true);
  });
});

describe('semver under 0.x in a report', () => {
  const side = (version: string): Pick<LoadedSpec, 'title' | 'version' | 'source'> => ({
    title: 'Books',
    version,
    source: { kind: 'file', name: 'api.yaml', path: '/repo/api.yaml' },
  });
  const removed: Change = { ...change('operation-removed', 'breaking'), operation: { method: 'GET', path: '/books' } };

  it.each([
    ['0.4.1', '0.5.0', 'minor', true],
    ['0.4.1', '0.4.2', 'minor', false],
    ['0.4.1', '1.0.0', 'minor', true],
    ['v0.4', '0.5', 'minor', true],
    ['0.0.3', '0.1.0', 'minor', true],
    ['1.4.1', '1.5.0', 'major', false],
  ])('a breaking change from %s to %s requires %s (ok: %s)', (from, to, required, ok) => {
    const report = buildDiffReport(side(from), side(to), [removed]);
    expect(report.semver.required).toBe(required);
    expect(report.semver.ok).toBe(ok);
    expect(report.semver.initialDevelopment).toBe(isInitialDevelopment(from) ? true : undefined);
  });

  it('says why the bump is lower in the text report, and marks the JSON verdict', () => {
    const report = buildDiffReport(side('0.4.1'), side('0.4.2'), [removed]);
    expect(renderDiff(report, 'text')).toContain(
      'Semver:  the changes call for a minor bump (0.4.1 is 0.x: breaking changes call for a minor bump, others for a patch), but info.version 0.4.1 to 0.4.2 is a patch bump, which is too small.',
    );
    expect(JSON.parse(renderDiff(report, 'json')).semver).toEqual({ required: 'minor', declared: 'patch', ok: false, initialDevelopment: true });
    const stable = buildDiffReport(side('1.0.0'), side('2.0.0'), [removed]);
    expect(JSON.parse(renderDiff(stable, 'json')).semver).toEqual({ required: 'major', declared: 'major', ok: true });
  });
});
