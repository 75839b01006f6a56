import { readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { Option } from 'commander';
// Types only: every run loads this module, and `--version` or help should not load the library.
import type { RollgateError } from '@rollgate/openapi';

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

/** A stream the CLI writes to. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** The outside world of one CLI run; tests pass their own to run commands in-process. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Reads all of standard input (for the source `-`). */
  readStdin(): Promise<string>;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** What a command receives: the io, plus the exit code it sets. */
export interface Cli extends CliIo {
  /** The exit code `run` returns; commands raise it to `EXIT.failed` when their gate fails. */
  exitCode: number;
}

/** The package version, read at run time so `src` and `dist` agree. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** Reads standard input to the end. */
export async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The io of a real process. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, readStdin: readProcessStdin, cwd: process.cwd(), env: process.env };
}

/** A `--format` option restricted to the command's formats; an unknown value is a usage error (exit 2). */
export function formatOption<const T extends string>(formats: readonly T[], defaultFormat: T): Option {
  return new Option('-f, --format <format>', 'output format').choices(formats).default(defaultFormat);
}

/** True when text output may use colour: stdout is a terminal and NO_COLOR is unset or empty. */
export function useColor(cli: CliIo): boolean {
  return Boolean(cli.stdout.isTTY) && !cli.env.NO_COLOR;
}

/** Writes a diagnostic line to stderr, never to stdout (which carries the result). */
export function diagnostic(cli: CliIo, message: string): void {
  cli.stderr.write(`rollgate: ${message}\n`);
}

/** A path for messages: relative to the working directory when it is inside it. */
export function displayPath(cli: CliIo, file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cli.cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

/** `file:line:column: message [CODE]`, without repeating a file name the message already starts with. */
export function formatRollgateError(cli: CliIo, error: RollgateError): string {
  const { file, line, column } = error.details;
  let message = error.message;
  let where = '';
  if (file !== undefined) {
    // Loader messages already start with `file:line: `; keep one copy of the location.
    const repeated = message.startsWith(file) ? /^(:\d+){0,2}: /.exec(message.slice(file.length)) : null;
    if (repeated) message = message.slice(file.length + repeated[0].length);
    where = displayPath(cli, file);
    if (line !== undefined) where += `:${line}${column !== undefined ? `:${column}` : ''}`;
    where += ': ';
  }
  // The code ends the first line, so multi-line messages (validation errors) stay readable.
  const newline = message.indexOf('\n');
  return newline === -1
    ? `${where}${message} [${error.code}]`
    : `${where}${message.slice(0, newline)} [${error.code}]${message.slice(newline).trimEnd()}`;
}
