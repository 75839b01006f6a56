// GitHub's REST API description, the real-world input of the benchmarks: `@octokit/openapi` at a
// given version, fetched with `npm pack` into .cache/octokit/<version>/ (git-ignored) and reused.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
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

/** The path of api.github.com.json in `@octokit/openapi@version`, fetched with npm pack into .cache/ when missing. */
export function githubDescription(version) {
  const found = cachedGithubDescription(version);
  if (found) return found;
  const dir = path.join(cache, 'octokit', version);
  mkdirSync(dir, { recursive: true });
  console.error(`fetching @octokit/openapi@${version} ...`);
  const tarball = execFileSync('npm', ['pack', `@octokit/openapi@${version}`, '--pack-destination', dir, '--silent'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir]);
  const file = cachedGithubDescription(version);
  if (!file) throw new Error(`@octokit/openapi@${version} has no api.github.com.json`);
  return file;
}
