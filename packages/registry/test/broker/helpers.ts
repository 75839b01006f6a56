import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';

/** The repository root, where `contracts/` lives. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The `pact` launcher of `@pact-foundation/pact-cli` (a Node script that runs the native binary). */
export const PACT_BIN = createRequire(import.meta.url).resolve('@pact-foundation/pact-cli/bin/pact.js');

/** A registry listening on a random local port, on a fresh SQLite file. */
export interface RunningRegistry {
  app: FastifyInstance;
  store: Store;
  url: string;
  dir: string;
  close(): Promise<void>;
}

/** Starts the whole registry app over real HTTP with a write token (and a read token when given). */
export async function startRegistry(writeToken: string, readToken?: string, options: { bodyLimit?: number } = {}): Promise<RunningRegistry> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rollgate-broker-'));
  const store = await openStore(path.join(dir, 'registry.db'));
  const app = await buildApp({ store, writeToken, ...(readToken ? { readToken } : {}), ...options, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the registry did not bind a TCP port');
  return {
    app,
    store,
    dir,
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What a command printed and how it exited. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (no shell), with a time limit so a hung client fails the test. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** Runs `pact broker <args>` against a registry, as a pipeline would (PACT_BROKER_* variables). */
export function pactBroker(registry: { url: string }, token: string, args: string[]): Promise<RunResult> {
  return run(process.execPath, [PACT_BIN, 'broker', ...args], {
    PACT_BROKER_BASE_URL: registry.url,
    PACT_BROKER_TOKEN: token,
    NO_COLOR: '1',
  });
}

/** Removes ANSI colours so assertions read the text. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
