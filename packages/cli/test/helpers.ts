import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/main.js';

/** What one CLI run printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `rollgate <args>` in-process with captured output, a working directory and optional stdin. */
export async function rollgate(
  args: string[],
  options: { cwd: string; stdin?: string; env?: Record<string, string | undefined>; tty?: boolean },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(['node', 'rollgate', ...args], {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => {
      if (options.stdin === undefined) throw new Error('the test gave no stdin');
      return options.stdin;
    },
  });
  return { code, stdout, stderr };
}

/** A scratch directory, removed by the returned cleanup. */
export function scratch(prefix = 'rollgate-cli-'): { dir: string; write(name: string, text: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs git in a directory with a fixed identity, so commits work on any machine. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Rollgate Tests', '-c', 'user.email=tests@rollgate.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** A small API: three operations, one of them internal. */
export const BASE = `openapi: 3.0.3
info:
  title: Books
  version: 1.0.0
paths:
  /books:
    get:
      operationId: listBooks
      responses:
        '200':
          description: the books
  /books/{bookId}:
    get:
      operationId: getBook
      parameters:
        - name: bookId
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: one book
  /internal/jobs:
    get:
      operationId: listJobs
      responses:
        '200':
          description: the jobs
`;

/** BASE with GET /books/{bookId} removed (breaking) and the version bumped to 1.1.0. */
export const BREAKING = BASE.replace('version: 1.0.0', 'version: 1.1.0').replace(
  / {2}\/books\/\{bookId\}:[\s\S]*?description: one book\n/,
  '',
);

/** BASE with an operation added: compatible, a minor bump. */
export const COMPATIBLE = BASE.replace('version: 1.0.0', 'version: 1.1.0').replace(
  "  /internal/jobs:",
  `  /authors:
    get:
      operationId: listAuthors
      responses:
        '200':
          description: the authors
  /internal/jobs:`,
);

/** BASE with the internal operation removed (breaking, but a candidate for a waiver). */
export const INTERNAL_REMOVED = BASE.replace('version: 1.0.0', 'version: 2.0.0').replace(
  / {2}\/internal\/jobs:[\s\S]*$/,
  '',
);
