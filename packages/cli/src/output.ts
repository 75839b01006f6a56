import { mkdirSync, writeFileSync } from 'node:fs';
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
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  } catch (error) {
    throw new RollgateError('USAGE', `cannot write --output file: ${(error as Error).message}`, { file: output });
  }
}
