import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiffReport } from '@rollgate/openapi';
import { BASE, BREAKING, COMPATIBLE, INTERNAL_REMOVED, git, rollgate, scratch } from './helpers.js';

let tmp: ReturnType<typeof scratch>;
beforeEach(() => {
  tmp = scratch();
  tmp.write('base.yaml', BASE);
  tmp.write('breaking.yaml', BREAKING);
  tmp.write('compatible.yaml', COMPATIBLE);
  tmp.write('internal.yaml', INTERNAL_REMOVED);
});
afterEach(() => tmp.cleanup());

describe('rollgate diff: exit codes', () => {
  it('exits 0 on a compatible change and says why', async () => {
    const result = await rollgate(['diff', 'base.yaml', 'compatible.yaml'], { cwd: tmp.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('GET /authors');
    expect(result.stdout).toContain('[operation-added]');
    expect(result.stdout).toMatch(/Gate: +passed/);
    expect(result.stdout).toContain('the changes call for a minor bump; info.version 1.0.0 to 1.1.0 is a minor bump.');
    expect(result.stderr).toBe('');
  });

  it('exits 1 on a breaking change, pointing at the line in the base file', async () => {
    const result = await rollgate(['diff', 'base.yaml', 'breaking.yaml'], { cwd: tmp.dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[operation-removed]');
    expect(result.stdout).toContain('(base.yaml:13)');
    expect(result.stdout).toMatch(/Gate: +FAILED, 1 change fails --fail-on breaking/);
  });

  it('follows --fail-on', async () => {
    expect((await rollgate(['diff', 'base.yaml', 'breaking.yaml', '--fail-on', 'never'], { cwd: tmp.dir })).code).toBe(0);
    const renamed = tmp.write('renamed.yaml', BASE.replace('operationId: listBooks', 'operationId: listAllBooks'));
    expect((await rollgate(['diff', 'base.yaml', renamed], { cwd: tmp.dir })).code).toBe(0);
    expect((await rollgate(['diff', 'base.yaml', renamed, '--fail-on', 'warning'], { cwd: tmp.dir })).code).toBe(1);
  });

  it('exits 2 on usage errors: unknown flag, unknown format or fail-on, missing argument', async () => {
    for (const args of [
      ['diff', 'base.yaml', 'breaking.yaml', '--frobnicate'],
      ['diff', 'base.yaml', 'breaking.yaml', '--format', 'xml'],
      ['diff', 'base.yaml', 'breaking.yaml', '--fail-on', 'sometimes'],
      ['diff', 'base.yaml'],
      ['no-such-command'],
    ]) {
      const result = await rollgate(args, { cwd: tmp.dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr, args.join(' ')).toMatch(/error: /);
    }
  });

  it('exits 2 with the file and line when a document is broken', async () => {
    tmp.write('broken.yaml', 'openapi: 3.0.3\ninfo:\n  title: x\n  version: 1.0.0\npaths:\n  /a: [unclosed\n');
    const result = await rollgate(['diff', 'base.yaml', 'broken.yaml'], { cwd: tmp.dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^rollgate: broken\.yaml:\d+: /);
    expect(result.stderr).not.toMatch(/broken\.yaml:\d+: broken\.yaml/);
  });

  it('validates against the OpenAPI schema only with --validate', async () => {
    tmp.write('loose.yaml', BASE.replace('description: the books', 'descriptionn: the books'));
    expect((await rollgate(['diff', 'loose.yaml', 'loose.yaml'], { cwd: tmp.dir })).code).toBe(0);
    const result = await rollgate(['diff', 'loose.yaml', 'loose.yaml', '--validate'], { cwd: tmp.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^rollgate: loose\.yaml(:\d+)?: .* \[SPEC_INVALID\]\n/);
    expect(result.stderr).toContain("must have required property 'description'");
  });

  it('refuses remote $refs without --allow-remote-refs, naming the line', async () => {
    tmp.write('remote.yaml', BASE.replace("          description: one book\n", "          $ref: 'https://example.invalid/responses.yaml#/OneBook'\n"));
    const result = await rollgate(['diff', 'base.yaml', 'remote.yaml'], { cwd: tmp.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^rollgate: remote\.yaml:\d+: remote \$ref "https:\/\/example\.invalid\/responses\.yaml#\/OneBook" is not followed without --allow-remote-refs/);
  });

  it('exits 2 when a file does not exist', async () => {
    const result = await rollgate(['diff', 'base.yaml', 'nope.yaml'], { cwd: tmp.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nope.yaml');
  });

  it('prints help and the version with exit 0', async () => {
    const help = await rollgate(['diff', '--help'], { cwd: tmp.dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: rollgate diff [options] <base> <revision>');
    expect(help.stdout).toContain('--fail-on <level>');
    expect(help.stdout).toContain('Exit codes: 0 the gate passed, 1 the gate failed, 2 bad input or usage.');
    const version = await rollgate(['--version'], { cwd: tmp.dir });
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const root = await rollgate(['--help'], { cwd: tmp.dir });
    for (const command of ['diff', 'changelog', 'rules']) expect(root.stdout).toContain(`  ${command}`);
  });
});

describe('rollgate diff: sources', () => {
  it('reads one side from stdin with -', async () => {
    const result = await rollgate(['diff', '-', 'breaking.yaml', '--format', 'json'], { cwd: tmp.dir, stdin: BASE });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DiffReport;
    expect(report.base.source).toBe('-');
    expect(report.changes.map((change) => change.id)).toContain('operation-removed');
  });

  it('refuses stdin for both sides', async () => {
    const result = await rollgate(['diff', '-', '-'], { cwd: tmp.dir, stdin: BASE });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('only one of <base> and <revision> can be "-"');
  });

  it('reads the base from a git revision', async () => {
    git(tmp.dir, 'init', '--quiet');
    writeFileSync(join(tmp.dir, 'api.yaml'), BASE);
    git(tmp.dir, 'add', 'api.yaml');
    git(tmp.dir, 'commit', '--quiet', '-m', 'base');
    writeFileSync(join(tmp.dir, 'api.yaml'), BREAKING);

    const result = await rollgate(['diff', 'HEAD:api.yaml', 'api.yaml', '--format', 'github'], { cwd: tmp.dir });
    expect(result.code).toBe(1);
    // The pull request shows the head's file, where the base's line 13 is another operation: the
    // removal is annotated at the nearest part the head still has, here `paths:` (line 5).
    expect(result.stdout).toContain('::error file=api.yaml,line=5,title=operation-removed::GET /books/{bookId}: ');
    const sarif = await rollgate(['diff', 'HEAD:api.yaml', 'api.yaml', '--format', 'sarif'], { cwd: tmp.dir });
    const location = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] })
      .runs[0]!.results.find((r) => r.ruleId === 'operation-removed')!.locations[0]!.physicalLocation;
    expect(location).toMatchObject({ artifactLocation: { uri: 'api.yaml' }, region: { startLine: 5 } });
    // Two different files keep the base file's own line for a removal.
    writeFileSync(join(tmp.dir, 'old.yaml'), BASE);
    const twoFiles = await rollgate(['diff', 'old.yaml', 'api.yaml', '--format', 'github'], { cwd: tmp.dir });
    expect(twoFiles.stdout).toContain('::error file=old.yaml,line=13,title=operation-removed::GET /books/{bookId}: ');

    const missing = await rollgate(['diff', 'HEAD:nope.yaml', 'api.yaml'], { cwd: tmp.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml');
  });
});

describe('rollgate diff: formats', () => {
  it('prints the JSON contract and nothing else on stdout', async () => {
    const result = await rollgate(['diff', 'base.yaml', 'breaking.yaml', '--format', 'json'], { cwd: tmp.dir });
    const report = JSON.parse(result.stdout) as DiffReport;
    expect(report.base).toEqual({ title: 'Books', version: '1.0.0', source: 'base.yaml' });
    expect(report.revision).toEqual({ title: 'Books', version: '1.1.0', source: 'breaking.yaml' });
    expect(report.summary.breaking).toBe(1);
    expect(report.semver).toEqual({ required: 'major', declared: 'minor', ok: false });
    const removed = report.changes.find((change) => change.id === 'operation-removed');
    expect(removed).toMatchObject({
      level: 'breaking',
      operation: { method: 'GET', path: '/books/{bookId}' },
      pointer: '/paths/~1books~1{bookId}/get',
      side: 'base',
      line: 13,
    });
    // The semver mismatch is a diagnostic, so it goes to stderr.
    expect(result.stderr).toContain('declares minor, the changes require major');
  });

  it('writes the report to --output instead of stdout', async () => {
    const result = await rollgate(['diff', 'base.yaml', 'breaking.yaml', '--format', 'markdown', '--output', 'out/report.md'], {
      cwd: tmp.dir,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const markdown = readFileSync(join(tmp.dir, 'out', 'report.md'), 'utf8');
    expect(markdown).toContain('### `GET /books/{bookId}`');
    expect(markdown).toContain('**Gate failed**');
  });

  it('names an --output path it cannot create, at once and with exit code 2', async () => {
    // Under /proc no directory can be made; a recursive mkdir there never returns on Node 20.
    const result = await rollgate(['diff', 'base.yaml', 'breaking.yaml', '--output', '/proc/rollgate-none/report.md'], { cwd: tmp.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot write --output file: ENOENT: no such file or directory, mkdir '/proc/rollgate-none'");
  });

  it('colours text only on a terminal without NO_COLOR', async () => {
    const args = ['diff', 'base.yaml', 'breaking.yaml'];
    expect((await rollgate(args, { cwd: tmp.dir, tty: true })).stdout).toContain('\u001b[');
    expect((await rollgate(args, { cwd: tmp.dir, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await rollgate(args, { cwd: tmp.dir, tty: false })).stdout).not.toContain('\u001b[');
  });

  it('writes parseable junit and sarif', async () => {
    const junit = await rollgate(['diff', 'base.yaml', 'breaking.yaml', '--format', 'junit'], { cwd: tmp.dir });
    expect(junit.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="rollgate" tests="\d+" failures="1"/);
    const sarif = JSON.parse((await rollgate(['diff', 'base.yaml', 'breaking.yaml', '--format', 'sarif'], { cwd: tmp.dir })).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.name).toBe('rollgate');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('base.yaml');
  });
});

describe('rollgate diff: policy', () => {
  it('applies a waiver from rollgate.yaml found in the working directory', async () => {
    tmp.write('rollgate.yaml', 'waivers:\n  - operations: ["GET /internal/**"]\n    reason: no external clients\n');
    const result = await rollgate(['diff', 'base.yaml', 'internal.yaml', '--format', 'json'], { cwd: tmp.dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DiffReport;
    expect(report.summary.breaking).toBe(0);
    expect(report.changes.find((change) => change.id === 'operation-removed')?.waived).toEqual({ reason: 'no external clients' });
  });

  it('reports an expired waiver on stderr and in JSON, and the change fails again', async () => {
    tmp.write('policy.yaml', "waivers:\n  - rules: [operation-removed]\n    reason: migrating\n    until: '2001-01-01'\n");
    const result = await rollgate(['diff', 'base.yaml', 'internal.yaml', '--format', 'json', '--config', 'policy.yaml'], { cwd: tmp.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rollgate: policy.yaml:2: waiver "migrating" expired on 2001-01-01 and no longer applies (1 change it covered now counts)');
    const report = JSON.parse(result.stdout) as DiffReport;
    expect(report.expiredWaivers).toEqual([
      { rules: ['operation-removed'], reason: 'migrating', until: '2001-01-01', file: 'policy.yaml', line: 2, matched: 1 },
    ]);
    const github = await rollgate(['diff', 'base.yaml', 'internal.yaml', '--format', 'github', '--config', 'policy.yaml'], { cwd: tmp.dir });
    expect(github.stdout).toContain('::warning file=policy.yaml,line=2,title=expired waiver::Waiver "migrating" ended on 2001-01-01');
  });

  it('reports an expired waiver once in text mode: on stderr, not in the report on stdout', async () => {
    tmp.write('policy.yaml', "waivers:\n  - rules: [operation-removed]\n    reason: migrating\n    until: '2001-01-01'\n");
    const result = await rollgate(['diff', 'base.yaml', 'internal.yaml', '--config', 'policy.yaml'], { cwd: tmp.dir });
    expect(result.code).toBe(1);
    expect(result.stderr.match(/migrating/g)).toHaveLength(1);
    expect(result.stderr).toContain('policy.yaml:2: waiver "migrating" expired on 2001-01-01');
    expect(result.stdout).not.toContain('migrating');
    expect(result.stdout).not.toMatch(/expired/i);
    expect(result.stdout).toContain('Gate:    FAILED, 1 change fails --fail-on breaking');
  });

  it('takes failOn from rollgate.yaml, and --fail-on over it', async () => {
    tmp.write('rollgate.yaml', 'failOn: never\n');
    const never = await rollgate(['diff', 'base.yaml', 'breaking.yaml'], { cwd: tmp.dir });
    expect(never.code).toBe(0);
    expect(never.stdout).toContain('Gate:    passed, no change fails --fail-on never');
    const flag = await rollgate(['diff', 'base.yaml', 'breaking.yaml', '--fail-on', 'breaking'], { cwd: tmp.dir });
    expect(flag.code).toBe(1);
    expect(flag.stdout).toContain('1 change fails --fail-on breaking');

    tmp.write('rollgate.yaml', 'failOn: warning\nrules:\n  operation-removed: warning\n');
    const warning = await rollgate(['diff', 'base.yaml', 'breaking.yaml', '--format', 'junit'], { cwd: tmp.dir });
    expect(warning.code).toBe(1);
    expect(warning.stdout).toContain('<property name="fail-on" value="warning"/>');
    expect((await rollgate(['diff', 'base.yaml', 'breaking.yaml', '--fail-on', 'breaking'], { cwd: tmp.dir })).code).toBe(0);
  });

  it('exits 2 on a bad failOn in rollgate.yaml, and on failOn: breaking-in-use without --service', async () => {
    tmp.write('rollgate.yaml', 'rules: {}\nfailOn: sometimes\n');
    const bad = await rollgate(['diff', 'base.yaml', 'breaking.yaml'], { cwd: tmp.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('rollgate: rollgate.yaml:2: failOn: must be one of breaking, warning, never, breaking-in-use [CONFIG_INVALID]\n');

    tmp.write('rollgate.yaml', '# consumer-aware gate\nfailOn: breaking-in-use\n');
    const inUse = await rollgate(['diff', 'base.yaml', 'breaking.yaml'], { cwd: tmp.dir });
    expect(inUse.code).toBe(2);
    expect(inUse.stderr).toMatch(/^rollgate: rollgate\.yaml:2: failOn: breaking-in-use needs --service .* \[USAGE\]\n$/);
    // The flag wins over the file, so a run without a registry can still gate.
    expect((await rollgate(['diff', 'base.yaml', 'breaking.yaml', '--fail-on', 'never'], { cwd: tmp.dir })).code).toBe(0);
  });

  it('applies per-rule levels', async () => {
    tmp.write('rollgate.yaml', 'rules:\n  operation-removed: warning\n');
    expect((await rollgate(['diff', 'base.yaml', 'breaking.yaml'], { cwd: tmp.dir })).code).toBe(0);
    expect((await rollgate(['diff', 'base.yaml', 'breaking.yaml', '--fail-on', 'warning'], { cwd: tmp.dir })).code).toBe(1);
  });

  it('exits 2 on an invalid config, naming file, line and field', async () => {
    tmp.write('rollgate.yaml', 'waivers:\n  - rules: [operation-removed]\n    until: 2030-01-01\n');
    const result = await rollgate(['diff', 'base.yaml', 'breaking.yaml'], { cwd: tmp.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('rollgate: rollgate.yaml:2: waivers[0].reason: is mandatory: say why the change is acceptable [CONFIG_INVALID]\n');
  });
});

describe('rollgate changelog', () => {
  it('lists every change grouped by operation and never fails the gate', async () => {
    const result = await rollgate(['changelog', 'base.yaml', 'breaking.yaml'], { cwd: tmp.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\nGET /books/{bookId}\n  breaking  ');
    const json = JSON.parse((await rollgate(['changelog', 'base.yaml', 'compatible.yaml', '-f', 'json'], { cwd: tmp.dir })).stdout);
    expect(json.operations.map((group: { operation: { path: string } | null }) => group.operation?.path ?? null)).toContain('/authors');
  });
});
