#!/usr/bin/env node
import { readFileSync, statSync } from 'node:fs';
import type * as Main from './main.js';

// `rollgate diff ... | head` closes the pipe early; that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

/**
 * True when `pnpm build` bundled the CLI (scripts/bundle-cli.mjs) and no compiled package has
 * changed since: `tsc -b` alone leaves the bundle behind, and running it then would run old code.
 * The bundle lists the files whose change makes it stale, with their modification times then.
 */
function bundleIsCurrent(): boolean {
  const manifest = new URL('../bundle/manifest.json', import.meta.url);
  let builtFrom: Record<string, number>;
  try {
    builtFrom = (JSON.parse(readFileSync(manifest, 'utf8')) as { builtFrom: Record<string, number> }).builtFrom;
  } catch {
    return false;
  }
  return Object.entries(builtFrom).every(([file, mtimeMs]) => statSync(new URL(file, manifest), { throwIfNoEntry: false })?.mtimeMs === mtimeMs);
}

try {
  // A few bundled files start faster than the ~70 modules they are built from (module
  // resolution, package.json lookups and a compile per file); the modules remain the fallback.
  const { run } = (await import(bundleIsCurrent() ? '../bundle/main.js' : './main.js')) as typeof Main;
  process.exitCode = await run(process.argv);
} catch (error) {
  // A bug, not bad input: say so with the stack, and never exit 1, which means "gate failed".
  process.stderr.write(`rollgate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
}
