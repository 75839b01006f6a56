#!/usr/bin/env node
// Benchmarks the report writers of `rollgate diff` on a large real report: GitHub's REST API
// description 17.0.0 against 23.0.2 (thousands of changes). Each writer's median time is printed
// beside the floor, `JSON.stringify` of the same report, which every format has to beat or match
// within a small factor since each one walks the same changes once.
//
//   pnpm -s build && node scripts/bench-report.mjs [--runs 5]
//
// The two descriptions come from the cache `pnpm bench:diff` fills (.cache/octokit/<version>).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cachedGithubDescription, root } from './lib/octokit-specs.mjs';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(args.runs);

function description(version) {
  const found = cachedGithubDescription(version);
  if (found) return found;
  console.error(`no @octokit/openapi@${version} in .cache/octokit: run \`pnpm bench:diff\` once to fetch it`);
  process.exit(2);
}

const { compareSpecs, gatePredicate, loadSpec, renderDiff, DIFF_FORMATS } = await import(
  path.join(root, 'packages/openapi/dist/index.js')
);

const [base, revision] = await Promise.all([loadSpec(description('17.0.0')), loadSpec(description('23.0.2'))]);
const report = compareSpecs(base, revision);
const options = { fails: gatePredicate('breaking'), failOn: 'breaking', files: { base: 'base.json', revision: 'revision.json' } };

function median(fn) {
  const times = [];
  let size = 0;
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    size = fn().length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], size };
}

const floor = median(() => JSON.stringify(report));
console.log(`report: ${report.changes.length} changes; median of ${runs} runs per writer`);
console.log(`${'floor (JSON.stringify)'.padEnd(24)} ${floor.ms.toFixed(1).padStart(8)} ms  ${String(floor.size).padStart(9)} chars`);
for (const format of DIFF_FORMATS) {
  const result = median(() => renderDiff(report, format, options));
  const factor = (result.ms / floor.ms).toFixed(1);
  console.log(`${format.padEnd(24)} ${result.ms.toFixed(1).padStart(8)} ms  ${String(result.size).padStart(9)} chars  ${factor}x floor`);
}
