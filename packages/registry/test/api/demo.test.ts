import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

// The README's main command, end to end: the built CLI and registry, in their own processes.
const BUILT = [path.join(ROOT, 'packages/cli/dist/bin.js'), path.join(ROOT, 'packages/registry/dist/index.js')];

function runDemo(db: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/demo.mjs', '--exit', '--port', '0', '--db', db], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the demo', () => {
  it('publishes the example system and shows the rollback refused in production and allowed in staging', async () => {
    for (const file of BUILT) if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm build\` before this test`);
    const dir = mkdtempSync(path.join(tmpdir(), 'rollgate-demo-'));
    try {
      const { code, output } = await runDemo(path.join(dir, 'registry.db'));
      expect(code, output).toBe(0);
      // The registry runs with a write token the CLI calls carry, so no log line warns of open writes.
      expect(output).toMatch(/^ {2}export ROLLGATE_URL=http:\/\/127\.0\.0\.1:\d+ ROLLGATE_TOKEN=[\w-]{24}$/m);
      expect(output).not.toMatch(/^\{"level"/m);
      const production = output.slice(output.indexOf('$ rollgate rollback-check --service A --environment production'));
      expect(production).toMatch(/^\$ rollgate rollback-check .*\nREFUSED: rollback A 2\.0\.0 -> 1\.0\.0 in production/);
      expect(production).toContain('B 2.0.0 -> A 1.0.0  GET /orders/{id}/tracking');
      expect(production).toMatch(/\(exit code 1\)\nsee it in the browser: http:\/\/127\.0\.0\.1:\d+\/ui\/rollback\?service=A&environment=production&to=1\.0\.0\n/);
      const staging = output.slice(output.indexOf('$ rollgate rollback-check --service A --environment staging'));
      expect(staging).toMatch(/^\$ rollgate rollback-check .*\nSAFE: rollback A 2\.0\.0 -> 1\.0\.0 in staging\n\(exit code 0\)/);
      expect(output).toMatch(/curl -s 'http:\/\/127\.0\.0\.1:\d+\/rollback-check\?service=A&environment=production&to=1\.0\.0'/);
      expect(output).toContain('"consumerVersion": "2.0.0"');
      expect(output).toMatch(/In the browser: http:\/\/127\.0\.0\.1:\d+\/ui\/ /);
      expect(output).toContain('registry stopped (--exit)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
