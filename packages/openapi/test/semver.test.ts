import { describe, expect, it } from 'vitest';
import { ADDITION_RULES, RULES_BY_ID, declaredBump, isAddition, parseVersion, requiredBump, semverVerdict } from '@rollgate/openapi';
import type { Change, Rule } from '@rollgate/openapi';

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
