import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RollgateError, applyPolicy, gatePredicate, parseConfig, resolveConfig } from '@rollgate/openapi';
import { findConfig, isCalendarDate } from '../src/policy/config.js';
import { failingChanges } from '../src/policy/fail-on.js';
import { compileOperationGlob } from '../src/policy/match.js';
import type { Change } from '@rollgate/openapi';

function change(id: string, level: Change['level'], operation: Change['operation'], message = `${id} happened`): Change {
  return { id, level, direction: 'none', operation, pointer: '/paths', side: 'revision', line: 3, message };
}

const removed = change('operation-removed', 'breaking', { method: 'GET', path: '/internal/jobs/{jobId}' });
const added = change('operation-added', 'info', { method: 'POST', path: '/books' });
const renamedId = change('operation-id-changed', 'warning', { method: 'DELETE', path: '/admin/users/{id}' });
const documentWide = change('operation-id-removed', 'warning', null);
const CHANGES = [removed, added, renamedId, documentWide];

function configError(text: string): RollgateError {
  try {
    parseConfig(text, 'rollgate.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(RollgateError);
    return error as RollgateError;
  }
  throw new Error('expected parseConfig to throw');
}

describe('parseConfig', () => {
  it('reads rule levels and waivers with their lines', () => {
    const config = parseConfig(
      [
        'rules:',
        '  operation-id-changed: info',
        '  operation-added: off',
        'waivers:',
        '  - rules: [operation-removed]',
        '    operations: ["GET /internal/**"]',
        '    reason: internal jobs API, no external clients',
        "    until: '2027-01-31'",
        '  - operations: "* /admin/*"',
        '    reason: admin UI ships with the server',
      ].join('\n'),
      '/repo/rollgate.yaml',
    );
    expect(config.rules).toEqual({ 'operation-id-changed': 'info', 'operation-added': 'off' });
    expect(config.waivers).toEqual([
      {
        rules: ['operation-removed'],
        operations: ['GET /internal/**'],
        reason: 'internal jobs API, no external clients',
        until: '2027-01-31',
        file: '/repo/rollgate.yaml',
        line: 5,
      },
      { operations: ['* /admin/*'], reason: 'admin UI ships with the server', file: '/repo/rollgate.yaml', line: 9 },
    ]);
  });

  it('accepts an empty file and a YAML date written without quotes', () => {
    expect(parseConfig('', 'rollgate.yaml')).toEqual({ file: 'rollgate.yaml', rules: {}, waivers: [] });
    const config = parseConfig('waivers:\n  - rules: [operation-removed]\n    reason: r\n    until: 2027-01-31\n', 'f');
    expect(config.waivers[0]?.until).toBe('2027-01-31');
  });

  it('refuses a waiver without a reason, naming file, line and field', () => {
    const error = configError('waivers:\n  - rules: [operation-removed]\n    until: 2027-01-31\n');
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.details).toMatchObject({ file: 'rollgate.yaml', line: 2 });
    expect(error.message).toBe('waivers[0].reason: is mandatory: say why the change is acceptable');
  });

  it('refuses a blank reason', () => {
    const error = configError('waivers:\n  - rules: [operation-removed]\n    reason: "  "\n');
    expect(error.details.line).toBe(3);
    expect(error.message).toBe('waivers[0].reason: is mandatory: say why the change is acceptable');
  });

  it('refuses unknown rule IDs in levels and in waivers', () => {
    const levels = configError('rules:\n  operation-removed: warning\n  no-such-rule: info\n');
    expect(levels.details.line).toBe(3);
    expect(levels.message).toBe('rules.no-such-rule: unknown rule ID "no-such-rule"');

    const waiver = configError('waivers:\n  - reason: r\n    rules:\n      - operation-removed\n      - operation-removd\n');
    expect(waiver.details.line).toBe(5);
    expect(waiver.message).toBe('waivers[0].rules[1]: unknown rule ID "operation-removd"');
  });

  it('refuses a level that is not breaking, warning, info or off', () => {
    const error = configError('rules:\n  operation-removed: error\n');
    expect(error.details.line).toBe(2);
    expect(error.message).toBe('rules.operation-removed: must be one of breaking, warning, info, off');
  });

  it('refuses bad dates: wrong shape and impossible days', () => {
    for (const until of ['31.01.2027', '2027-02-30', 'tomorrow', '2027-1-5']) {
      const error = configError(`waivers:\n  - rules: [operation-removed]\n    reason: r\n    until: "${until}"\n`);
      expect(error.details.line, until).toBe(4);
      expect(error.message, until).toBe('waivers[0].until: must be a date written YYYY-MM-DD');
    }
  });

  it('refuses bad operation globs', () => {
    for (const glob of ['/internal/**', 'FETCH /x', 'GET internal', 'GET /a/[b']) {
      const error = configError(`waivers:\n  - reason: r\n    operations:\n      - "${glob}"\n`);
      expect(error.details.line, glob).toBe(4);
      expect(error.message, glob).toContain('waivers[0].operations[0]');
    }
  });

  it('refuses a waiver with neither rules nor operations, and unknown keys', () => {
    expect(configError('waivers:\n  - reason: r\n').message).toBe('waivers[0]: a waiver needs `rules`, `operations` or both');
    const key = configError('waivers:\n  - reason: r\n    rule: [operation-removed]\n');
    expect(key.details.line).toBe(3);
    expect(key.message).toBe('waivers[0].rule: unknown key (expected one of rules, operations, reason, until)');
    expect(configError('rules: {}\nwaiver: []\n').details.line).toBe(2);
  });

  it('reads failOn, one of the --fail-on values, with its line', () => {
    for (const mode of ['breaking', 'warning', 'never', 'breaking-in-use']) {
      const config = parseConfig(`# gate\nfailOn: ${mode}\n`, 'rollgate.yaml');
      expect(config).toMatchObject({ failOn: mode, failOnLine: 2 });
    }
    expect(parseConfig('rules: {}\n', 'rollgate.yaml').failOn).toBeUndefined();
  });

  it('refuses a failOn that is not a --fail-on value, naming file, line and field', () => {
    const error = configError('rules:\n  operation-added: info\nfailOn: breakng\n');
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.details).toMatchObject({ file: 'rollgate.yaml', line: 3, pointer: 'failOn' });
    expect(error.message).toBe('failOn: must be one of breaking, warning, never, breaking-in-use');
    expect(configError('failOn: [breaking]\n').details.line).toBe(1);
    expect(configError('failOn:\n').message).toContain('failOn: must be one of');
    expect(configError('fail-on: never\n').message).toContain('unknown key (expected one of failOn, rules, waivers)');
  });

  it('reports YAML syntax errors with their line', () => {
    const error = configError('rules:\n  operation-removed: info\n  operation-added: [info\n');
    expect(error.code).toBe('CONFIG_INVALID');
    // The parser notices the unclosed flow sequence at the end of input, the line after it.
    expect(error.details.line).toBe(4);
    expect(error.message).toContain('invalid YAML');
    expect(configError('rules:\n  operation-removed: info\n  operation-removed: off\n').message).toContain('invalid YAML');
  });
});

describe('config discovery', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it('finds rollgate.yaml upwards and stops at the repository root', () => {
    root = mkdtempSync(join(tmpdir(), 'rollgate-config-'));
    const repo = join(root, 'repo');
    const deep = join(repo, 'services', 'books');
    mkdirSync(deep, { recursive: true });
    // A config above the repository must never be picked up.
    writeFileSync(join(root, 'rollgate.yaml'), 'rules:\n  operation-removed: off\n');
    mkdirSync(join(repo, '.git'));
    expect(findConfig(deep)).toBeUndefined();
    expect(resolveConfig({ cwd: deep })).toEqual({ rules: {}, waivers: [] });

    writeFileSync(join(repo, 'rollgate.yaml'), 'rules:\n  operation-added: warning\n');
    expect(findConfig(deep)).toBe(join(repo, 'rollgate.yaml'));
    writeFileSync(join(repo, 'services', 'rollgate.yml'), 'rules:\n  operation-added: info\n');
    expect(findConfig(deep)).toBe(join(repo, 'services', 'rollgate.yml'));
    expect(resolveConfig({ cwd: deep }).rules).toEqual({ 'operation-added': 'info' });
  });

  it('uses --config relative to the working directory and names a missing file', () => {
    root = mkdtempSync(join(tmpdir(), 'rollgate-config-'));
    writeFileSync(join(root, 'policy.yaml'), 'rules:\n  operation-added: breaking\n');
    expect(resolveConfig({ cwd: root, path: 'policy.yaml' }).rules).toEqual({ 'operation-added': 'breaking' });
    expect(() => resolveConfig({ cwd: root!, path: 'missing.yaml' })).toThrowError(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: { file: join(root, 'missing.yaml') } }),
    );
  });
});

describe('operation globs', () => {
  it('matches method and path, with * one segment and ** any depth', () => {
    const internal = compileOperationGlob('GET /internal/**');
    expect(internal({ method: 'GET', path: '/internal/jobs/{jobId}' })).toBe(true);
    expect(internal({ method: 'GET', path: '/internal' })).toBe(true);
    expect(internal({ method: 'POST', path: '/internal/jobs' })).toBe(false);
    expect(internal({ method: 'GET', path: '/internals' })).toBe(false);

    const admin = compileOperationGlob('* /admin/*');
    expect(admin({ method: 'DELETE', path: '/admin/users' })).toBe(true);
    expect(admin({ method: 'DELETE', path: '/admin/users/{id}' })).toBe(false);
  });

  it('treats braces as path parameters whatever their names', () => {
    const glob = compileOperationGlob('get /books/{id}');
    expect(glob({ method: 'GET', path: '/books/{bookId}' })).toBe(true);
    expect(glob({ method: 'GET', path: '/books/id' })).toBe(false);
    expect(glob({ method: 'GET', path: '/books/{bookId}/cover' })).toBe(false);
  });
});

describe('applyPolicy', () => {
  const now = new Date('2026-06-15T12:00:00Z');

  it('waives by rule ID, keeping the change with its reason', () => {
    const { changes } = applyPolicy(CHANGES, { rules: {}, waivers: [{ rules: ['operation-removed'], reason: 'jobs moved' }] }, now);
    expect(changes.map((c) => c.waived)).toEqual([{ reason: 'jobs moved' }, undefined, undefined, undefined]);
    expect(CHANGES[0]!.waived).toBeUndefined();
  });

  it('waives by operation glob; document-wide changes match only rule-only waivers', () => {
    const { changes } = applyPolicy(
      CHANGES,
      { rules: {}, waivers: [{ operations: ['* /admin/**', 'GET /internal/**'], reason: 'private' }] },
      now,
    );
    expect(changes.filter((c) => c.waived).map((c) => c.id)).toEqual(['operation-removed', 'operation-id-changed']);

    const byRule = applyPolicy(CHANGES, { rules: {}, waivers: [{ rules: ['operation-id-removed'], reason: 'r' }] }, now);
    expect(byRule.changes.filter((c) => c.waived).map((c) => c.id)).toEqual(['operation-id-removed']);
  });

  it('needs both lists to match when a waiver has rules and operations', () => {
    const { changes } = applyPolicy(
      CHANGES,
      { rules: {}, waivers: [{ rules: ['operation-added'], operations: ['GET /internal/**'], reason: 'r' }] },
      now,
    );
    expect(changes.some((c) => c.waived)).toBe(false);
  });

  it('applies a waiver on its last day and reports it once expired', () => {
    const waiver = { rules: ['operation-removed'], reason: 'clients migrate by June', until: '2026-06-15', file: 'rollgate.yaml', line: 4 };
    const onTheDay = applyPolicy(CHANGES, { rules: {}, waivers: [waiver] }, now);
    expect(onTheDay.changes[0]!.waived).toEqual({ reason: 'clients migrate by June', until: '2026-06-15' });
    expect(onTheDay.expiredWaivers).toEqual([]);

    const dayAfter = applyPolicy(CHANGES, { rules: {}, waivers: [waiver] }, new Date('2026-06-16T00:00:00Z'));
    expect(dayAfter.changes[0]!.waived).toBeUndefined();
    expect(dayAfter.expiredWaivers).toEqual([
      { rules: ['operation-removed'], reason: 'clients migrate by June', until: '2026-06-15', file: 'rollgate.yaml', line: 4, matched: 1 },
    ]);
  });

  it('overrides levels, drops rules set to off, and waives at the overridden level', () => {
    const { changes } = applyPolicy(
      CHANGES,
      {
        rules: { 'operation-added': 'off', 'operation-id-changed': 'breaking' },
        waivers: [{ operations: ['DELETE /admin/**'], reason: 'admin' }],
      },
      now,
    );
    expect(changes.map((c) => c.id)).toEqual(['operation-removed', 'operation-id-changed', 'operation-id-removed']);
    expect(changes[1]).toMatchObject({ level: 'breaking', waived: { reason: 'admin' } });
  });
});

describe('gate predicates', () => {
  const waived = { ...removed, waived: { reason: 'accepted' } };

  it('fails on breaking by default level, on warnings too with warning, never with never', () => {
    const changes = [removed, added, renamedId, waived];
    expect(failingChanges(changes, gatePredicate('breaking'))).toEqual([removed]);
    expect(failingChanges(changes, gatePredicate('warning'))).toEqual([removed, renamedId]);
    expect(failingChanges(changes, gatePredicate('never'))).toEqual([]);
  });

  it('takes extra modes from commands that know more, and refuses unknown ones', () => {
    const inUse = gatePredicate('breaking-in-use', { 'breaking-in-use': (c) => c.level === 'breaking' && c.operation?.path === '/books' });
    expect(inUse(removed)).toBe(false);
    expect(inUse({ ...removed, operation: { method: 'GET', path: '/books' } })).toBe(true);
    expect(() => gatePredicate('errors')).toThrowError(expect.objectContaining({ code: 'USAGE' }));
    expect(() => gatePredicate('toString')).toThrowError(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('isCalendarDate', () => {
  it('accepts real days only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-13-01')).toBe(false);
  });
});
