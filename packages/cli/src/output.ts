import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RollgateError } from '@rollgate/openapi';
import type { CliIo } from './cli.js';

/** Writes a command's result to `--output <file>` when given, else to stdout. */
export function writeResult(cli: CliIo, text: string, output?: string): void {
  if (output === undefined || output === '-') {
    cli.stdout.write(text);
    return;
  }
  const target = resolve(cli.cwd, output);
  try {
    makeParents(target);
    writeFileSync(target, text);
  } catch (error) {
    throw new RollgateError('USAGE', `cannot write --output file: ${(error as Error).message}`, { file: output });
  }
}

/**
 * Creates the missing directories above `file`, one level at a time from the nearest existing
 * one, so a path that cannot be created fails at once (Node 20's recursive mkdir spins forever
 * under /proc).
 */
function makeParents(file: string): void {
  const missing: string[] = [];
  for (let dir = dirname(file); !statSync(dir, { throwIfNoEntry: false }); dir = dirname(dir)) {
    missing.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing.reverse()) mkdirSync(dir);
}
