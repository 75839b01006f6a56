#!/usr/bin/env node
import { run } from './main.js';

// `rollgate diff ... | head` closes the pipe early; that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

try {
  process.exitCode = await run(process.argv);
} catch (error) {
  // A bug, not bad input: say so with the stack, and never exit 1, which means "gate failed".
  process.stderr.write(`rollgate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
}
