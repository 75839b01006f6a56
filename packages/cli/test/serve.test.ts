import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `rollgate serve` as operators run it: the built binary in its own process, stopped by a signal.
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

describe('rollgate serve', () => {
  it('serves on the port it reports, takes the token from the environment, and exits 0 on SIGTERM', async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` before these tests`);
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-serve-'));
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', join(dir, 'registry.db'), '--log-level', 'info'], {
      env: { PATH: process.env.PATH ?? '', ROLLGATE_TOKEN: 'serve-secret' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(stderr);
          if (match) resolve(match[1]!);
        });
        child.on('close', (code) => reject(new Error(`serve exited ${code} before listening: ${stderr}`)));
      });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const anonymous = await fetch(`${url}/deployments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(anonymous.status).toBe(401);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Structured pino lines: the start, the shutdown.
      const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; signal?: string });
      expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['registry started', 'shutting down']));
      expect(lines.find((line) => line.msg === 'shutting down')?.signal).toBe('SIGTERM');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
