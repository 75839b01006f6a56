import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
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
      // Written as a secret mounted from a file reads: with its newline.
      env: { PATH: process.env.PATH ?? '', ROLLGATE_TOKEN: 'serve-secret\n' },
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
      const authorised = await fetch(`${url}/deployments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer serve-secret' }, body: '{}' });
      expect(authorised.status).toBe(400);
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

  /** Runs `rollgate serve` to its end and returns its exit code and stderr. */
  async function serveUntilExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` before these tests`);
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-serve-'));
    try {
      const child = spawn(process.execPath, [BIN, 'serve', '--db', join(dir, 'registry.db'), ...args], {
        env: { PATH: process.env.PATH ?? '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      return { code, stderr };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('names a busy port and the flag that fixes it, with exit code 2 and no stack', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const { code, stderr } = await serveUntilExit(['--port', String(port), '--log-level', 'silent']);
      expect(code).toBe(2);
      expect(stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is already in use`);
      expect(stderr).toContain('--port 0');
      expect(stderr).not.toContain('internal error');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 60_000);

  it('refuses an unknown log level and a zero body limit as usage errors', async () => {
    const level = await serveUntilExit(['--port', '0', '--log-level', 'loud']);
    expect(level.code).toBe(2);
    expect(level.stderr).toMatch(/'loud' is invalid\. Allowed choices are fatal, error, warn, info, debug, trace, silent/);
    const limit = await serveUntilExit(['--port', '0', '--body-limit', '0']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--body-limit must be an integer from 1 to');
  }, 60_000);
});
