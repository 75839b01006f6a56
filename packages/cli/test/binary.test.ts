import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, BREAKING, COMPATIBLE, scratch } from './helpers.js';

// The real `rollgate` program as users run it: the built dist, in its own node process.
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

function rollgateBinary(args: string[], cwd: string, input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the built rollgate binary', () => {
  let tmp: ReturnType<typeof scratch>;
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` before these tests`);
    tmp = scratch();
    tmp.write('base.yaml', BASE);
    tmp.write('breaking.yaml', BREAKING);
    tmp.write('compatible.yaml', COMPATIBLE);
  });
  afterAll(() => tmp.cleanup());

  it('exits 0, 1 and 2 as documented', () => {
    expect(rollgateBinary(['diff', 'base.yaml', 'compatible.yaml'], tmp.dir).code).toBe(0);
    const failed = rollgateBinary(['diff', 'base.yaml', 'breaking.yaml'], tmp.dir);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('[operation-removed]');
    const usage = rollgateBinary(['diff', 'base.yaml', 'breaking.yaml', '--no-such-flag'], tmp.dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown option '--no-such-flag'");
  });

  it('reads the revision from a pipe and prints only JSON on stdout', () => {
    const result = rollgateBinary(['diff', 'base.yaml', '-', '--format', 'json'], tmp.dir, BREAKING);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { revision: { source: string }; summary: { breaking: number } };
    expect(report.revision.source).toBe('-');
    expect(report.summary.breaking).toBe(1);
  });

  it('names the file and line of a YAML syntax error and exits 2', () => {
    tmp.write('bad.yaml', 'openapi: 3.0.3\ninfo:\n  title: t\n  version: "1"\n   paths: {}\n');
    const result = rollgateBinary(['diff', 'base.yaml', 'bad.yaml'], tmp.dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^rollgate: bad\.yaml:5(:\d+)?: .+\n$/);
  });
});
