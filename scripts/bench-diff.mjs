#!/usr/bin/env node
// Benchmarks `rollgate diff` on two releases of GitHub's REST API description (11-13 MB JSON,
// about a thousand operations, recursive schemas) against the floor (JSON.parse of both files in
// one process) and against peer tools installed from npm into .cache/peers.
//
//   pnpm bench:diff [--runs 5] [--no-peers] [--base 17.0.0] [--revision 23.0.2]
//
// Every figure is the median wall time and the peak RSS of a fresh process, over the runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, '.cache');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    base: { type: 'string', default: '17.0.0' },
    revision: { type: 'string', default: '23.0.2' },
    'no-peers': { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);

/** Fetches `@octokit/openapi@version` with npm pack and returns the path of its api.github.com.json. */
function githubDescription(version) {
  const dir = path.join(cache, 'octokit', version);
  const find = () => {
    const stack = [dir];
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
  };
  const found = find();
  if (found) return found;
  mkdirSync(dir, { recursive: true });
  console.error(`fetching @octokit/openapi@${version} ...`);
  const tarball = execFileSync('npm', ['pack', `@octokit/openapi@${version}`, '--pack-destination', dir, '--silent'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir]);
  const file = find();
  if (!file) throw new Error(`@octokit/openapi@${version} has no api.github.com.json`);
  return file;
}

/** Runs a command under GNU time: wall seconds and peak RSS in kilobytes. */
function measure(command, commandArgs, { cwd = root, okCodes = [0, 1] } = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...commandArgs], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const lines = result.stderr.trim().split('\n');
  const rssKb = Number(lines.pop());
  // Exit 1 means "changes found" for the diff tools, but only when they actually produced a report.
  if (!okCodes.includes(result.status) || (result.status !== 0 && result.stdout.trim() === '')) {
    const reason = lines.find((l) => /Error|error:/.test(l) && !/^\s+at /.test(l)) ?? lines.slice(-1)[0] ?? '';
    return { error: `exit ${result.status}: ${reason.trim().slice(0, 200)}` };
  }
  return { wall, rssKb, stdout: result.stdout };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a subject `runs` times and summarises; the first failure stops it. */
function bench(name, command, commandArgs, opts) {
  const walls = [];
  const rss = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const m = measure(command, commandArgs, opts);
    if (m.error) return { name, error: m.error };
    walls.push(m.wall);
    rss.push(m.rssKb);
    last = m.stdout;
  }
  return { name, wall: median(walls), rssMb: Math.max(...rss) / 1024, stdout: last };
}

function installPeer(dir, pkg) {
  const prefix = path.join(cache, 'peers', dir);
  const bin = (name) => path.join(prefix, 'node_modules', '.bin', name);
  if (!existsSync(path.join(prefix, 'node_modules', ...pkg.split('/')))) {
    mkdirSync(prefix, { recursive: true });
    console.error(`installing ${pkg} into ${path.relative(root, prefix)} ...`);
    const r = spawnSync('npm', ['install', '--prefix', prefix, pkg, '--no-audit', '--no-fund', '--loglevel', 'error'], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (r.status !== 0) {
      const reason = (r.stderr || '').split('\n').find((l) => /ENOTFOUND|FetchError/.test(l)) ?? (r.stderr || '').split('\n').find((l) => /error/.test(l)) ?? '';
      return { error: `npm install failed: ${reason.replace(/^npm error\s*/, '').slice(0, 200)}` };
    }
  }
  return { bin };
}

const a = githubDescription(args.base);
const b = githubDescription(args.revision);
const sizes = [a, b].map((f) => `${(statSync(f).size / 1e6).toFixed(1)} MB`).join(' and ');
console.log(`GitHub REST API description @octokit/openapi ${args.base} -> ${args.revision} (${sizes}), ${runs} runs each\n`);

const floorScript = path.join(cache, 'bench-floor.mjs');
writeFileSync(
  floorScript,
  `import { readFileSync } from 'node:fs';\nfor (const f of process.argv.slice(2)) JSON.parse(readFileSync(f, 'utf8'));\n`,
);

const cli = path.join(root, 'packages/cli/dist/bin.js');
if (!existsSync(cli)) {
  console.error('packages/cli/dist/bin.js is missing: run `pnpm build` first');
  process.exit(2);
}

const results = [];
results.push(bench('floor: JSON.parse of both files', process.execPath, [floorScript, a, b]));
const ours = bench('rollgate diff --format json', process.execPath, [cli, 'diff', a, b, '--format', 'json']);
results.push(ours);

if (!args['no-peers']) {
  const optic = installPeer('optic', '@useoptic/optic');
  if (optic.error) results.push({ name: 'optic diff', error: optic.error });
  else {
    results.push(
      bench('optic diff (@useoptic/optic)', optic.bin('optic'), ['diff', a, b, '--check', '--format', 'json', '--severity', 'error'], {
        okCodes: [0, 1],
        cwd: path.join(cache, 'peers', 'optic'),
      }),
    );
  }
  const changes = installPeer('openapi-changes', '@pb33f/openapi-changes');
  if (changes.error) results.push({ name: 'openapi-changes', error: changes.error });
  else {
    results.push(
      bench('openapi-changes summary (@pb33f/openapi-changes)', changes.bin('openapi-changes'), ['summary', '--no-logo', '--no-color', a, b], {
        okCodes: [0, 1],
      }),
    );
  }
}

const floor = results[0].wall;
const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('subject', 52)}${pad('median wall', 14)}${pad('x floor', 10)}peak RSS`);
for (const r of results) {
  if (r.error) {
    console.log(`${pad(r.name, 52)}did not run: ${r.error}`);
    continue;
  }
  console.log(`${pad(r.name, 52)}${pad(`${(r.wall * 1000).toFixed(0)} ms`, 14)}${pad(`${(r.wall / floor).toFixed(2)}x`, 10)}${r.rssMb.toFixed(0)} MB`);
}
if (ours.stdout) {
  const report = JSON.parse(ours.stdout);
  console.log(`\nrollgate found ${report.changes.length} changes: ${JSON.stringify(report.summary)}`);
}
const peers = results.slice(2).filter((r) => !r.error);
if (!ours.error) {
  const within = ours.wall <= 3 * floor;
  const fastest = peers.every((p) => ours.wall < p.wall);
  console.log(`target within 3x the parse floor: ${within ? 'met' : 'missed'}; faster than every peer that ran (${peers.length}): ${fastest ? 'yes' : 'no'}`);
}
