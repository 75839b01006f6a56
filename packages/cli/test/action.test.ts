import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BASE, BREAKING, COMPATIBLE, git, scratch } from './helpers.js';

// The composite action's gate step, run by bash as a runner would, against the built CLI of this checkout.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface ActionFile {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; name: string; run?: string; uses?: string; env?: Record<string, string> }[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionFile;
const gate = action.runs.steps.find((step) => step.id === 'diff')!;

interface Inputs {
  spec: string;
  'base-ref': string;
  'fail-on'?: string;
  config?: string;
  registry?: string;
  service?: string;
  token?: string;
}

function runGate(repo: string, runner: string, inputs: Inputs, jobEnv: Record<string, string> = {}) {
  const summary = join(runner, 'summary.md');
  const output = join(runner, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const result = spawnSync('bash', ['-c', gate.run!], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      NO_COLOR: '1',
      GITHUB_WORKSPACE: repo,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: runner,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: 'acme/books',
      GITHUB_SHA: 'f'.repeat(40),
      ACTION_PATH: ROOT,
      SPEC: inputs.spec,
      BASE_REF: inputs['base-ref'],
      FAIL_ON: inputs['fail-on'] ?? action.inputs['fail-on']!.default!,
      CONFIG: inputs.config ?? '',
      SERVICE: inputs.service ?? '',
      REGISTRY: inputs.registry ?? '',
      TOKEN: inputs.token ?? '',
      ...jobEnv,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, summary: readFileSync(summary, 'utf8'), output: readFileSync(output, 'utf8') };
}

describe('action.yml', () => {
  let tmp: ReturnType<typeof scratch>;
  let repo: string;
  let runner: string;
  let baseSha: string;

  beforeEach(() => {
    if (!existsSync(join(ROOT, 'packages/cli/dist/bin.js'))) throw new Error('run `pnpm build` before these tests');
    tmp = scratch('rollgate-action-');
    repo = join(tmp.dir, 'repo');
    runner = tmp.dir;
    git(tmp.dir, 'init', '--quiet', 'repo');
    writeFileSync(join(repo, 'openapi.yaml'), BASE);
    git(repo, 'add', 'openapi.yaml');
    git(repo, 'commit', '--quiet', '-m', 'base');
    baseSha = git(repo, 'rev-parse', 'HEAD').trim();
  });
  afterEach(() => tmp.cleanup());

  it('declares the documented inputs and passes them to the gate through the environment only', () => {
    expect(Object.keys(action.inputs)).toEqual(['spec', 'base-ref', 'fail-on', 'config', 'registry', 'service', 'token']);
    // Empty, so rollgate.yaml's failOn applies unless the workflow sets the input.
    expect(action.inputs['fail-on']!.default).toBe('');
    expect(action.inputs['base-ref']!.default).toBe('${{ github.event.pull_request.base.sha }}');
    expect(action.runs.using).toBe('composite');
    // Inputs pasted into a script would let a crafted path or ref inject shell code.
    for (const step of action.runs.steps) expect(step.run ?? '', step.name).not.toMatch(/\$\{\{\s*inputs\./);
    expect(action.outputs.result!.value).toBe('${{ steps.diff.outputs.result }}');
  });

  it('fails on a breaking change with annotations and a Markdown summary', () => {
    writeFileSync(join(repo, 'openapi.yaml'), BREAKING);
    const result = runGate(repo, runner, { spec: 'openapi.yaml', 'base-ref': baseSha });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error file=openapi.yaml,line=5,title=operation-removed::GET /books/{bookId}');
    expect(result.summary).toContain('**Gate failed**');
    expect(result.summary).toContain('### `GET /books/{bookId}`');
    // The removal links to its line in the base commit.
    expect(result.summary).toContain(`[\`base openapi.yaml:13\`](<https://github.example/acme/books/blob/${baseSha}/openapi.yaml#L13>)`);
    expect(result.output).toBe('result=failed\n');
  });

  it('passes on a compatible change, and with fail-on never', () => {
    writeFileSync(join(repo, 'openapi.yaml'), COMPATIBLE);
    const compatible = runGate(repo, runner, { spec: './openapi.yaml', 'base-ref': baseSha });
    expect(compatible.code).toBe(0);
    expect(compatible.output).toBe('result=passed\n');
    expect(compatible.summary).toContain('**Gate passed**');

    writeFileSync(join(repo, 'openapi.yaml'), BREAKING);
    expect(runGate(repo, runner, { spec: 'openapi.yaml', 'base-ref': baseSha, 'fail-on': 'never' }).code).toBe(0);
  });

  it('passes when the base revision has no such file yet, and refuses a missing base-ref', () => {
    writeFileSync(join(repo, 'new.yaml'), BASE);
    const fresh = runGate(repo, runner, { spec: 'new.yaml', 'base-ref': baseSha });
    expect(fresh.code).toBe(0);
    expect(fresh.summary).toContain('The base revision has no `new.yaml`');

    const noBase = runGate(repo, runner, { spec: 'openapi.yaml', 'base-ref': '' });
    expect(noBase.code).toBe(2);
    expect(noBase.stdout).toContain('::error title=rollgate::no base-ref');
  });

  it('uses the config input', () => {
    writeFileSync(join(repo, 'openapi.yaml'), BREAKING);
    writeFileSync(join(repo, 'gate.yaml'), 'waivers:\n  - operations: ["GET /books/*"]\n    reason: single-page app ships with the API\n');
    const result = runGate(repo, runner, { spec: 'openapi.yaml', 'base-ref': baseSha, config: 'gate.yaml' });
    expect(result.code).toBe(0);
    expect(result.summary).toContain('single-page app ships with the API');
  });

  it("takes failOn from the repository's rollgate.yaml unless the fail-on input is set", () => {
    writeFileSync(join(repo, 'openapi.yaml'), BREAKING);
    writeFileSync(join(repo, 'rollgate.yaml'), 'failOn: never\n');
    const fromConfig = runGate(repo, runner, { spec: 'openapi.yaml', 'base-ref': baseSha });
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.summary).toContain('no change fails --fail-on never');
    expect(runGate(repo, runner, { spec: 'openapi.yaml', 'base-ref': baseSha, 'fail-on': 'breaking' }).code).toBe(1);
  });

  it('asks the registry input, over a ROLLGATE_URL of the job, when service is set', () => {
    writeFileSync(join(repo, 'openapi.yaml'), BREAKING);
    // Nothing listens on port 9 here: the error names the registry the input gave, not the job's.
    const result = runGate(
      repo,
      runner,
      { spec: 'openapi.yaml', 'base-ref': baseSha, service: 'Books', registry: 'http://127.0.0.1:9' },
      { ROLLGATE_URL: 'http://127.0.0.1:8' },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('127.0.0.1:9');
    expect(result.stderr).not.toContain('127.0.0.1:8');
  });
});
