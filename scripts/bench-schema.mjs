#!/usr/bin/env node
// Measures the CPU time of each phase of `checkSpecs` on two releases of GitHub's REST API
// description: importing the package, loading (parse), building the models, the structural diff
// (where the schema comparison spends its time), the judgement, and the line lookup of every
// change (which the judgement asks for at its end, shown apart), beside the floor (JSON.parse of
// both files, in a process of its own). CPU time (process.cpuUsage, user + system)
// rather than wall time, so a loaded machine skews the figures less. Each run is a fresh process.
//
//   pnpm build && node scripts/bench-schema.mjs [--runs 5] [--base 17.0.0] [--revision 23.0.2] [--cpu-prof] [--dist DIR]
//
// With --cpu-prof the last run writes a V8 CPU profile (`node --cpu-prof`) to .cache/profiles/.
// --dist measures another build of @rollgate/openapi (a copy of packages/openapi/dist taken before a
// change, kept under packages/openapi/node_modules/ so its dependencies resolve) for before/after figures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cache, githubDescription, root, specOptions } from './lib/octokit-specs.mjs';

const { values: args } = parseArgs({
  options: {
    ...specOptions,
    'cpu-prof': { type: 'boolean', default: false },
    child: { type: 'boolean', default: false },
    floor: { type: 'boolean', default: false },
    dist: { type: 'string', default: path.join(root, 'packages/openapi/dist') },
  },
  allowPositionals: true,
});

/** CPU milliseconds (user + system) spent since `since`. */
function cpuMs(since) {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

if (args.child && args.floor) {
  // The floor runs in a process of its own: its garbage would otherwise be collected, and counted,
  // in whichever phase comes next.
  const [a, b] = process.argv.slice(-2);
  const { readFileSync } = await import('node:fs');
  const t = process.cpuUsage();
  for (const f of [a, b]) JSON.parse(readFileSync(f, 'utf8'));
  process.stdout.write(JSON.stringify({ floor: cpuMs(t) }));
  process.exit(0);
}

if (args.child) {
  const [a, b] = process.argv.slice(-2);
  const phases = {};
  let t = process.cpuUsage();
  const openapi = await import(pathToFileURL(path.join(path.resolve(args.dist), 'index.js')).href);
  phases.import = cpuMs(t);
  t = process.cpuUsage();
  const specs = [await openapi.loadSpec(a), await openapi.loadSpec(b)];
  phases.load = cpuMs(t);
  let lines = 0;
  for (const spec of specs) {
    const linesOf = spec.linesOf;
    spec.linesOf = (pointers) => {
      const since = process.cpuUsage();
      const found = linesOf(pointers);
      lines += cpuMs(since);
      return found;
    };
  }
  t = process.cpuUsage();
  const [base, revision] = specs.map((s) => openapi.buildModel(s));
  phases.model = cpuMs(t);
  t = process.cpuUsage();
  const diff = openapi.diffSpecs(base, revision);
  phases.diff = cpuMs(t);
  t = process.cpuUsage();
  const changes = openapi.checkDiff(diff, { now: new Date('2026-01-01T00:00:00Z') });
  phases.check = cpuMs(t) - lines;
  phases.lines = lines;
  phases.changes = changes.length;
  process.stdout.write(JSON.stringify(phases));
  process.exit(0);
}

if (!existsSync(path.join(path.resolve(args.dist), 'index.js'))) {
  console.error(`${path.relative(root, path.resolve(args.dist))}/index.js is missing: run \`pnpm build\` first`);
  process.exit(2);
}
const a = githubDescription(args.base);
const b = githubDescription(args.revision);
const runs = Number(args.runs);
const results = [];
/** Runs one child process and returns the figures it prints. */
function child(flags, extra) {
  const r = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', ...extra, '--dist', args.dist, a, b], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  return JSON.parse(r.stdout);
}
for (let i = 0; i < runs; i++) {
  const profile = args['cpu-prof'] && i === runs - 1;
  const profDir = path.join(cache, 'profiles');
  if (profile) mkdirSync(profDir, { recursive: true });
  const flags = profile ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [];
  // The floor and the pipeline take turns, so both see the same load on a shared machine.
  results.push({ ...child([], ['--floor']), ...child(flags, []) });
}
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
console.log(`checkSpecs CPU time on @octokit/openapi ${args.base} -> ${args.revision}, median of ${runs} fresh processes (${path.relative(root, path.resolve(args.dist))})`);
for (const phase of ['import', 'floor', 'load', 'model', 'diff', 'check', 'lines']) {
  const label = {
    import: 'import @rollgate/openapi',
    floor: 'JSON.parse of both files (floor)',
    load: 'loadSpec x2',
    model: 'buildModel x2',
    diff: 'diffSpecs (structure + schemas)',
    check: 'checkDiff (rules)',
    lines: 'checkDiff: lines of the changes',
  }[phase];
  console.log(`${label.padEnd(36)}${median(results.map((r) => r[phase])).toFixed(0).padStart(7)} ms`);
}
console.log(`changes: ${results[0].changes}`);
